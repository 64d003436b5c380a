#!/usr/bin/env bash
# The engine benchmark's JSONata variant (about it: bench/about/engine-jsonata.md): executions per second and
# allocation of cutover-states on bench/deployment-jsonata.asl.json, the deployment machine rewritten in JSONata
# with variables, against the same engine on statemachine/deployment.asl.json (JSONPath), in one JMH run with the
# same mocks (bench/mocks.json). Checks first that both machines end every benchmarked execution the same way.
# The peer, aws-local-stepfunctions, is asked whether it evaluates JSONata (bench/node/jsonata-probe.mjs); the
# version bench/node pins does not, so the variant has no peer figures, and the section says so. Writes
# bench/target/results/engine-jsonata.md (its section of docs/benchmarks.md) and engine-jsonata.json; the raw files
# land in bench/target/results/engine-jsonata/.
#
# Usage: bench/engine-jsonata.sh [--smoke]   (--smoke: one short JMH iteration per case)
# Knobs (environment): BENCH_JMH_ARGS ("-f 1 -wi 3 -i 5 -w 2s -r 2s"; smoke "-f 0 -wi 0 -i 1 -r 200ms", no fork),
# BENCH_MIN_RATIO (10: the JSONata machine against aws-local-stepfunctions on the JSONPath one, when
# bench/run.sh's Node figures are in bench/target/results/).
# Exit code: 0 ran (whatever the figures), 2 could not run (tool missing, build failed, the machines disagree).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
bench_init engine-jsonata "Engine benchmark, JSONata variant: the deployment machine in JSONata with variables" "$@"
root="$BENCH_ROOT"

min_ratio="${BENCH_MIN_RATIO:-10}"
if ((BENCH_SMOKE)); then
  jmh_args="${BENCH_JMH_ARGS:--f 0 -wi 0 -i 1 -r 200ms}"
else
  jmh_args="${BENCH_JMH_ARGS:--f 1 -wi 3 -i 5 -w 2s -r 2s}"
fi
jar="$root/bench/target/benchmarks.jar"
results="$BENCH_RESULTS/engine-jsonata"

for tool in java mvn; do
  command -v "$tool" >/dev/null || bench_cannot_run "$tool is not on the PATH; the benchmark needs Java 17+ and Maven"
done

# The jar is rebuilt unless it is newer than everything it is made of (bench/run.sh, run just before by
# bench/run-all, has usually built it).
bench_benchmarks_jar

rm -rf "$results"
mkdir -p "$results"

echo "== same outcomes: the JSONata machine must end every benchmarked execution as the JSONPath one does"
java -cp "$jar" dev.cutover.bench.Outcomes JSONPath > "$results/jsonpath-outcomes.json" \
  || bench_cannot_run "the engine could not run the JSONPath machine (above)"
java -cp "$jar" dev.cutover.bench.Outcomes JSONata > "$results/jsonata-outcomes.json" \
  || bench_cannot_run "the engine could not run the JSONata machine (above)"
jq -e --slurpfile a "$results/jsonpath-outcomes.json" '. == $a[0]' "$results/jsonata-outcomes.json" > /dev/null \
  || bench_cannot_run "the two machines end the test cases differently: compare ${results#"$root"/}/json*-outcomes.json"

echo "== peer: does aws-local-stepfunctions evaluate JSONata?"
if command -v node > /dev/null && [[ -d bench/node/node_modules/aws-local-stepfunctions ]]; then
  node bench/node/jsonata-probe.mjs > "$results/peer-probe.json" || echo '{}' > "$results/peer-probe.json"
else
  jq -n '{package: "aws-local-stepfunctions", version: null, jsonata: false,
          detail: "not asked: node or bench/node/node_modules is missing (bench/run.sh installs it)"}' \
    > "$results/peer-probe.json"
