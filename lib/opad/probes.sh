# shellcheck shell=bash
# Ports and probes (bash's /dev/tcp, so no curl, nc or redis-cli is needed). Each probe runs in
# a child bash under `timeout` so that a peer that never answers cannot hang opad; the single
# quotes are deliberate, $1 and $2 are the child's arguments.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

# shellcheck disable=SC2016 # $1 and $2 are meant for the child bash, not expanded here
port_open() { # true when something accepts connections on 127.0.0.1:$1
	timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

free_port() { # prints the first port from $1 on that nobody listens on
	local port
	for ((port = $1; port < $1 + 200; port++)); do
		if ! port_open "$port"; then
			printf '%s' "$port"
			return 0
		fi
	done
	return 1
}

# shellcheck disable=SC2016 # $1 and $2 are meant for the child bash, not expanded here
redis_pong() { # true when a Redis on 127.0.0.1:$1 answers PING without asking for a password
	timeout 3 bash -c '
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf "PING\r\n" >&3
		IFS= read -r line <&3 && [[ $line == +PONG* ]]' _ "$1" 2>/dev/null
}

# shellcheck disable=SC2016 # $1 and $2 are meant for the child bash, not expanded here
http_status() { # prints the status code of GET http://127.0.0.1:$1$2, or nothing
	timeout 5 bash -c '
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf "GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n" "$2" >&3
		read -r _ code _ <&3 && printf "%s" "$code"' _ "$1" "$2" 2>/dev/null || true
}

# Masks the password in a URL such as redis://:secret@host:6379 before it is printed.
redact() { printf '%s' "$1" | sed -E 's#//([^/@]*)@#//***@#'; }
