#!/usr/bin/env bash
# The engine benchmark (docs/benchmarks.md): executions per second and memory of cutover-states (JMH) and
# aws-local-stepfunctions (Node) on statemachine/deployment.asl.json with the same mocks (bench/mocks.json), one
# after the other on this machine. Checks first that both engines end every benchmarked execution the same way,
# then prints a side-by-side table and exits 1 if cutover-states is not at least BENCH_MIN_RATIO (10) times as
# fast in every case.
#
# Knobs (environment): BENCH_MIN_RATIO (10), BENCH_JMH_ARGS ("-f 1 -wi 3 -i 5 -w 2s -r 2s"),
# BENCH_NODE_ARGS ("--warmup-iterations 3 --iterations 5 --seconds 2"), BENCH_IN_FLIGHT (1000 executions).
# Results land in bench/target/results/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

min_ratio="${BENCH_MIN_RATIO:-10}"
jmh_args="${BENCH_JMH_ARGS:--f 1 -wi 3 -i 5 -w 2s -r 2s}"
node_args="${BENCH_NODE_ARGS:---warmup-iterations 3 --iterations 5 --seconds 2}"
in_flight="${BENCH_IN_FLIGHT:-1000}"
jar="$root/bench/target/benchmarks.jar"
results="$root/bench/target/results"

for tool in java mvn node npm; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not on the PATH; the benchmark needs Java 17+, Maven, Node 20+" >&2; exit 2; }
done

echo "== build (mvn -Pbench -pl bench -am package, npm ci --prefix bench/node)"
# Maven's colour codes stripped: some set-ups print them even in batch mode.
mvn -B -q -ntp -Dstyle.color=never -Pbench -pl bench -am package -DskipTests 2>&1 | sed $'s/\x1b\\[[0-9;]*m//g'
[[ -f "$jar" ]] || { echo "run.sh: the build did not produce $jar" >&2; exit 2; }
if [[ ! -f bench/node/node_modules/.package-lock.json || bench/node/package-lock.json -nt bench/node/node_modules/.package-lock.json ]]; then
  npm ci --prefix bench/node --no-audit --no-fund --loglevel=error
fi

rm -rf "$results"
mkdir -p "$results"
cat /proc/loadavg > "$results/load-start.txt"
echo "== machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); node $(node --version)"

echo "== same outcomes: both engines must end every benchmarked execution the same way"
java -cp "$jar" dev.cutover.bench.Outcomes > "$results/java-outcomes.json"
node bench/node/bench.mjs check "$results/java-outcomes.json"

echo "== cutover-states: JMH $jmh_args -prof gc (log: bench/target/results/jmh.log)"
# shellcheck disable=SC2086 # the knobs are word lists on purpose
java -jar "$jar" $jmh_args -prof gc -rf json -rff "$results/java-jmh.json" 'dev.cutover.bench.EngineBenchmark' \
  > "$results/jmh.log" 2>&1 || { tail -40 "$results/jmh.log" >&2; exit 2; }
grep -E '^(Benchmark|EngineBenchmark)' "$results/jmh.log" | grep -Ev 'gc\.(count|time)' || true

echo "== aws-local-stepfunctions: bench.mjs throughput $node_args"
# shellcheck disable=SC2086
node --expose-gc bench/node/bench.mjs throughput $node_args --json "$results/node-throughput.json" > /dev/null

echo "== in flight: $in_flight executions parked in a Wait, on each engine"
java -cp "$jar" dev.cutover.bench.InFlightHeap "$in_flight" > "$results/java-in-flight.json"
node --expose-gc bench/node/bench.mjs in-flight "$in_flight" --json "$results/node-in-flight.json" > /dev/null

echo
node bench/node/report.mjs --dir "$results" --min-ratio "$min_ratio" | tee "$results/report.txt"
