#!/usr/bin/env bash
# The engine benchmark (bench/run-all's "engine"; about it: bench/about/engine.md): executions per second and memory
# of cutover-states (JMH) and aws-local-stepfunctions (Node) on statemachine/deployment.asl.json with the same mocks
# (bench/mocks.json), one after the other on this machine. Checks first that both engines end every benchmarked
# execution the same way, then writes bench/target/results/engine.md (its section of docs/benchmarks.md, with the
# side-by-side table) and engine.json; the raw files land in bench/target/results/engine/.
#
# Usage: bench/run.sh [--smoke]   (--smoke: one short JMH iteration, one short Node iteration, 20 in flight)
# Knobs (environment): BENCH_MIN_RATIO (10), BENCH_JMH_ARGS ("-f 1 -wi 3 -i 5 -w 2s -r 2s"),
# BENCH_NODE_ARGS ("--warmup-iterations 3 --iterations 5 --seconds 2"), BENCH_IN_FLIGHT (1000 executions).
# Exit code: 0 ran (whether or not cutover-states reaches the ratio: the section says), 2 could not run.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
bench_init engine "Engine benchmark: cutover-states against aws-local-stepfunctions" "$@"
root="$BENCH_ROOT"

min_ratio="${BENCH_MIN_RATIO:-10}"
if ((BENCH_SMOKE)); then
  jmh_args="${BENCH_JMH_ARGS:--f 1 -wi 0 -i 1 -r 500ms}"
  node_args="${BENCH_NODE_ARGS:---warmup-iterations 0 --iterations 2 --seconds 0.3}"
  in_flight="${BENCH_IN_FLIGHT:-20}"
else
  jmh_args="${BENCH_JMH_ARGS:--f 1 -wi 3 -i 5 -w 2s -r 2s}"
  node_args="${BENCH_NODE_ARGS:---warmup-iterations 3 --iterations 5 --seconds 2}"
  in_flight="${BENCH_IN_FLIGHT:-1000}"
fi
jar="$root/bench/target/benchmarks.jar"
results="$BENCH_RESULTS/engine"

for tool in java mvn node npm; do
  command -v "$tool" >/dev/null || bench_cannot_run "$tool is not on the PATH; the benchmark needs Java 17+, Maven, Node 20+"
done

bench_benchmarks_jar
if [[ ! -f bench/node/node_modules/.package-lock.json || bench/node/package-lock.json -nt bench/node/node_modules/.package-lock.json ]]; then
  npm ci --prefix bench/node --no-audit --no-fund --loglevel=error || bench_cannot_run "npm ci --prefix bench/node failed"
fi

rm -rf "$results"
mkdir -p "$results"
echo "$BENCH_LOAD_START" > "$results/load-start.txt"
echo "== machine: $(nproc) CPUs, load average $BENCH_LOAD_START; $(bench_jdk); node $(node --version)"

echo "== same outcomes: both engines must end every benchmarked execution the same way"
java -cp "$jar" dev.cutover.bench.Outcomes > "$results/java-outcomes.json" \
  || bench_cannot_run "the engine could not run the benchmarked executions (above)"
node bench/node/bench.mjs check "$results/java-outcomes.json"

echo "== cutover-states: JMH $jmh_args -prof gc (log: ${results#"$root"/}/jmh.log)"
# shellcheck disable=SC2086 # the knobs are word lists on purpose
java -jar "$jar" $jmh_args -prof gc -rf json -rff "$results/java-jmh.json" 'dev.cutover.bench.EngineBenchmark' \
  > "$results/jmh.log" 2>&1 || { tail -40 "$results/jmh.log" >&2; bench_cannot_run "JMH failed (${results#"$root"/}/jmh.log)"; }
grep -E '^(Benchmark|EngineBenchmark)' "$results/jmh.log" | grep -Ev 'gc\.(count|time)' || true

echo "== aws-local-stepfunctions: bench.mjs throughput $node_args"
# shellcheck disable=SC2086
node --expose-gc bench/node/bench.mjs throughput $node_args --json "$results/node-throughput.json" > /dev/null

echo "== in flight: $in_flight executions parked in a Wait, on each engine"
java -cp "$jar" dev.cutover.bench.InFlightHeap "$in_flight" > "$results/java-in-flight.json"
node --expose-gc bench/node/bench.mjs in-flight "$in_flight" --json "$results/node-in-flight.json" > /dev/null

echo
# report.mjs exits 1 below the ratio: that is a result (in the section), not a failure to run
rc=0
node bench/node/report.mjs --dir "$results" --min-ratio "$min_ratio" --markdown "$results/figures.md" \
  --json "$results/report.json" | tee "$results/report.txt" || rc=$?
((rc <= 1)) || bench_cannot_run "report.mjs could not read the results (exit $rc)"

{
  echo "## $BENCH_TITLE"
  echo
  cat bench/about/engine.md
  echo
  echo "### Figures"
  echo
  bench_machine_line
  echo
  echo "Command: \`$BENCH_COMMAND\` (JMH \`$jmh_args -prof gc\`, Node \`$node_args\`, $in_flight in flight)."
  echo
  cat "$results/figures.md"
} > "$BENCH_RESULTS/engine.md"
bench_write_json "$(jq '.results' "$results/report.json")" "$(jq '.targets' "$results/report.json")"
echo "== wrote ${BENCH_RESULTS#"$root"/}/engine.md and engine.json"
