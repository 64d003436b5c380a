#!/usr/bin/env bash
# Time to rollback (issue 13, target 4; docs/benchmarks.md "Time to rollback"): runs `./cutover demo --scenario
# faulty-5xx` (green fails 1 order request in 10) and reads, for each rolled-back deployment, from its summary JSON
# (docs/local-runtime.md, "The summary JSON"): the first bad response -> the decision (the local alarm going to
# ALARM, or the health gate) -> the router at 100% blue, the production requests green failed before traffic was
# back on blue, and the requests still sent to green after that (must be 0). Reports median, p95 and max, and
# whether "traffic back on blue within 0.2 s of the decision at p95" is met.
#
# Usage: bench/time-to-rollback.sh [--smoke]
# Knobs (environment):
#   BENCH_TTR_RUNS        rolled-back deployments to measure (20; --smoke: 2)
#   BENCH_TTR_PER_DEMO    deployments run back to back in one demo process (`--deployments`), so the JVM and the
#                         embedded PostgreSQL start once per this many runs (5; --smoke: 2)
#   BENCH_TTR_RPS         production requests per second the demo's load generator offers (1000; --smoke: 200)
#   BENCH_TTR_CONCURRENCY its most requests outstanding (64)
#   BENCH_TTR_TARGET_MS   the target for decision -> 100% blue at p95, in ms (200)
# Writes bench/target/results/time-to-rollback.md (one section) and .json (every run's figures).
# Exit: 0 ran (the section says whether the target was met), 2 could not run (a tool missing, the build failed,
# no demo produced a summary).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

smoke=false
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    *) echo "time-to-rollback.sh: unknown argument $arg (usage: bench/time-to-rollback.sh [--smoke])" >&2; exit 2 ;;
  esac
done
if $smoke; then
  runs="${BENCH_TTR_RUNS:-2}"; per_demo="${BENCH_TTR_PER_DEMO:-2}"; rps="${BENCH_TTR_RPS:-200}"
else
  runs="${BENCH_TTR_RUNS:-20}"; per_demo="${BENCH_TTR_PER_DEMO:-5}"; rps="${BENCH_TTR_RPS:-1000}"
fi
concurrency="${BENCH_TTR_CONCURRENCY:-64}"
target_ms="${BENCH_TTR_TARGET_MS:-200}"

for tool in java mvn python3; do
  command -v "$tool" >/dev/null || { echo "time-to-rollback.sh: $tool is not on the PATH; the benchmark needs Java 17+, Maven and python3" >&2; exit 2; }
done

results="$root/bench/target/results"
work="bench/target/time-to-rollback" # relative to the repository: the section shows the commands as they ran
rm -rf "$work"
mkdir -p "$results" "$work"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory, $(java -version 2>&1 | head -1), load average $load_start at start"

echo "== build (./cutover builds local/cli/target/cutover-cli.jar when a source is newer)"
./cutover --version > /dev/null 2> "$work/build.log" || { tail -40 "$work/build.log" >&2; echo "time-to-rollback.sh: the build failed" >&2; exit 2; }

echo "== machine: $machine"
demos=$(( (runs + per_demo - 1) / per_demo ))
left="$runs"
commands=()
for (( i = 1; i <= demos; i++ )); do
  n=$(( left < per_demo ? left : per_demo ))
  left=$(( left - n ))
  cmd=(./cutover demo --scenario faulty-5xx --rps "$rps" --concurrency "$concurrency" --deployments "$n" --quiet
    --summary-json "$work/demo-$i.json")
  commands+=("${cmd[*]}")
  echo "== demo $i of $demos: ${cmd[*]}"
  if ! "${cmd[@]}" > "$work/demo-$i.out" 2>&1; then
    echo "   demo $i exited non-zero (its output: $work/demo-$i.out); its summary is used if it wrote one" >&2
  fi
  if [[ ! -f "$work/demo-$i.json" ]]; then
    # a world that failed to start (on a saturated machine, PostgreSQL or a pool can) is tried once more
    echo "   demo $i wrote no summary; trying it once more" >&2
    "${cmd[@]}" > "$work/demo-$i.retry.out" 2>&1 || true
  fi
done

python3 - "$work" "$results" "$target_ms" "$rps" "$runs" "$per_demo" "$machine" "$smoke" "${commands[@]}" <<'PY'
import glob, json, math, os, sys

work, results, target_ms, rps, runs, per_demo, machine, smoke = sys.argv[1:9]
commands = sys.argv[9:]
target_ms, rps, runs, per_demo = int(target_ms), int(rps), int(runs), int(per_demo)

rows = []
for path in sorted(glob.glob(os.path.join(work, "demo-*.json")), key=lambda p: int(p.rsplit("-", 1)[1][:-5])):
    with open(path) as f:
        summary = json.load(f)
    for d in summary.get("deployments", []):
        r = d.get("rollback")
        rows.append({
            "demo": os.path.basename(path),
            "deploymentId": d.get("deploymentId"),
            "outcome": d.get("outcome"),
            "trigger": r and r.get("trigger"),
            "detectedAfterMs": r and r.get("detectedAfterMs"),
            "trafficRestoredAfterMs": r and r.get("trafficRestoredAfterMs"),
            "failedBeforeRestored": r and r.get("failedBeforeRestored"),
            "greenAfterRestored": r and r.get("greenAfterRestored"),
            "failedRequests": d.get("failedRequests"),
        })
