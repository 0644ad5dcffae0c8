#!/usr/bin/env bash
# bench/compare.sh: gale against wrk (closed model) and h2load (open model) on this machine, against a
# private loopback nginx that serves a 13-byte body. Requests are counted by nginx's stub_status, never by
# the tools; generator CPU is user+sys of the whole generator process (JVM start and JIT warm-up included
# for gale), measured by /usr/bin/time.
#
#   bench/compare.sh                 3 closed pairs of 20 s (wrk, gale alternately), open model at 5,000 and
#                                    20,000 req/s for 30 s (gale, h2load --rps), then the verdict
#   bench/compare.sh --quick         the same with 5 s runs (development; the verdict is only indicative)
#   bench/compare.sh --help          every option
#
# Exit codes: 0 every target met, 1 a target missed, 2 invalid option, 3 environment (tools, build, nginx).
# Results (each tool's output, a TSV of all runs, the summary) go to bench/results/<timestamp>/.
# GALE_JAVA_OPTS is passed to the gale launcher, to compare JVM flags.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
argv="$*"

# ---- targets (from the issue "The core: a single-node load generator that tells the truth, fast")
MAX_CPU_RATIO=2.0        # closed model: gale CPU per request <= 2.0 x wrk's
MIN_RPS_RATIO=0.8        # closed model: gale req/s >= 0.8 x wrk's
MAX_RATE_ERROR=0.005     # open model: achieved rate within 0.5% of the target
MAX_OPEN_CPU_RATIO=1.0   # open model: gale CPU per request <= h2load's at the same rate

pairs=3
closed_secs=20
open_secs=30
open_pairs=1
rates="5000 20000"
tick="2ms"               # also run gale --tick at each rate (h2load-like batches; for reference, not a target)
connections=64
threads=2
do_closed=1
do_open=1
with_hey=0
out=""

usage() {
  cat <<EOF
usage: bench/compare.sh [options]
  --pairs N            closed-model pairs (wrk then gale), default $pairs
  --duration S         seconds per closed-model run, default $closed_secs
  --open-duration S    seconds per open-model run, default $open_secs
  --open-pairs N       open-model pairs (gale then h2load) per rate, default $open_pairs
  --rates 'R1 R2 ...'  open-model total rates in req/s, default '$rates'
  --tick T             also run gale --tick T at each rate (reference, no target), default $tick; 0 = skip
  --connections N      connections for every tool, default $connections
  --threads N          threads for every tool, default $threads
  --quick              5 s runs everywhere (development only)
  --closed-only        skip the open model
  --open-only          skip the closed model
  --with-hey           also run hey -c N once per closed pair (for reference; no target)
  --out DIR            results directory, default bench/results/<timestamp>
Environment: GALE_JAVA_OPTS (extra JVM flags for gale), JAVA_HOME (the JDK the launcher uses).
EOF
}

die() { echo "error: $1" >&2; exit "${2:-3}"; }
is_uint() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -gt 0 ]; }

while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) is_uint "${2:-}" || die "--pairs must be a positive integer (got '${2:-}')" 2; pairs=$2; shift ;;
    --duration) is_uint "${2:-}" || die "--duration must be whole seconds > 0 (got '${2:-}')" 2; closed_secs=$2; shift ;;
    --open-duration) is_uint "${2:-}" || die "--open-duration must be whole seconds > 0 (got '${2:-}')" 2; open_secs=$2; shift ;;
    --open-pairs) is_uint "${2:-}" || die "--open-pairs must be a positive integer (got '${2:-}')" 2; open_pairs=$2; shift ;;
    --rates) rates="${2:-}"; for r in $rates; do is_uint "$r" || die "--rates takes positive integers (got '$r')" 2; done
             [ -n "$rates" ] || die "--rates is empty" 2; shift ;;
    --tick) [ -n "${2:-}" ] || die "--tick needs a duration such as 2ms, or 0" 2; tick=$2; shift ;;
    --connections) is_uint "${2:-}" || die "--connections must be a positive integer (got '${2:-}')" 2; connections=$2; shift ;;
    --threads) is_uint "${2:-}" || die "--threads must be a positive integer (got '${2:-}')" 2; threads=$2; shift ;;
    --quick) closed_secs=5; open_secs=5 ;;
    --closed-only) do_open=0 ;;
    --open-only) do_closed=0 ;;
    --with-hey) with_hey=1 ;;
    --out) [ -n "${2:-}" ] || die "--out needs a directory" 2; out=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" 2 ;;
  esac
  shift
