# shellcheck shell=bash
# ./opad admin grant|revoke EMAIL.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

# ./opad admin grant|revoke EMAIL. Roles are never granted by registering an address: an operator
# grants them here, to an account that exists. opad_set_role (migration V8) finds the account by its
# stored email, changes the role and records the change in one statement; psql quotes the values.
cmd_admin() {
	local action=${1:-} email=${2:-} role by url host port db user answer
	case $action in
	grant) role='admin' ;;
	revoke) role='user' ;;
	*)
		warn "usage: ./opad admin grant|revoke EMAIL"
		exit 2
		;;
	esac
	if [[ -z $email || $# -ne 2 ]]; then
		warn "usage: ./opad admin $action EMAIL"
		exit 2
	fi
	ensure_psql || die "no psql client found or installable; install postgresql-client"
	url=${OPAD_DB_URL:-jdbc:postgresql://127.0.0.1:${OPAD_LOCAL_PG_PORT:-5432}/opad}
	[[ $url =~ ^jdbc:postgresql://([^/:?]+)(:([0-9]+))?/([^?]+) ]] ||
		die "OPAD_DB_URL is not a jdbc:postgresql://host[:port]/database URL: $(redact "$url")"
	host=${BASH_REMATCH[1]} port=${BASH_REMATCH[3]:-5432} db=${BASH_REMATCH[4]}
	user=${OPAD_DB_USER:-postgres}
	by="${SUDO_USER:-${USER:-$(id -un)}}@$(hostname) (./opad admin)"
	answer=$(PGPASSWORD=${OPAD_DB_PASSWORD:-} PGCONNECT_TIMEOUT=5 \
		"$PSQL" -X -w -q -A -t -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db" \
		-v email="$email" -v role="$role" -v by="$by" \
		<<<"SELECT opad_set_role(:'email', :'role', :'by');") ||
		die "could not set the role of $email in $db on $host:$port (is the email right, and the api migrated?)"
	say "$(date -u +%Y-%m-%dT%H:%M:%SZ) role of $email (account $answer) set to $role by $by;" \
		"it applies from the next login"
}