if not rows:
    print("time-to-rollback.sh: no demo wrote a summary (see " + work + "/*.out)", file=sys.stderr)
    sys.exit(2)

# Cutover's own rollbacks (the alarm path, the workflow's Rollback task after the health gate); a hook that failed
# before the workflow started (AfterInstall's target health on a saturated machine) is rolled back by CodeDeploy
# itself and is listed, not measured
rolled = [r for r in rows if r["outcome"] == "ROLLED_BACK" and r["trigger"] in ("alarm", "health-gate")]
by_hook = [r for r in rows if r["outcome"] == "ROLLED_BACK" and r["trigger"] == "hook"]
for r in rolled:
    r["faultToBlueMs"] = r["detectedAfterMs"] + r["trafficRestoredAfterMs"]

def pct(values, p):
    # nearest rank: the smallest value with at least p% of the values at or below it
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)] if s else None

def stats(key):
    v = [r[key] for r in rolled]
    return {"min": min(v), "median": pct(v, 50), "p95": pct(v, 95), "max": max(v)} if v else None

figures = {k: stats(k) for k in
           ("detectedAfterMs", "trafficRestoredAfterMs", "faultToBlueMs", "failedBeforeRestored", "greenAfterRestored")}
p95 = figures["trafficRestoredAfterMs"] and figures["trafficRestoredAfterMs"]["p95"]
met = p95 is not None and p95 <= target_ms and len(rolled) + len(by_hook) == len(rows)
green_after = sum(r["greenAfterRestored"] or 0 for r in rolled)

with open(os.path.join(results, "time-to-rollback.json"), "w") as f:
    json.dump({"machine": machine, "commands": commands, "rps": rps, "runsAsked": runs, "deploymentsPerDemo": per_demo,
               "smoke": smoke == "true", "targetMs": target_ms, "targetMet": met, "figures": figures, "runs": rows},
              f, indent=2)

def fmt(key, unit=""):
    s = figures[key]
    return "–" if s is None else " | ".join(f"{s[k]}{unit}" for k in ("median", "p95", "max", "min"))

out = []
out.append("## Time to rollback")
out.append("")
out.append(f"Machine: {machine}.")
out.append("")
out.append(f"Command ({len(commands)} demo process{'es' if len(commands) != 1 else ''}, each running its deployments "
           "back to back on one world; `bench/time-to-rollback.sh`" + (" --smoke" if smoke == "true" else "") + "):")
out.append("")
out.append("```")
out.extend(commands)
out.append("```")
out.append("")
out.append(f"{len(rolled) + len(by_hook)} of {len(rows)} faulty-5xx deployments rolled back at {rps} requests/s: "
           f"{sum(1 for r in rolled if r['trigger'] == 'alarm')} by the local alarm, "
           f"{sum(1 for r in rolled if r['trigger'] == 'health-gate')} by the health gate, which the figures cover, "
           f"and {len(by_hook)} by a hook that failed before the workflow started (CodeDeploy's own rollback, not "
           "measured). Per run, from the "
           "demo's summary JSON: first bad response → decision (`detectedAfterMs`), decision → router at 100% blue "
           "(`trafficRestoredAfterMs`, the rollback's first write), green's failed production requests that reached "
           "the router before that (`failedBeforeRestored`), and requests still sent to green after it "
           "(`greenAfterRestored`).")
out.append("")
out.append("| figure | median | p95 | max | min |")
out.append("|---|---|---|---|---|")
out.append(f"| first bad response → decision | {fmt('detectedAfterMs', ' ms')} |")
out.append(f"| **decision → 100% of new requests on blue** | {fmt('trafficRestoredAfterMs', ' ms')} |")
out.append(f"| first bad response → blue | {fmt('faultToBlueMs', ' ms')} |")
out.append(f"| requests failed before blue | {fmt('failedBeforeRestored')} |")
out.append(f"| new requests sent to green after blue | {fmt('greenAfterRestored')} |")
out.append("")
if p95 is None:
    verdict = "**missed**: no deployment was rolled back, so there is nothing to measure"
elif met:
    verdict = f"**met**: p95 {p95} ms ≤ {target_ms} ms"
else:
    why = []
    if p95 > target_ms:
        why.append(f"p95 {p95} ms is {p95 - target_ms} ms over {target_ms} ms")
    if len(rolled) + len(by_hook) != len(rows):
        why.append(f"{len(rows) - len(rolled) - len(by_hook)} of {len(rows)} deployments were not rolled back")
    verdict = "**missed**: " + "; ".join(why)
out.append(f"Target \"traffic back on blue within {target_ms / 1000:g} s of the decision at p95\": {verdict}.")
if green_after:
    out.append(f"{green_after} new requests still reached green after the switch: the switch did not take at once.")
out.append("No peer: the figure before this benchmark's changes was 0.37–1.53 s (median 0.54 s, issue 13, 8 runs).")
if len(rows) < runs:
    out.append(f"Only {len(rows)} of the {runs} runs asked for produced a summary (see the demos' output).")
out.append("")
with open(os.path.join(results, "time-to-rollback.md"), "w") as f:
    f.write("\n".join(out))
print("\n".join(out))
PY

# the benchmark contract's JSON shape (name, smoke, machine, results, targets) for bench/run-all and BenchSmokeTest
python3 "$root/bench/lib/contract.py" "$results" time-to-rollback "Time to rollback" "$([[ $smoke == true ]] && echo 1 || echo 0)" "bench/time-to-rollback.sh$([[ $smoke == true ]] && echo " --smoke")"