done
[ "$do_closed" = 1 ] || [ "$do_open" = 1 ] || die "--closed-only and --open-only exclude each other" 2

# ---- tools
tools=(nginx)
[ "$do_closed" = 1 ] && tools+=(wrk)
[ "$do_open" = 1 ] && tools+=(h2load)
[ "$with_hey" = 1 ] && tools+=(hey)
"$root/scripts/ensure-tools.sh" "${tools[@]}" time || exit 3
nginx_bin="$(type -P nginx || echo /usr/sbin/nginx)"
[ -x "$nginx_bin" ] || die "nginx is not installed (apt-get install nginx)"
for t in timeout awk sort; do type -P "$t" >/dev/null || die "'$t' is missing (apt-get install coreutils gawk)"; done
# The JDK the launcher uses, for bench/PacingFloor.java.
# shellcheck source=scripts/jdk.sh
. "$root/scripts/jdk.sh"
java_home="$(find_java)" || exit 3

# ---- scratch space (nginx prefix, jar snapshot), removed on exit
work="$(mktemp -d "${TMPDIR:-/tmp}/gale-bench.XXXXXX")"
chmod 755 "$work"
nginx_pid=""
child=""
stop_nginx() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
  fi
  nginx_pid=""
}
cleanup() {
  if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  stop_nginx
  [ -n "${out:-}" ] && [ -s "$work/nginx/error.log" ] && cp "$work/nginx/error.log" "$out/nginx-error.log" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Build gale now (the launcher rebuilds when sources are newer than the jar), then run a snapshot of the
# jar through the launcher (GALE_JAR), so that no build is ever timed, even if sources change meanwhile.
if [ -z "${GALE_JAR:-}" ]; then
  echo "building gale if needed ..." >&2
  "$root/gale" --version >/dev/null || die "cannot build or start gale (see the messages above)"
  cp "$root/gale-cli/target/gale.jar" "$work/gale.jar"
  export GALE_JAR="$work/gale.jar"
fi
"$root/gale" --version >/dev/null || die "cannot start gale from $GALE_JAR"

# ---- results
stamp="$(date +%Y%m%d-%H%M%S)"
out="${out:-$root/bench/results/$stamp}"
mkdir -p "$out"
runs="$out/runs.tsv"
floors="$out/floor.tsv"
printf 'rate\tcpu_us_per_arrival\twake_ups_per_arrival\n' >"$floors"
printf 'kind\tpair\ttool\ttarget_rps\tseconds\trequests\trps\tcpu_s\tcpu_us_per_req\twall_s\tload1_start\tload1_end\tothers_cpu_pct\tnginx_us_per_req\texit\tvcs_per_req\n' >"$runs"

# ---- nginx
prefix="$work/nginx"
mkdir -p "$prefix"
# Prints nginx's total request count (stub_status), read over plain bash /dev/tcp: no curl needed.
nginx_requests() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /nginx_status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
    cat <&3' _ "$port" | awk 'found { print $3; exit } /server accepts handled requests/ { found = 1 }'
}

# user+sys clock ticks of nginx's worker process(es).
nginx_ticks() {
  local sum=0 pid children
  if type -P pgrep >/dev/null; then
    children="$(pgrep -P "$nginx_pid" 2>/dev/null || true)"
  else # no procps: the kernel's list of the master's children
    children="$(cat /proc/"$nginx_pid"/task/*/children 2>/dev/null || true)"
  fi
  for pid in $children; do
    sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}

