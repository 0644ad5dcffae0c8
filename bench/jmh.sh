#!/usr/bin/env bash
# bench/jmh.sh [JMH ARGS...]: builds gale-bench and runs its JMH benchmarks of the hot path with the GC
# profiler (ns/op and B/op), with the JVM flags the gale launcher uses. With no arguments, runs every
# benchmark with the settings in its annotations (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement); arguments
# are passed on to JMH, e.g.
#   bench/jmh.sh Recorder            only the recorder benchmark
#   bench/jmh.sh -l                  list the benchmarks
# Results: bench/results/jmh-<timestamp>.{txt,json}.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

# shellcheck source=scripts/jdk.sh
. "$root/scripts/jdk.sh"
use_java
command -v mvn >/dev/null || { echo "error: Maven (mvn) is not installed: apt-get install maven" >&2; exit 3; }
echo "building gale-bench ..." >&2
MAVEN_OPTS="$(maven_quiet_opts)" mvn -B -q -DskipTests -Dmaven.javadoc.skip=true package -pl gale-bench -am >&2

mkdir -p bench/results
stamp="$(date +%Y%m%d-%H%M%S)"
args=(-prof gc)
# Run the benchmarks as the launcher runs gale: Netty with sun.misc.Unsafe where the JDK allows it.
unsafe="$(unsafe_memory_flag)"
if [ -n "$unsafe" ]; then args+=(-jvmArgsAppend "$unsafe"); fi
args+=("$@")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee "bench/results/jmh-$stamp.txt"
"$JAVA_HOME/bin/java" -jar gale-bench/target/gale-benchmarks.jar "${args[@]}" \
  -rf json -rff "bench/results/jmh-$stamp.json" | tee -a "bench/results/jmh-$stamp.txt"
