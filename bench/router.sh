#!/usr/bin/env bash
# Router benchmark (issue 13, target 1): the local router (LocalRouter, Jetty's reverse proxy) against HAProxy on the
# same two nginx upstreams with the same 90/10 split, driven by wrk at 1, 64 and 256 connections, the two
# interleaved in each round so both see the same machine. Then a run with the split switched every second
# (90/10 <-> 100/0) to show that a switch loses nothing (wrk's non-2xx and socket errors must be 0).
#
# Targets: requests/s at least 0.9x HAProxy's, p99 at most 1.5x HAProxy's, at every connection count (medians over
# the rounds); 0 non-2xx and 0 socket errors during switches.
#
# Usage: bench/router.sh [--smoke]
# Knobs (environment): BENCH_ROUTER_ROUNDS (3), BENCH_ROUTER_SECONDS (10 per wrk run), BENCH_ROUTER_CONNECTIONS
# ("1 64 256"), BENCH_ROUTER_WARMUP (5 s of wrk on each proxy first), BENCH_ROUTER_JFR (1: record a JFR profile of
# the router to bench/target/results/router.jfr). --smoke: 1 round of 1 s, 1 s warm-up, 2 s of switching.
# Exit: 0 ran (the section says whether the targets were met), 2 could not run (tool missing, build failed).
# Writes bench/target/results/router.md and router.json.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib/net.sh
source "$root/bench/lib/net.sh"

rounds="${BENCH_ROUTER_ROUNDS:-3}"
seconds="${BENCH_ROUTER_SECONDS:-10}"
connections="${BENCH_ROUTER_CONNECTIONS:-1 64 256}"
warmup="${BENCH_ROUTER_WARMUP:-5}"
switch_seconds=10
command_line="bench/router.sh $*"
if [[ "${1:-}" == "--smoke" ]]; then
  rounds=1 seconds=1 warmup=1 switch_seconds=2
fi

need_tools wrk haproxy nginx python3 java
results="$root/bench/target/results"
work="$root/bench/target/router"
rm -rf "$work"
mkdir -p "$results" "$work"
machine="$(machine_line)"
cp="$(runtime_classpath "$root")"

blue_port="$(free_port)" green_port="$(free_port)" haproxy_port="$(free_port)"
pids=()
cleanup() {
  exec 3>&- 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_nginx "$work"
}
trap cleanup EXIT
start_nginx "$work" "$blue_port" "$green_port"

cat > "$work/haproxy.cfg" <<CONF
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse always
frontend front
  bind 127.0.0.1:$haproxy_port
  default_backend upstreams
backend upstreams
  balance random
  server blue 127.0.0.1:$blue_port weight 90
  server green 127.0.0.1:$green_port weight 10
CONF
"$(command -v haproxy || echo /usr/sbin/haproxy)" -f "$work/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 &
pids+=($!)

# start_router GREEN_PERCENT SWITCH_MS: the router in its own JVM; sets router_port. It stops when fd 3 closes.
start_router() {
  local jfr=()
  if [[ "${BENCH_ROUTER_JFR:-0}" == 1 && "$2" == 0 ]]; then
    jfr=("-XX:StartFlightRecording=filename=$results/router.jfr,settings=profile")
  fi
  rm -f "$work/router.in" "$work/router.out"
  mkfifo "$work/router.in"
  java "${jfr[@]}" -cp "$cp" dev.cutover.runtime.router.RouterMain \
    "http://127.0.0.1:$blue_port" "http://127.0.0.1:$green_port" "$1" "$2" \
    < "$work/router.in" > "$work/router.out" 2> "$work/router.err" &
  router_pid=$!
  pids+=("$router_pid")
  exec 3> "$work/router.in"
  for _ in $(seq 300); do
    router_port="$(sed -n 's#^production http://127.0.0.1:\([0-9]*\)$#\1#p' "$work/router.out")"
    [[ -n "$router_port" ]] && return 0
    sleep 0.1
  done
  echo "router.sh: the router did not start: $(cat "$work/router.err")" >&2
  exit 2
}

stop_router() {
  exec 3>&-
  wait "$router_pid" || true
}

# measure PROXY PORT CONNECTIONS ROUND SECONDS: one wrk run, appended to runs.jsonl.
measure() {
  local threads=2
  (($3 < 2)) && threads=1
  wrk -t"$threads" -c"$3" -d"$5"s --latency "http://127.0.0.1:$2/" > "$work/wrk.txt" 2>&1 || true
  python3 - "$1" "$3" "$4" "$work/wrk.txt" >> "$work/runs.jsonl" <<'PY'
import json, re, sys
proxy, conns, rnd, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
text = open(path).read()
def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
print(json.dumps({"proxy": proxy, "connections": conns, "round": rnd,
                  "rps": float(rps.group(1)) if rps else None,
                  "p99Ms": ms(*p99.groups()) if p99 else None,
                  "non2xx": int(non2xx.group(1)) if non2xx else 0,
                  "socketErrors": sum(map(int, sock.groups())) if sock else 0,
                  "socketErrorKinds": dict(zip(("connect", "read", "write", "timeout"), map(int, sock.groups())))
                  if sock else {},
                  "wrk": text if not rps else None}))
PY
}

echo "== machine: $machine"
wait_port "$haproxy_port" || { echo "router.sh: haproxy did not start: $(cat "$work/haproxy.log")" >&2; exit 2; }
start_router 10 0
echo "== warm-up: ${warmup} s of wrk on each proxy"
wrk -t2 -c64 -d"$warmup"s "http://127.0.0.1:$haproxy_port/" > /dev/null 2>&1 || true
wrk -t2 -c64 -d"$warmup"s "http://127.0.0.1:$router_port/" > /dev/null 2>&1 || true
for round in $(seq "$rounds"); do
  for c in $connections; do
    echo "== round $round, $c connections: haproxy, then the router (${seconds} s each)"
    measure haproxy "$haproxy_port" "$c" "$round" "$seconds"
    measure router "$router_port" "$c" "$round" "$seconds"
  done
done
stop_router
cp "$work/router.out" "$work/router-steady.out"

echo "== switch every second: the router at 64 connections for ${switch_seconds} s"
start_router 10 1000
measure router-switching "$router_port" 64 1 "$switch_seconds"
stop_router
cp "$work/router.out" "$work/router-switching.out"

python3 "$root/bench/lib/router_report.py" "$work/runs.jsonl" "$results" "$machine" "$command_line" \
  "$work/router-switching.out"

# the benchmark contract's JSON shape (name, smoke, machine, results, targets) for bench/run-all and BenchSmokeTest
python3 "$root/bench/lib/contract.py" "$results" router "Router: the local router against HAProxy" "$([[ "${1:-}" == --smoke ]] && echo 1 || echo 0)" "$command_line"