# busy clock ticks of the whole machine (all cores), from /proc/stat.
machine_busy_ticks() {
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

start_nginx() {
  mkdir -p "$prefix/temp"
  for _ in $(seq 20); do
    port=$((20000 + RANDOM % 40000))
    sed "s/@PORT@/$port/" "$root/bench/nginx.conf" >"$prefix/nginx.conf"
    : >"$prefix/error.log"
    "$nginx_bin" -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log" -g 'daemon off;' \
      </dev/null >"$prefix/stdout.log" 2>&1 &
    nginx_pid=$!
    for _ in $(seq 50); do
      if ! kill -0 "$nginx_pid" 2>/dev/null; then break; fi
      if [ -n "$(nginx_requests 2>/dev/null)" ]; then return 0; fi
      sleep 0.1
    done
    if grep -q 'Address already in use' "$prefix/error.log" "$prefix/stdout.log" 2>/dev/null; then
      stop_nginx
      continue
    fi
    stop_nginx
    cat "$prefix/error.log" "$prefix/stdout.log" >&2 || true
    die "nginx did not start (see above)"
  done
  die "found no free loopback port for nginx after 20 tries"
}

start_nginx
url="http://127.0.0.1:$port/hello"
hz="$(getconf CLK_TCK)"
cores="$(nproc)"

# run_tool KIND PAIR TOOL TARGET_RPS SECONDS CMD...: runs one generator under /usr/bin/time, bounded in time,
# and appends one row to runs.tsv.
run_tool() {
  local kind=$1 pair=$2 tool=$3 target=$4 secs=$5
  shift 5
  local label="$kind-$pair-$tool${target:+-$target}"
  local load_start before after ticks0 ticks1 busy0 busy1 rc=0
  sleep 1 # let the previous run's sockets close
  kill -0 "$nginx_pid" 2>/dev/null || die "nginx died (see $out/nginx-error.log)"
  load_start="$(cut -d' ' -f1 /proc/loadavg)"
  before="$(nginx_requests)" || die "cannot read nginx's stub_status"
  ticks0="$(nginx_ticks)"
  busy0="$(machine_busy_ticks)"
  echo "$*" >"$out/$label.cmd"
  # In the background and waited for, so that a TERM reaches the trap (which stops it) at once.
  timeout -k 10 $((secs + 60)) /usr/bin/time -f '%U %S %e %w' -o "$out/$label.time" "$@" \
    >"$out/$label.out" 2>"$out/$label.err" </dev/null &
  child=$!
  wait "$child" || rc=$?
  child=""
  busy1="$(machine_busy_ticks)"
  ticks1="$(nginx_ticks)"
  after="$(nginx_requests)" || die "cannot read nginx's stub_status"
  local load_end; load_end="$(cut -d' ' -f1 /proc/loadavg)"
  # The second status request counts itself; the first one was counted before `before` was read.
  local requests=$((after - before - 1))
  local user=0 sys=0 wall=0 vcs=0
  if [ -s "$out/$label.time" ]; then
    read -r user sys wall vcs < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$out/$label.time" | tail -1) || true
  fi
  [ "$rc" = 0 ] || echo "warning: $label exited $rc (see $out/$label.err)" >&2
  awk -v kind="$kind" -v pair="$pair" -v tool="$tool" -v target="${target:-0}" -v secs="$secs" \
      -v req="$requests" -v user="${user:-0}" -v sys="${sys:-0}" -v wall="${wall:-0}" \
      -v l0="$load_start" -v l1="$load_end" -v hz="$hz" -v cores="$cores" \
      -v nt=$((ticks1 - ticks0)) -v busy=$((busy1 - busy0)) -v rc="$rc" -v vcs="${vcs:-0}" 'BEGIN {
    cpu = user + sys
    rps = req / secs
    us = req > 0 ? cpu * 1e6 / req : 0
    ngx = req > 0 ? nt / hz * 1e6 / req : 0
    # CPU the rest of the machine used meanwhile: busy time minus the generator and nginx, in % of all cores.
    others = wall > 0 ? (busy / hz - cpu - nt / hz) / (wall * cores) * 100 : 0
    if (others < 0) others = 0
    printf "%s\t%s\t%s\t%d\t%d\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%s\t%s\t%.0f\t%.2f\t%s\t%.3f\n",
      kind, pair, tool, target, secs, req, rps, cpu, us, wall, l0, l1, others, ngx, rc, (req > 0 ? vcs / req : 0)
  }' >>"$runs"
  tail -1 "$runs" | awk -F'\t' '{
    rate = $4 > 0 ? sprintf("  target %d (%+.2f%%)", $4, ($7 - $4) / $4 * 100) : ""
    printf "  %-6s %-6s pair %s: %8.0f req/s  %6.2f us CPU/req  %.2f sleeps/req  (%.1f s CPU, load %s, others %s%%, nginx %.1f us/req)%s%s\n",
      $1, $3, $2, $7, $9, $16, $8, $11, $13, $14, rate, $15 != 0 ? "  EXIT " $15 : ""
  }'
}

