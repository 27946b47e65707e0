# shellcheck shell=bash
# Installing missing tools.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

can_apt() {
	[[ -z ${OPAD_NO_INSTALL:-} ]] && command -v apt-get >/dev/null || return 1
	[[ $EUID -eq 0 ]] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }
}

# apt-get as root: directly when opad runs as root, else through passwordless sudo (which would
# drop an exported DEBIAN_FRONTEND, hence env).
apt_get() {
	local command=(env DEBIAN_FRONTEND=noninteractive apt-get "$@")
	if [[ $EUID -ne 0 ]]; then command=(sudo -n "${command[@]}"); fi
	"${command[@]}"
}

APT_UPDATED=
# Installs Debian packages. A fresh machine may have empty package lists, so a failed install
# is retried once after `apt-get update` rather than paying for an update every time.
apt_install() {
	can_apt || return 1
	local log=$LOG_DIR/apt.log
	mkdir -p "$LOG_DIR"
	say "installing $* with apt-get (log: $log)"
	if apt_get install -y -q --no-install-recommends "$@" >>"$log" 2>&1; then
		return 0
	fi
	if [[ -z $APT_UPDATED ]]; then
		APT_UPDATED=1
		apt_get update -q >>"$log" 2>&1 || true
		apt_get install -y -q --no-install-recommends "$@" >>"$log" 2>&1 && return 0
	fi
	warn "apt-get could not install $* (see $log)"
	return 1
}
