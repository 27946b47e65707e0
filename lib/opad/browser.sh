# shellcheck shell=bash
# Chromium for the browser tests (e2e/src/test/java/dev/opad/e2e/browser). They drive Debian's
# chromium through Debian's chromedriver, a pair built from one source and so always matching; a
# test tool's own browser download cannot work where only Debian's mirrors are reachable.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

BROWSER_MISSING=
# Installs chromium and chromium-driver when the default ones are missing. Where that cannot be
# done the browser tests skip themselves, and opad says so before and after the run, because a
# skipped test is easily taken for a passed one.
ensure_browser() {
	local chromium=${OPAD_CHROMIUM:-/usr/bin/chromium} driver=${OPAD_CHROMEDRIVER:-/usr/bin/chromedriver}
	[[ -x $chromium && -x $driver ]] && return 0
	if [[ -z ${OPAD_CHROMIUM:-}${OPAD_CHROMEDRIVER:-} ]] && apt_install chromium chromium-driver &&
		[[ -x $chromium && -x $driver ]]; then
		return 0
	fi
	BROWSER_MISSING="no $chromium or $driver (install the Debian packages chromium and chromium-driver, or run ./opad test as root)"
	browser_banner "WILL BE"
}

browser_banner() { # $1: WILL BE or WERE
	[[ -n $BROWSER_MISSING ]] || return 0
	warn "*** BROWSER TESTS $1 SKIPPED: $BROWSER_MISSING ***"
}
