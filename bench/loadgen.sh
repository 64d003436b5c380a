#!/usr/bin/env bash
# Load generator benchmark (issue 13, target 2): can Cutover's open-loop load generator (the one the demo and
# `cutover serve` drive traffic with) offer 5,000 requests/s on this machine? It runs on its own
# (dev.cutover.runtime.load.LoadMain) against a trivial nginx upstream, after a warm-up, for a few rounds. Its
# latencies are from when each request was DUE (coordinated omission corrected, HdrHistogram) and it counts the
# requests it sent more than 10 ms late. Peer: wrk (closed loop, as fast as it can) on the same upstream in the same
# run: what the upstream and machine can serve at all.
#
# Target: the requested rate sent (median send rate ≥ 99% of it) with at most 1% of requests late.
#
# Usage: bench/loadgen.sh [--smoke]
# Knobs (environment): BENCH_LOADGEN_RATE (5000), BENCH_LOADGEN_CONCURRENCY (256), BENCH_LOADGEN_SECONDS (10),
# BENCH_LOADGEN_ROUNDS (3), BENCH_LOADGEN_WARMUP (3 s). --smoke: 1 round of 1 s at 500/s, 1 s warm-up.
# Exit: 0 ran, 2 could not run. Writes bench/target/results/loadgen.md and loadgen.json.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib/net.sh
source "$root/bench/lib/net.sh"

rate="${BENCH_LOADGEN_RATE:-5000}"
concurrency="${BENCH_LOADGEN_CONCURRENCY:-256}"
seconds="${BENCH_LOADGEN_SECONDS:-10}"
rounds="${BENCH_LOADGEN_ROUNDS:-3}"
warmup="${BENCH_LOADGEN_WARMUP:-3}"
command_line="bench/loadgen.sh $*"
if [[ "${1:-}" == "--smoke" ]]; then
  rate=500 seconds=1 rounds=1 warmup=1
fi

need_tools wrk nginx python3 java
results="$root/bench/target/results"
work="$root/bench/target/loadgen"
rm -rf "$work"
mkdir -p "$results" "$work"
machine="$(machine_line)"
cp="$(runtime_classpath "$root")"
blue_port="$(free_port)" green_port="$(free_port)"
trap 'stop_nginx "$work"' EXIT
start_nginx "$work" "$blue_port" "$green_port"
wait_port "$blue_port" || { echo "loadgen.sh: nginx did not start" >&2; exit 2; }

echo "== machine: $machine"
for round in $(seq "$rounds"); do
  echo "== round $round: the load generator at $rate/s, $concurrency connections, ${seconds} s (after ${warmup} s warm-up)"
  java -cp "$cp" dev.cutover.runtime.load.LoadMain "http://127.0.0.1:$blue_port/" "$rate" "$concurrency" \
    "$seconds" "$warmup" 2> "$work/loadmain.err" | grep '^{' >> "$work/ours.jsonl" \
    || { echo "loadgen.sh: the load generator failed: $(tail -5 "$work/loadmain.err")" >&2; exit 2; }
  echo "== round $round: wrk -t2 -c64, ${seconds} s (closed loop: as fast as the upstream answers)"
  wrk -t2 -c64 -d"$seconds"s "http://127.0.0.1:$blue_port/" | sed -n 's/^Requests\/sec:\s*//p' >> "$work/wrk.txt"
done

python3 - "$work" "$results" "$machine" "$command_line" "$rate" "$root/bench/lib" <<'PY'
import json, statistics, sys
sys.path.insert(0, sys.argv[-1])
from busy import busy_note
work, results, machine, command, rate = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
ours = [json.loads(l) for l in open(f"{work}/ours.jsonl") if l.strip()]
wrk = [float(l) for l in open(f"{work}/wrk.txt") if l.strip()]
def spread(values, fmt):
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})" if values else "no result"
send = [o["sendRate"] for o in ours]
late = [100 * o["lateFraction"] for o in ours]
p99 = [o["responseMs"]["p99"] for o in ours]
svc = [o["serviceMs"]["p99"] for o in ours]
failed = sum(o["failed"] for o in ours)
send_ok = statistics.median(send) >= 0.99 * rate
late_ok = statistics.median(late) <= 1.0
rows = [
    f"| send rate (req/s) | {spread(send, lambda v: f'{v:,.0f}')} |",
    f"| sent late (> 10 ms behind schedule) | {spread(late, lambda v: f'{v:.1f}%')} |",
    f"| response time p99, from when due (ms) | {spread(p99, lambda v: f'{v:,.1f}')} |",
    f"| service time p99, from when sent (ms) | {spread(svc, lambda v: f'{v:,.1f}')} |",
    f"| failed | {failed} |",
    f"| peer: wrk -t2 -c64 closed loop (req/s) | {spread(wrk, lambda v: f'{v:,.0f}')} |",
]
targets = [
    (f"sends {rate:,.0f} req/s (median ≥ 99%)", f"{statistics.median(send):,.0f}", send_ok,
     "" if send_ok else f"missed by {rate - statistics.median(send):,.0f} req/s"),
    ("at most 1% of requests sent late", f"{statistics.median(late):.1f}%", late_ok,
     "" if late_ok else f"missed by {statistics.median(late) - 1:.1f} points"),
]
lines = ["## Load generator: open loop, coordinated omission corrected", "", f"Machine: {machine}.", "", *([busy_note(machine), ""] if busy_note(machine) else []),
         f"Command: `{command.strip()}` (LoadMain at {rate:,.0f} req/s against one nginx upstream, after a warm-up; "
         "latencies in an HdrHistogram from when each request was due).", "",
         "Median (min–max) over the rounds:", "", "| figure | value |", "|---|---|", *rows, "",
         "| target | measured | met |", "|---|---|---|",
         *[f"| {t} | {m} | {'met' if ok else 'missed: ' + n} |" for t, m, ok, n in targets]]
open(f"{results}/loadgen.md", "w").write("\n".join(lines) + "\n")
json.dump({"machine": machine, "command": command, "rate": rate, "ours": ours, "wrkRps": wrk,
           "targets": [{"target": t, "measured": m, "met": ok, "note": n} for t, m, ok, n in targets]},
          open(f"{results}/loadgen.json", "w"), indent=2)
print("\n".join(lines))
PY

# the benchmark contract's JSON shape (name, smoke, machine, results, targets) for bench/run-all and BenchSmokeTest
python3 "$root/bench/lib/contract.py" "$results" loadgen "Load generator: offered rate and latency from when each request was due" "$([[ "${1:-}" == --smoke ]] && echo 1 || echo 0)" "$command_line"