{
  echo "gale bench/compare.sh $(date -Is) on $(uname -n): $cores cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "  nginx $("$nginx_bin" -v 2>&1 | sed 's/.*version: //') on 127.0.0.1:$port (1 worker), $url"
  echo "  $(wrk --version 2>&1 | head -1 | cut -c1-40 || true)"
  echo "  $(h2load --version 2>&1 | head -1 || true)"
  echo "  gale: $("$root/gale" --version 2>/dev/null | head -1), JAVA_HOME=${JAVA_HOME:-auto}, GALE_JAVA_OPTS='${GALE_JAVA_OPTS:-}'"
  echo "  closed: $pairs pairs of ${closed_secs} s, -c $connections -t $threads; open: ${open_secs} s at $rates req/s"
  echo "  load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "  results: $out"
} | tee "$out/header.txt"

if [ "$do_closed" = 1 ]; then
  echo "closed model (wrk and gale alternately):"
  for p in $(seq "$pairs"); do
    run_tool closed "$p" wrk "" "$closed_secs" \
      wrk -t"$threads" -c"$connections" -d"${closed_secs}s" "$url"
    run_tool closed "$p" gale "" "$closed_secs" \
      "$root/gale" run -t "$threads" -c "$connections" -d "${closed_secs}s" "$url"
    if [ "$with_hey" = 1 ]; then
      run_tool closed "$p" hey "" "$closed_secs" \
        hey -c "$connections" -z "${closed_secs}s" "$url"
    fi
  done
fi

if [ "$do_open" = 1 ]; then
  echo "open model (gale and h2load --rps alternately):"
  for rate in $rates; do
    # h2load's --rps is per client (connection): spread the total over the connections.
    per_client="$(awk -v r="$rate" -v c="$connections" 'BEGIN { printf "%.6f", r / c }')"
    for p in $(seq "$open_pairs"); do
      run_tool open "$p" gale "$rate" "$open_secs" \
        "$root/gale" run -t "$threads" -c "$connections" -R "$rate" -d "${open_secs}s" "$url"
      run_tool open "$p" h2load "$rate" "$open_secs" \
        h2load --h1 -t "$threads" -c "$connections" --rps="$per_client" -D "$open_secs" "$url"
      if [ "$tick" != 0 ]; then
        run_tool open "$p" gale-tick "$rate" "$open_secs" \
          "$root/gale" run -t "$threads" -c "$connections" -R "$rate" -d "${open_secs}s" --tick "$tick" "$url"
      fi
    done
    # What sleeping until each arrival costs here with no I/O at all: the floor under exact pacing.
    floor_secs=$((open_secs < 10 ? open_secs : 10))
    if floor_line="$("$java_home/bin/java" "$root/bench/PacingFloor.java" "$rate" "$threads" "$floor_secs" 2>"$out/floor-$rate.err")"; then
      echo "$floor_line" >"$out/floor-$rate.out"
      awk -v rate="$rate" '{ for (i = 1; i <= NF; i++) if ($i == "wake-ups") w = $(i - 1); else if ($i == "us") u = $(i - 1)
        printf "%d\t%s\t%s\n", rate, u, w }' "$out/floor-$rate.out" >>"$floors"
      echo "  pacing alone at $rate req/s: $floor_line (bench/PacingFloor.java)"
    else
      echo "warning: bench/PacingFloor.java failed at $rate req/s (see $out/floor-$rate.err)" >&2
    fi
  done
fi

echo "  load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"

