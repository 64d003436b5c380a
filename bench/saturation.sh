#!/usr/bin/env bash
# No false rollback under saturation (issue 13, target 3). First finds the highest rate this machine sustains through
# the local router with Cutover's load generator (router 90/10 over two nginx upstreams; a step is sustained when at
# most 1% of its requests were sent late and none failed), then runs the healthy demo (`cutover demo`, scenario
# healthy) at that rate several times and lists each run's outcome. The demo's own stack (router, sample app,
# PostgreSQL, the workflow, all in one JVM) is slower than nginx, so the demo runs at or beyond its saturation: the
# case where a healthy green must still be promoted, because the load generator or the machine, not green, is the
# bottleneck.
#
# Target: the healthy demo promotes in every run (10 of 10).
#
# Usage: bench/saturation.sh [--smoke]
# Knobs (environment): BENCH_SATURATION_RUNS (10), BENCH_SATURATION_RATE (skip the search, use this rate),
# BENCH_SATURATION_STEPS ("1000 2000 3000 4000 5000 6000 8000" req/s, 4 s each), BENCH_SATURATION_CONCURRENCY (256:
# the load generator's connections in the search and in the demo), BENCH_SATURATION_BAKE ("6,6,4": the demo's bakes).
# --smoke: one 2 s step at 300/s, then 1 demo run with bakes 2,2,1.
# Exit: 0 ran (the section says whether the target was met), 2 could not run. Writes
# bench/target/results/saturation.md and saturation.json.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib/net.sh
source "$root/bench/lib/net.sh"

runs="${BENCH_SATURATION_RUNS:-10}"
steps="${BENCH_SATURATION_STEPS:-1000 2000 3000 4000 5000 6000 8000}"
step_seconds=4
concurrency="${BENCH_SATURATION_CONCURRENCY:-256}"
bake="${BENCH_SATURATION_BAKE:-6,6,4}"
command_line="bench/saturation.sh $*"
if [[ "${1:-}" == "--smoke" ]]; then
  runs=1 steps=300 step_seconds=2 bake=2,2,1 concurrency=32
fi

need_tools nginx python3 java
results="$root/bench/target/results"
work="$root/bench/target/saturation"
rm -rf "$work"
mkdir -p "$results" "$work"
machine="$(machine_line)"
cp="$(runtime_classpath "$root")"

blue_port="$(free_port)" green_port="$(free_port)"
router_pid=
cleanup() {
  exec 3>&- 2>/dev/null || true
  [[ -n "$router_pid" ]] && kill "$router_pid" 2>/dev/null || true
  stop_nginx "$work"
}
trap cleanup EXIT
start_nginx "$work" "$blue_port" "$green_port"
wait_port "$blue_port" || { echo "saturation.sh: nginx did not start" >&2; exit 2; }

echo "== machine: $machine"
rate="${BENCH_SATURATION_RATE:-}"
if [[ -z "$rate" ]]; then
  mkfifo "$work/router.in"
  java -cp "$cp" dev.cutover.runtime.router.RouterMain "http://127.0.0.1:$blue_port" "http://127.0.0.1:$green_port" 10 \
    < "$work/router.in" > "$work/router.out" 2> "$work/router.err" &
  router_pid=$!
  exec 3> "$work/router.in"
  port=
  for _ in $(seq 300); do
    port="$(sed -n 's#^production http://127.0.0.1:\([0-9]*\)$#\1#p' "$work/router.out")"
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  [[ -n "$port" ]] || { echo "saturation.sh: the router did not start" >&2; exit 2; }
  first=1
  for step in $steps; do
    warm=0
    ((first)) && warm=2
    first=0
    echo "== search: $step req/s for ${step_seconds} s through the router"
    java -cp "$cp" dev.cutover.runtime.load.LoadMain "http://127.0.0.1:$port/" "$step" "$concurrency" \
      "$step_seconds" "$warm" 2> "$work/loadmain.err" | grep '^{' >> "$work/search.jsonl" \
      || { echo "saturation.sh: the load generator failed: $(tail -5 "$work/loadmain.err")" >&2; exit 2; }
    python3 -c 'import json,sys; o=json.loads(open(sys.argv[1]).read().splitlines()[-1]); sys.exit(0 if o["lateFraction"] <= 0.01 and o["failed"] == 0 and o["sendRate"] >= 0.98 * o["offeredRate"] else 1)' \
      "$work/search.jsonl" || break
  done
  exec 3>&-
  wait "$router_pid" || true
  router_pid=
  rate="$(python3 - "$work/search.jsonl" <<'PY'
