# shellcheck shell=bash
# The AOT caches of the services.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

# JDK 25's AOT cache (JEP 483, 514, 515): the first start of a service after a build records the
# classes it loads and links and the profiles of its methods, and its JVM writes them to a cache
# when it stops (a few seconds more, once); every later start maps them from the cache instead of
# redoing that work (api 4.7 -> 3.1 s to ready, worker 3.2 -> 2.3 s on the 2-core machine; see
# BENCHMARKS.md, P5). The JVM checks that a cache matches the jars and options it runs with and
# ignores one that does not. Older JDKs start as before.
aot_cache() { printf '%s' "$ROOT/$1/target/quarkus-app/opad.aot"; }

aot_option() { # $1 module: prints the JVM option that uses its cache, or that records one
	local cache
	((JDK_MAJOR >= 25)) || return 0
	cache=$(aot_cache "$1")
	if [[ -f $cache && $cache -nt $ROOT/$1/target/quarkus-app/quarkus-run.jar ]]; then
		printf '%s' "-XX:AOTCache=$cache"
	else
		rm -f "$cache"
		printf '%s' "-XX:AOTCacheOutput=$cache"
	fi
}