# ---- summary and verdict
awk -F'\t' -v maxcpu="$MAX_CPU_RATIO" -v minrps="$MIN_RPS_RATIO" -v maxerr="$MAX_RATE_ERROR" \
    -v maxopen="$MAX_OPEN_CPU_RATIO" -v tick="$tick" -v floors="$floors" '
  function median(arr, n,    i, j, t) {
    for (i = 2; i <= n; i++) { t = arr[i]; for (j = i - 1; j >= 1 && arr[j] > t; j--) arr[j + 1] = arr[j]; arr[j + 1] = t }
    return n == 0 ? 0 : (n % 2 ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2)
  }
  function verdict(ok) { if (!ok) failed++; return ok ? "met" : "MISSED" }
  NR == 1 { next }
  $15 != 0 { bad[$1 " " $3 " " $4]++ }
  $1 == "closed" { rps[$3, $2] = $7; cpu[$3, $2] = $9; if (!($2 in pairs)) npairs++; pairs[$2] = 1; tools[$3] = 1 }
  $1 == "open" { orps[$3, $4, $2] = $7; ocpu[$3, $4, $2] = $9; ovcs[$3, $4, $2] = $16; opairs[$2] = 1; otools[$3] = 1; if (!($4 in orates)) nrates++; orates[$4] = 1 }
  END {
    failed = 0
    while ((getline line < floors) > 0) { split(line, f, "\t"); if (f[1] ~ /^[0-9]+$/) floor[f[1]] = f[2] }
    if (npairs > 0) {
      print ""
      print "closed model, median over pairs:"
      printf "  %-8s %10s %14s\n", "tool", "req/s", "CPU us/req"
      for (t in tools) {
        n = 0; m = 0
        split("", a); split("", b)
        for (p in pairs) if ((t, p) in rps) { a[++n] = rps[t, p]; b[++m] = cpu[t, p] }
        printf "  %-8s %10.0f %14.2f\n", t, median(a, n), median(b, m)
      }
      n = 0
      for (p in pairs) if (("gale", p) in rps && ("wrk", p) in rps && rps["wrk", p] > 0 && cpu["wrk", p] > 0) {
        n++; rr[n] = rps["gale", p] / rps["wrk", p]; cr[n] = cpu["gale", p] / cpu["wrk", p]
      }
      if (n > 0) {
        r = median(rr, n); c = median(cr, n)
        printf "  gale/wrk req/s       %.2f  (median of %d pair ratios; target >= %.1f)  %s\n", r, n, minrps, verdict(r >= minrps && !bad["closed gale 0"])
        printf "  gale/wrk CPU per req %.2f  (median of %d pair ratios; target <= %.1f)  %s\n", c, n, maxcpu, verdict(c <= maxcpu && !bad["closed gale 0"])
      } else { print "  no complete gale/wrk pair"; failed++ }
    }
    if (nrates > 0) {
      print ""
      print "open model, median over pairs:"
      printf "  %-10s %8s %10s %10s %14s %12s\n", "tool", "target", "req/s", "error", "CPU us/req", "sleeps/req"
      for (rate in orates) {
        for (t in otools) {
          n = 0; m = 0
          split("", a); split("", b); split("", v)
          for (p in opairs) if ((t, rate, p) in orps) { a[++n] = orps[t, rate, p]; b[++m] = ocpu[t, rate, p]; v[m] = ovcs[t, rate, p] }
          if (n == 0) continue
          achieved[t, rate] = median(a, n); ucpu[t, rate] = median(b, m)
          printf "  %-10s %8d %10.0f %+9.2f%% %14.2f %12.2f\n", t, rate, achieved[t, rate], (achieved[t, rate] - rate) / rate * 100, ucpu[t, rate], median(v, m)
        }
      }
      for (rate in orates) {
        if (!(("gale", rate) in achieved)) { failed++; continue }
        e = (achieved["gale", rate] - rate) / rate; if (e < 0) e = -e
        printf "  gale at %d req/s: achieved within %.2f%% of the target (target <= %.1f%%)  %s\n", rate, e * 100, maxerr * 100, verdict(e <= maxerr && !bad["open gale " rate])
        if (("h2load", rate) in ucpu && ucpu["h2load", rate] > 0) {
          c = ucpu["gale", rate] / ucpu["h2load", rate]
          printf "  gale/h2load CPU per req at %d req/s: %.2f (target <= %.1f)  %s\n", rate, c, maxopen, verdict(c <= maxopen)
          if (("gale-tick", rate) in ucpu) {
            printf "  gale --tick %s/h2load CPU per req at %d req/s: %.2f (for reference: both send in batches)\n", tick, rate, ucpu["gale-tick", rate] / ucpu["h2load", rate]
          }
        }
        if (rate in floor) {
          printf "    pacing alone (bench/PacingFloor.java: sleep until each arrival, no I/O) costs %.2f us per arrival here", floor[rate]
          if (("h2load", rate) in ucpu && ucpu["h2load", rate] > 0) printf ", %.2fx h2load'"'"'s whole cost per request", floor[rate] / ucpu["h2load", rate]
          printf "\n"
        }
      }
    }
    print ""
    print failed ? "verdict: " failed " target(s) missed" : "verdict: every target met"
    exit failed ? 1 : 0
  }' "$runs" | tee "$out/summary.txt"
status=${PIPESTATUS[0]}
echo "(measured with: bench/compare.sh $argv; all runs in $runs)"
exit "$status"