fi
peer_detail="$(jq -r '"\(.package) \(.version // "(not installed)"): \(.detail)"' "$results/peer-probe.json")"
echo "   $peer_detail"

echo "== cutover-states: JMH $jmh_args -p queryLanguage=JSONPath,JSONata -prof gc (log: ${results#"$root"/}/jmh.log)"
# shellcheck disable=SC2086 # the knobs are word lists on purpose
java -jar "$jar" $jmh_args -p queryLanguage=JSONPath,JSONata -prof gc -rf json -rff "$results/java-jmh.json" \
  'dev.cutover.bench.EngineBenchmark' > "$results/jmh.log" 2>&1 \
  || { tail -40 "$results/jmh.log" >&2; bench_cannot_run "JMH failed (${results#"$root"/}/jmh.log)"; }

# per case and query language: median, min and max of the measurement iterations, allocation per execution
figure() { # CASE LANGUAGE FIELD
  jq -r --arg m "$1" --arg q "$2" '.[] | select((.benchmark | endswith("." + $m)) and .params.queryLanguage == $q)
    | .primaryMetric.rawData | flatten | .[]' "$results/java-jmh.json" | bench_stats | cut -d' ' -f"$3"
}
alloc() { # CASE LANGUAGE
  jq -r --arg m "$1" --arg q "$2" '.[] | select((.benchmark | endswith("." + $m)) and .params.queryLanguage == $q)
    | .secondaryMetrics["gc.alloc.rate.norm"].score // "n/a"' "$results/java-jmh.json"
}
fmt() { awk -v v="$1" 'BEGIN { if (v == "n/a") print v; else printf "%.0f", v }'; }

# aws-local-stepfunctions on the JSONPath machine, from bench/run.sh's results of this run of bench/run-all, if any
node_figures=""
for candidate in "$BENCH_RESULTS/engine/node-throughput.json" "$BENCH_RESULTS/node-throughput.json"; do
  [[ -f "$candidate" ]] && { node_figures="$candidate"; break; }
done

declare -A test_cases=([HappyPath]=happyPath [RollbackAtStage2]=rollbackAtStage2)
rows=""
json_rows="[]"
targets="[]"
for case in HappyPath RollbackAtStage2; do
  method="${test_cases[$case]}"
  read -r p_med p_min p_max p_n <<< "$(figure "$method" JSONPath 1-4)"
  read -r a_med a_min a_max a_n <<< "$(figure "$method" JSONata 1-4)"
  p_alloc="$(alloc "$method" JSONPath)"
  a_alloc="$(alloc "$method" JSONata)"
  ratio="$(awk -v a="$a_med" -v p="$p_med" 'BEGIN { printf "%.2f", a / p }')"
  rows+="| $case | $(fmt "$p_med") ($(fmt "$p_min")–$(fmt "$p_max"), $p_n runs) | $(fmt "$a_med") ($(fmt "$a_min")–$(fmt "$a_max"), $a_n runs) | ${ratio}× | $(fmt "$p_alloc") B | $(fmt "$a_alloc") B |"$'\n'
  json_rows="$(jq --arg case "$case" --argjson pm "$p_med" --argjson pl "$p_min" --argjson ph "$p_max" \
    --argjson am "$a_med" --argjson al "$a_min" --argjson ah "$a_max" --argjson n "$a_n" \
    --arg pa "$p_alloc" --arg aa "$a_alloc" \
    '. + [{case: $case, iterations: $n,
           jsonPath: {executionsPerSecond: {median: $pm, min: $pl, max: $ph}, allocBytesPerExecution: ($pa | tonumber? // null)},
           jsonata: {executionsPerSecond: {median: $am, min: $al, max: $ah}, allocBytesPerExecution: ($aa | tonumber? // null)}}]' \
    <<< "$json_rows")"
  if [[ -n "$node_figures" ]]; then
    peer="$(jq -r --arg c "$case" '.results[$c].mean // empty' "$node_figures")"
  else
    peer=""
  fi
  target="cutover-states on the JSONata machine ≥ ${min_ratio}× aws-local-stepfunctions on the JSONPath one ($case)"
  if ((BENCH_SMOKE)); then
    status="not measured"
    measured="n/a"
    detail="smoke run: one short iteration per case, which says nothing about speed"
  elif [[ -n "$peer" ]]; then
    peer_ratio="$(awk -v a="$a_med" -v n="$peer" 'BEGIN { printf "%.1f", a / n }')"
    status="$(awk -v r="$peer_ratio" -v m="$min_ratio" 'BEGIN { print (r >= m) ? "met" : "missed" }')"
    detail="$(fmt "$a_med")/s against $(fmt "$peer")/s (bench/run.sh's Node figure in this run): ${peer_ratio}×"
    [[ "$status" == missed ]] && detail+=", short of ${min_ratio}× by $(awk -v r="$peer_ratio" -v m="$min_ratio" 'BEGIN { printf "%.1f", m - r }')×"
    measured="${peer_ratio}×"
  else
    status="not measured"
    measured="n/a"
    detail="no aws-local-stepfunctions figure in this run: bench/run.sh (engine) runs before this script in bench/run-all"
  fi
  targets="$(jq --arg t "$target" --arg s "$status" --arg m "$measured" --arg d "$detail" \
    '. + [{target: $t, status: $s, measured: $m, detail: $d}]' <<< "$targets")"
done

{
  echo "## $BENCH_TITLE"
  echo
  if [[ -f bench/about/engine-jsonata.md ]]; then
    cat bench/about/engine-jsonata.md
    echo
  fi
  echo "### Figures"
  echo
  bench_machine_line
  echo
  echo "Command: \`$BENCH_COMMAND\` (JMH \`$jmh_args -p queryLanguage=JSONPath,JSONata -prof gc\`)."
  echo
  echo "| case | JSONPath machine, executions/s: median (min–max) | JSONata machine, executions/s: median (min–max) | JSONata ÷ JSONPath | alloc/execution, JSONPath | alloc/execution, JSONata |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s' "$rows"
  echo
  echo "Peer: none. $peer_detail."
  echo
  echo "Targets:"
  echo
  jq -r '.[] | "- \(.target): **\(.status)** (\(.detail))"' <<< "$targets"
} > "$BENCH_RESULTS/engine-jsonata.md"
bench_write_json "$(jq -n --argjson rows "$json_rows" --slurpfile peer "$results/peer-probe.json" \
  '{cases: $rows, peer: $peer[0]}')" "$targets"
cat "$BENCH_RESULTS/engine-jsonata.md"
echo "== wrote ${BENCH_RESULTS#"$root"/}/engine-jsonata.md and engine-jsonata.json"
