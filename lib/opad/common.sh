# shellcheck shell=bash
# Messages, waiting and timing, used by every other file in lib/opad.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

say() { printf 'opad: %s\n' "$*"; }
warn() { printf 'opad: %s\n' "$*" >&2; }
die() {
	warn "$@"
	exit 1
}

# Retries a command every 0.2 s until it succeeds or the given seconds have passed.
wait_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		((SECONDS < deadline)) || return 1
		sleep 0.2
	done
}

process_gone() { ! kill -0 "$1" 2>/dev/null; }

# Microseconds since the epoch, for measuring how long a service took to become ready.
now_us() { printf '%s' "${EPOCHREALTIME/./}"; }
seconds_since() { # prints e.g. 4.2 for a start time taken with now_us
	local ms=$((($(now_us) - $1) / 1000))
	printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}
