# shellcheck shell=bash
# Finding a JDK.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

MIN_JAVA=21

# Prints the feature version (17, 21, 25, ...) of a JDK home; fails if it is not a working JDK.
# javac is required too: a JRE cannot run the Maven build.
jdk_major() {
	local home=$1 line
	[[ -x $home/bin/java && -x $home/bin/javac ]] || return 1
	# grep rather than head: JAVA_TOOL_OPTIONS makes the JVM print a "Picked up" line first.
	line=$("$home/bin/java" -version 2>&1 | grep -m1 ' version "') || return 1
	[[ $line =~ version\ \"([0-9]+)(\.([0-9]+))? ]] || return 1
	if [[ ${BASH_REMATCH[1]} == 1 ]]; then # old "1.8.0" style
		printf '%s' "${BASH_REMATCH[3]}"
	else
		printf '%s' "${BASH_REMATCH[1]}"
	fi
}

# Sets JDK_HOME/JDK_MAJOR/JDK_FROM: JAVA_HOME if new enough, else the newest JDK under
# /usr/lib/jvm (Debian and Temurin packages install there), else the java on PATH.
find_jdk() {
	local major home best="" best_major=0 java_on_path
	if [[ -n ${JAVA_HOME:-} ]]; then
		if major=$(jdk_major "$JAVA_HOME") && ((major >= MIN_JAVA)); then
			JDK_HOME=$JAVA_HOME JDK_MAJOR=$major JDK_FROM=JAVA_HOME
			return 0
		fi
		say "JAVA_HOME ($JAVA_HOME) is not a JDK $MIN_JAVA+ (found: ${major:-none}); looking elsewhere"
	fi
	for home in "${OPAD_JVM_DIR:-/usr/lib/jvm}"/*; do
		[[ -d $home ]] || continue
		if major=$(jdk_major "$home") && ((major >= MIN_JAVA && major > best_major)); then
			best=$home best_major=$major
		fi
	done
	if [[ -n $best ]]; then
		JDK_HOME=$best JDK_MAJOR=$best_major JDK_FROM=${OPAD_JVM_DIR:-/usr/lib/jvm}
		return 0
	fi
	if java_on_path=$(command -v java); then
		home=$(dirname -- "$(dirname -- "$(readlink -f -- "$java_on_path")")")
		if major=$(jdk_major "$home") && ((major >= MIN_JAVA)); then
			JDK_HOME=$home JDK_MAJOR=$major JDK_FROM=PATH
			return 0
		fi
	fi
	return 1
}

ensure_jdk() {
	if ! find_jdk; then
		# Debian 12 has no JDK 21 package, so this mostly helps on newer Debian releases.
		if can_apt && apt_install openjdk-21-jdk-headless && find_jdk; then
			:
		else
			die "opad needs a JDK $MIN_JAVA or newer; none found in JAVA_HOME, /usr/lib/jvm or PATH." \
				"Install e.g. Temurin 21 and set JAVA_HOME."
		fi
	fi
	export JAVA_HOME=$JDK_HOME
	say "using Java $JDK_MAJOR from $JAVA_HOME (via $JDK_FROM)"
	# Maven's own Guice uses sun.misc.Unsafe, which JDK 24+ warns about at every start. The
	# flag that silences it does not exist before 24, so it cannot live in .mvn/jvm.config.
	if ((JDK_MAJOR >= 24)) && [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe-memory-access* ]]; then
		export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
	fi
}
