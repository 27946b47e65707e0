# shellcheck shell=bash
# Checking every shell script with shellcheck, the first step of ./opad test.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

# Sets SHELLCHECK to a shellcheck binary, installing Debian's package when it is missing.
ensure_shellcheck() {
	SHELLCHECK=$(command -v shellcheck || true)
	if [[ -z $SHELLCHECK ]] && apt_install shellcheck; then
		SHELLCHECK=$(command -v shellcheck || true)
	fi
	[[ -n $SHELLCHECK ]] || die "shellcheck is not installed; install the Debian package shellcheck" \
		"(apt-get install shellcheck): ./opad test checks every shell script with it first."
}

# Prints, NUL-separated, the repository's files: those git tracks plus new ones it does not ignore,
# so that a script is checked from the moment it exists. Outside a git checkout (an unpacked
# archive), every file but build output, dependencies and opad's own state.
repository_files() {
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -z --cached --others --exclude-standard
	else
		find . \( -name .git -o -name target -o -name node_modules -o -name .opad -o -name data \) -prune \
			-o -type f -print0
	fi
}

# Prints, one a line, every file whose first line is a sh, bash, dash or ksh shebang (#!/bin/sh,
# #!/usr/bin/env bash, ...): the scripts, whatever their name. Files that are only sourced
# (lib/opad/*.sh) have no shebang; they are checked through the scripts that source them.
shell_scripts() {
	local file first
	while IFS= read -r -d '' file; do
		[[ -f $file ]] || continue # tracked but deleted in the work tree
		first=
		# 2>/dev/null: a binary file's NUL bytes make read warn.
		IFS= read -r -n 200 first <"$file" 2>/dev/null || true
		if [[ $first =~ ^#!.*[/[:space:]](ba|da|k)?sh([[:space:]]|$) ]]; then
			printf '%s\n' "${file#./}"
		fi
	done < <(repository_files)
}

# Runs shellcheck over every shell script, failing on any finding, of any severity. The files a
# script sources are checked in that script's context (--external-sources --check-sourced), where
# the variables they share are both set and used; .shellcheckrc says where sourced files are found.
check_shell_scripts() {
	local scripts=()
	ensure_shellcheck
	mapfile -t scripts < <(shell_scripts | sort)
	((${#scripts[@]})) || die "found no shell scripts to check in $ROOT"
	say "checking ${#scripts[@]} shell scripts with shellcheck: ${scripts[*]}"
	if ! "$SHELLCHECK" --external-sources --check-sourced "${scripts[@]}"; then
		die "shellcheck found problems in the shell scripts (above); fix them, or disable one check" \
			"on its line with the reason beside it (# shellcheck disable=SCxxxx # why)"
	fi
}
