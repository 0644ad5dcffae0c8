# jdk.sh: sourced by the gale launcher, scripts/test.sh and bench/jmh.sh. find_java prints the home of a
# JDK 21 or newer: JAVA_HOME when it is one, else the newest under /usr/lib/jvm; it exits 3 saying what to
# do when there is none. use_java exports it as JAVA_HOME.

java_major() { # prints the major version of the JDK whose java binary is $1, or nothing
  # The JDK's release file answers without starting a JVM (which would cost ~0.1 s of CPU per launch).
  local release; release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$release" | head -1
  else
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
  fi
}

find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do candidates+=("$d"); done
  local best="" best_v=0
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    local v; v="$(java_major "$home/bin/java")"; v="${v%%.*}"
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$home"; best_v="$v"; fi
    # JAVA_HOME wins when it is new enough
    if [ "$home" = "${JAVA_HOME:-}" ] && [ "$v" -ge 21 ]; then best="$home"; break; fi
  done
  if [ -z "$best" ]; then
    echo "error: gale needs a JDK 21 or newer; none found in JAVA_HOME or /usr/lib/jvm. Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
    exit 3
  fi
  echo "$best"
}

# use_java: sets JAVA_HOME to find_java's JDK and exports it; exits 3 when there is none. (Not
# 'export JAVA_HOME="$(find_java)"', whose status is export's, so a missing JDK would go unnoticed.)
use_java() {
  JAVA_HOME="$(find_java)" || exit 3
  export JAVA_HOME
}

# unsafe_memory_flag: prints --sun-misc-unsafe-memory-access=allow when the JDK at $JAVA_HOME has the option
# and does not allow the access by default (JDK 23 to 25), else nothing. With it, Netty (and Maven's Guava)
# use sun.misc.Unsafe without a warning; revisit when moving past JDK 25, where it is being phased out.
unsafe_memory_flag() {
  local v; v="$(java_major "$JAVA_HOME/bin/java")"; v="${v%%.*}"
  if [ "${v:-0}" -ge 23 ] && [ "${v:-0}" -le 25 ]; then
    echo "--sun-misc-unsafe-memory-access=allow"
  fi
}

# maven_quiet_opts: MAVEN_OPTS that keep Maven's own JDK 23+ warnings (Guava's use of sun.misc.Unsafe) off
# the console, for the JDK at $JAVA_HOME.
maven_quiet_opts() {
  echo "${MAVEN_OPTS:-} $(unsafe_memory_flag)"
}

# max_heap_mib FLAG...: prints the maximum heap in MiB (rounded down, at least 1) that the last -Xmx or
# -XX:MaxHeapSize among the JVM flags given sets, or nothing when none does or it cannot be read.
max_heap_mib() {
  local value="" flag
  for flag in "$@"; do
    case "$flag" in
      -Xmx*) value="${flag#-Xmx}" ;;
      -XX:MaxHeapSize=*) value="${flag#-XX:MaxHeapSize=}" ;;
    esac
  done
  local number="${value%[kKmMgGtT]}" unit="${value##*[0-9]}"
  [[ "$number" =~ ^[0-9]+$ ]] || return 0
  local bytes
  case "$unit" in
    "") bytes=$number ;;
    k | K) bytes=$((number * 1024)) ;;
    m | M) bytes=$((number * 1024 * 1024)) ;;
    g | G) bytes=$((number * 1024 * 1024 * 1024)) ;;
    t | T) bytes=$((number * 1024 * 1024 * 1024 * 1024)) ;;
    *) return 0 ;;
  esac
  local mib=$((bytes / 1024 / 1024))
  [ "$mib" -ge 1 ] || mib=1
  echo "$mib"
}
