#!/usr/bin/env bash
# Cost (about: bench/about/cost.md): state transitions, Lambda invocations, GB-seconds and price of one deployment
# by number of stages and bake, computed by cutover plan's estimator (core/plan's DeploymentEstimator, through
# bench/cost/CostTable.java) at PublishedRates. No peer, nothing timed: the figures are exact for the spec shape.
# Writes bench/target/results/cost.md and cost.json.
#
# Usage: bench/cost.sh [--smoke]   (--smoke: 1 and 3 stages, bakes of 1 and 30 minutes)
# Knobs (environment): COST_STAGES ("1 2 3 4 5"), COST_BAKES ("1 5 15 30", minutes).
# Exit code: 0 computed, 2 could not run (the CLI jar, which carries cutover plan's estimator; javac).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
bench_init cost "Cost of one deployment" "$@"
root="$BENCH_ROOT"

if ((BENCH_SMOKE)); then
  stages="${COST_STAGES:-1 3}"
  bakes="${COST_BAKES:-1 30}"
else
  stages="${COST_STAGES:-1 2 3 4 5}"
  bakes="${COST_BAKES:-1 5 15 30}"
fi
jar="$root/local/cli/target/cutover-cli.jar"
work="$root/bench/target/cost"
for tool in java javac jar; do
  command -v "$tool" >/dev/null || bench_cannot_run "$tool is not on the PATH"
done
if [[ ! -f "$jar" ]]; then
  ((BENCH_SMOKE)) && bench_cannot_run "$jar is not built (mvn -B -ntp -pl local/cli -am package -DskipTests)"
  mvn -B -q -ntp -o -Dstyle.color=never -pl local/cli -am package -DskipTests \
    || bench_cannot_run "building $jar failed"
fi

rm -rf "$work"
mkdir -p "$work/classes"
javac --release 17 -nowarn -d "$work/classes" -cp "$jar" bench/cost/CostTable.java \
  || bench_cannot_run "bench/cost/CostTable.java did not compile against $jar (rebuild it: core/plan changed?)"
# shellcheck disable=SC2086 # word lists
java -cp "$jar:$work/classes" dev.cutover.bench.cost.CostTable $stages -- $bakes > "$work/rows.jsonl" \
  || bench_cannot_run "CostTable failed"
rates=$(head -1 "$work/rows.jsonl" | jq '.rates')
rows=$(tail -n +2 "$work/rows.jsonl" | jq -s .)
rate() { jq -r ".$1" <<< "$rates"; }

{
  echo "## $BENCH_TITLE"
  echo
  bench_machine_line
  echo
  echo "Command: \`$BENCH_COMMAND\` (stages: $stages; bakes: $bakes minutes). The figures are computed, not timed: they do"
  echo "not depend on the machine, and one run is exact (no spread). Rates (\`PublishedRates\`): $(rate region), read"
  echo "$(rate readOn), from $(rate stepFunctionsPage) (Standard workflows, \$$(rate usdPer1000StateTransitions) per 1,000"
  echo "state transitions) and $(rate lambdaPage) (\$$(rate usdPerMillionLambdaRequests) per million requests,"
  echo "\$$(rate usdPerLambdaGbSecondArm64) per GB-second on arm64); free tiers not deducted."
  echo
  echo "One deployment started by CodeDeploy (five lifecycle hooks, then the workflow), the template's 1024 MB"
  echo "functions, 1 s assumed per invocation; the spec judges each stage by an alarm and a metric gate"
  echo "(\`bench/cost/CostTable.java\` builds it). \"at most\" adds every JudgeHealth retry while CloudWatch's metrics"
  echo "are not yet published (\`health.metricsWaitSeconds\`: 120)."
  echo
  echo "| stages | bake (min) | state transitions (at most) | Lambda invocations | GB-seconds | price per deployment (at most) |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
  jq -r '.[] | if .valid then
      "| \(.stages) | \(.bakeMinutes) | \(.stateTransitions) (\(.stateTransitionsAtMost)) | \(.lambdaInvocations) | \(.lambdaGbSeconds) | $\(.usd) ($\(.usdAtMost)) |"
    else "| \(.stages) | \(.bakeMinutes) | – | – | – | does not fit: the stages and the safety margin exceed CodeDeploy'"'"'s one-hour hook window |" end' <<< "$rows"
  echo
  cat bench/about/cost.md
} > "$BENCH_RESULTS/cost.md"

three=$(jq -r '[.[] | select(.valid and .stages == 3)][0] | if . == null then "n/a" else "3 stages: \(.stateTransitions) transitions, \(.lambdaInvocations) invocations, \(.lambdaGbSeconds) GB-s, $\(.usd)" end' <<< "$rows")
targets=$(jq -n --arg measured "$three" --argjson n "$(jq '[.[] | select(.valid)] | length' <<< "$rows")" '[{
  target: "transitions, invocations and GB-seconds per deployment by stages and bake, priced at the published rates, here and in `cutover plan`",
  status: (if $n > 0 then "met" else "not measured" end), measured: $measured, detail: ""}]')
bench_write_json "$(jq -n --argjson rows "$rows" --argjson rates "$rates" '{rates: $rates, rows: $rows}')" "$targets"
echo "wrote ${BENCH_RESULTS#"$root"/}/cost.md and cost.json"