import json, sys
steps = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = [s["offeredRate"] for s in steps if s["lateFraction"] <= 0.01 and s["failed"] == 0
      and s["sendRate"] >= 0.98 * s["offeredRate"]]
# none sustained: the rate the first step was actually served at, in hundreds (at least 100)
print(int(max(ok)) if ok else max(100, int(steps[0]["completedRate"] // 100 * 100)))
PY
)"
fi
echo "== top sustained rate: $rate req/s"

for run in $(seq "$runs"); do
  echo "== run $run of $runs: cutover demo --scenario healthy --rps $rate --concurrency $concurrency --bake $bake"
  start=$(date +%s.%N)
  java -jar "$cp" demo --scenario healthy --rps "$rate" --concurrency "$concurrency" --bake "$bake" --quiet \
    --summary-json "$work/demo-$run.json" > "$work/demo-$run.out" 2> "$work/demo-$run.err" || true
  end=$(date +%s.%N)
  echo "{\"run\": $run, \"seconds\": $(python3 -c "print(round($end - $start, 1))")}" > "$work/demo-$run.time"
done

python3 - "$work" "$results" "$machine" "$command_line" "$rate" "$runs" "$concurrency" "$bake" "$root/bench/lib" <<'PY'
import json, os, sys
sys.path.insert(0, sys.argv[-1])
from busy import busy_note
work, results, machine, command, rate, runs, concurrency, bake = sys.argv[1:9]
runs = int(runs)
search = [json.loads(l) for l in open(f"{work}/search.jsonl")] if os.path.exists(f"{work}/search.jsonl") else []
outcomes = []
for run in range(1, runs + 1):
    path = f"{work}/demo-{run}.json"
    seconds = json.load(open(f"{work}/demo-{run}.time"))["seconds"]
    if not os.path.exists(path):
        err = open(f"{work}/demo-{run}.err").read().strip().splitlines()
        outcomes.append({"run": run, "outcome": "did not run", "seconds": seconds, "reason": (err or ["?"])[-1]})
        continue
    s = json.load(open(path))
    req = s.get("requests", {})
    rollback = s.get("rollback") or {}
    outcomes.append({"run": run, "outcome": s.get("outcome"), "seconds": seconds, "servedRate": req.get("ratePerSecond"),
                     "failed": req.get("failed"), "reason": rollback.get("reason") or ""})
promoted = sum(1 for o in outcomes if str(o["outcome"]).lower() == "promoted")
met = promoted == runs
lines = ["## No false rollback under saturation", "", f"Machine: {machine}.", "", *([busy_note(machine), ""] if busy_note(machine) else []),
         f"Command: `{command.strip()}`: the top rate the load generator sustains through the router over nginx "
         f"(≤ 1% sent late, none failed), then `cutover demo --scenario healthy --rps {rate} --concurrency "
         f"{concurrency} --bake {bake}` {runs} times.", ""]
if search:
    lines += ["Search (offered → sent, late, p99 from when due):", "",
              "| offered req/s | sent req/s | late | failed | p99 ms |", "|---|---|---|---|---|"]
    lines += [f"| {s['offeredRate']:,.0f} | {s['sendRate']:,.0f} | {100 * s['lateFraction']:.1f}% | {s['failed']} | "
              f"{s['responseMs']['p99']:,.1f} |" for s in search]
    lines.append("")
lines += [f"Top sustained rate: {int(rate):,} req/s. Runs:", "",
          "| run | outcome | served req/s | failed requests | seconds | rollback reason |", "|---|---|---|---|---|---|"]
lines += [f"| {o['run']} | {o['outcome']} | {o.get('servedRate', '')} | {o.get('failed', '')} | {o['seconds']} | "
          f"{o['reason'][:200]} |" for o in outcomes]
lines += ["", "| target | measured | met |", "|---|---|---|",
          f"| healthy demo promoted in every run at the top rate | {promoted} of {runs} | "
          f"{'met' if met else f'missed by {runs - promoted} run(s)'} |"]
open(f"{results}/saturation.md", "w").write("\n".join(lines) + "\n")
json.dump({"machine": machine, "command": command, "rate": int(rate), "search": search, "runs": outcomes,
           "promoted": promoted, "targets": [{"target": "healthy demo promoted in every run", "measured":
           f"{promoted} of {runs}", "met": met}]}, open(f"{results}/saturation.json", "w"), indent=2)
print("\n".join(lines))
PY

# the benchmark contract's JSON shape (name, smoke, machine, results, targets) for bench/run-all and BenchSmokeTest
python3 "$root/bench/lib/contract.py" "$results" saturation "No false rollback under saturation" "$([[ "${1:-}" == --smoke ]] && echo 1 || echo 0)" "$command_line"
