#!/usr/bin/env bash
# Cold start (about: bench/about/cold-start.md): every Lambda handler template.yaml names, each in a fresh JVM from
# the shaded Lambda jar to the end of its first invocation with its sample event (events/), its AWS clients pointed
# at a moto server on 127.0.0.1 (and a CodeDeploy stub for the calls moto lacks), the environment as the template
# sets it. Several JVM configurations, runs interleaved; writes bench/target/results/cold-start.md and .json.
#
# Usage: bench/cold-start.sh [--smoke]   (--smoke: one handler, one run per configuration)
# Knobs (environment): COLD_START_RUNS (3 runs per handler and configuration; 1 with --smoke),
#   COLD_START_HANDLERS (comma-separated simple class names; default all, with --smoke AfterAllowTrafficHandler),
#   COLD_START_JDK25 (/usr/lib/jvm/temurin-25-jdk-amd64: its java runs the AOT-cache configurations; absent: those
#   are reported as not measured), COLD_START_TARGET_MS (1000).
# Exit code: 0 measured (targets met or not), 2 could not run (python3 with moto and boto3, the jar, javac).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
bench_init cold-start "Cold start: every Lambda handler in a fresh JVM" "$@"
root="$BENCH_ROOT"

runs="${COLD_START_RUNS:-$( ((BENCH_SMOKE)) && echo 1 || echo 3)}"
only="${COLD_START_HANDLERS:-$( ((BENCH_SMOKE)) && echo AfterAllowTrafficHandler || true)}"
jdk25_home="${COLD_START_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
target_ms="${COLD_START_TARGET_MS:-1000}"
jar="$root/functions/handlers/target/cutover-functions.jar"
work="$root/bench/target/cold-start"

for tool in java javac jar python3 curl; do
  command -v "$tool" >/dev/null || bench_cannot_run "$tool is not on the PATH"
done
python3 -c 'import moto, boto3' 2>/dev/null \
  || bench_cannot_run "python3 cannot import moto and boto3 (pip install 'moto[server]==5.2.1')"
if [[ ! -f "$jar" ]]; then
  ((BENCH_SMOKE)) && bench_cannot_run "$jar is not built (mvn -B -ntp -pl functions/handlers -am package -DskipTests)"
  mvn -B -q -ntp -o -Dstyle.color=never -pl functions/handlers -am package -DskipTests \
    || bench_cannot_run "building $jar failed"
fi
jdk17="$(command -v java)"
jdk25="$jdk25_home/bin/java"
[[ -x "$jdk25" ]] || jdk25=""

# The sample event of each handler (CloseRollbackWindow has none of its own: Finalize's payload has its shape)
declare -A EVENTS=(
  [BeforeInstallHandler]=codedeploy-before-install.json
  [AfterInstallHandler]=codedeploy-after-install.json
  [AfterAllowTestTrafficHandler]=codedeploy-after-allow-test-traffic.json
  [BeforeAllowTrafficHandler]=codedeploy-before-allow-traffic.json
  [AfterAllowTrafficHandler]=codedeploy-after-allow-traffic.json
  [EcsLifecycleHookHandler]=ecs-lifecycle-hook-pre-production-traffic-shift.json
  [ValidateAndLockHandler]=workflow-task-validate-and-lock.json
  [PreTrafficChecksHandler]=workflow-task-pre-traffic-checks.json
  [ShiftTrafficHandler]=workflow-task-shift-traffic.json
  [JudgeHealthHandler]=workflow-task-judge-health.json
  [PostTrafficChecksHandler]=workflow-task-post-traffic-checks.json
  [FinalizeHandler]=workflow-task-finalize.json
  [RollbackHandler]=workflow-task-rollback.json
  [AlarmTriggerHandler]=alarm-state-change-alarm.json
  [QueryHandler]=query-status-deployment.json
  [RequestApprovalHandler]=workflow-task-request-approval.json
  [CloseRollbackWindowHandler]=workflow-task-finalize.json
  [AbortHandler]=abort.json
)
# every handler the template names, in its order; one without a sample event is an error, not a silent gap
mapfile -t classes < <(grep -oE 'Handler: [A-Za-z0-9_.]+::handleRequest' template.yaml | sed 's/Handler: //; s/::handleRequest//' | awk '!seen[$0]++')
selected=()
for class in "${classes[@]}"; do
  simple="${class##*.}"
  [[ -n "${EVENTS[$simple]:-}" ]] || bench_cannot_run "template.yaml names $class, which has no sample event in bench/cold-start.sh's EVENTS"
  [[ -z "$only" || ",$only," == *",$simple,"* ]] && selected+=("$class")
done
((${#selected[@]})) || bench_cannot_run "COLD_START_HANDLERS=$only matches no handler of template.yaml"

rm -rf "$work"
mkdir -p "$work/classes" "$work/events"
javac --release 17 -nowarn -d "$work/classes" -cp "$jar" bench/cold-start/ColdStart.java \
  || bench_cannot_run "the harness bench/cold-start/ColdStart.java did not compile against $jar"
jar cf "$work/harness.jar" -C "$work/classes" .
# jars only: AppCDS and the AOT cache refuse a class path with a non-empty directory
cp="$jar:$work/harness.jar"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
moto_port=$(free_port)
python3 -m moto.server -p "$moto_port" -H 127.0.0.1 > "$work/moto.log" 2>&1 &
pids+=($!)
stub_port=$(free_port)
python3 bench/cold-start/local_aws.py codedeploy "$stub_port" > "$work/codedeploy-stub.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$moto_port/moto-api/" && break
  sleep 0.2
done
curl -s -o /dev/null "http://127.0.0.1:$moto_port/moto-api/" || bench_cannot_run "moto did not start ($work/moto.log)"
echo "== local AWS: moto on 127.0.0.1:$moto_port, CodeDeploy stub on 127.0.0.1:$stub_port"
python3 bench/cold-start/local_aws.py setup "http://127.0.0.1:$moto_port" bench/cold-start/spec.yaml > "$work/resources.env" \
  || bench_cannot_run "creating the resources on moto failed"
# shellcheck disable=SC1091
. "$work/resources.env"

# the samples' ARNs are placeholders: point them at moto's resources
for class in "${selected[@]}"; do
  event="${EVENTS[${class##*.}]}"
  sed -e "s#arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/0123456789abcdef#$BLUE#g" \
    -e "s#arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/fedcba9876543210#$GREEN#g" \
    "events/$event" > "$work/events/$event"
done

# the environment template.yaml gives the functions (Globals and the state machine ARN), plus the local endpoints
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
  AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port" \
  AWS_ENDPOINT_URL_CODEDEPLOY="http://127.0.0.1:$stub_port" \
  POWERTOOLS_SERVICE_NAME=cutover CUTOVER_SERVICE=orders CUTOVER_SPEC_PARAMETER=/cutover/orders/spec \
  CUTOVER_LEDGER_TABLE=cutover-ledger CUTOVER_TOPIC_ARN="$TOPIC" \
  CUTOVER_CODEDEPLOY_APPLICATION=cutover-orders CUTOVER_CODEDEPLOY_DEPLOYMENT_GROUP=cutover-orders-group \
  CUTOVER_PRODUCTION_LISTENER_ARN="$PRODUCTION_LISTENER" CUTOVER_PRODUCTION_RULE_ARN="" \
  CUTOVER_TEST_LISTENER_ARN="$TEST_LISTENER" CUTOVER_TARGET_GROUP_A_ARN="$BLUE" CUTOVER_TARGET_GROUP_B_ARN="$GREEN" \
  CUTOVER_STATE_MACHINE_ARN="$STATE_MACHINE"
unset JAVA_TOOL_OPTIONS

c1=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1)
pairs=()
for class in "${selected[@]}"; do pairs+=("$class=$work/events/${EVENTS[${class##*.}]}"); done

# training runs: every selected handler invoked once in one JVM, which writes the archive at exit
echo "== training: AppCDS archive (JDK 17), AOT cache (JDK 25)"
"$jdk17" -XX:ArchiveClassesAtExit="$work/app17.jsa" "${c1[@]}" -cp "$cp" dev.cutover.bench.coldstart.ColdStart \
  "${pairs[@]}" > "$work/train17.out" 2> "$work/train17.log" || true
[[ -f "$work/app17.jsa" ]] || bench_cannot_run "the AppCDS training run wrote no archive ($work/train17.log)"
if [[ -n "$jdk25" ]]; then
  "$jdk25" -XX:AOTCacheOutput="$work/app25.aot" "${c1[@]}" -cp "$cp" dev.cutover.bench.coldstart.ColdStart \
    "${pairs[@]}" > "$work/train25.out" 2> "$work/train25.log" || true
  [[ -f "$work/app25.aot" ]] || bench_cannot_run "the AOT cache training run wrote no cache ($work/train25.log)"
fi

# name|java|flags|what
configs=(
  "jdk17|$jdk17||JDK 17, no flags"
  "jdk17-c1|$jdk17|${c1[*]}|JDK 17, C1 only (template.yaml's JAVA_TOOL_OPTIONS)"
  "jdk17-appcds-c1|$jdk17|-XX:SharedArchiveFile=$work/app17.jsa ${c1[*]}|JDK 17, AppCDS archive of the handlers' classes + C1 only"
)
if [[ -n "$jdk25" ]]; then
  configs+=(
    "jdk25-c1|$jdk25|${c1[*]}|Temurin 25, C1 only"
    "jdk25-aot-c1|$jdk25|-XX:AOTCache=$work/app25.aot ${c1[*]}|Temurin 25, AOT cache (JEP 483/514) + C1 only"
  )
fi

: > "$work/runs.jsonl"
total=$((runs * ${#selected[@]} * ${#configs[@]}))
n=0
echo "== $total fresh JVMs: $runs run(s) x ${#selected[@]} handler(s) x ${#configs[@]} configurations, interleaved"
for run in $(seq 1 "$runs"); do
  for pair in "${pairs[@]}"; do
    for config in "${configs[@]}"; do
      IFS='|' read -r name java flags _ <<< "$config"
      n=$((n + 1))
      # shellcheck disable=SC2086 # flags is a word list
      line=$(COLD_START_T0_NS=$(date +%s%N) "$java" $flags -cp "$cp" dev.cutover.bench.coldstart.ColdStart \
        "$pair" 2> "$work/last-run.log" | tee "$work/last-run.out" | tail -1) || true
      if [[ "$line" != "{"* ]]; then
        why="$(cat "$work/last-run.out" "$work/last-run.log" | grep -v '^Picked up' | grep -m1 . | cut -c1-160)"
        line=$(jq -cn --arg h "$(sed 's/=.*//; s/.*\.//' <<< "$pair")" --arg why "the JVM printed no result: $why" \
          '{handler: $h, constructedMs: -1, firstInvocationEndMs: -1, outcome: $why}')
      fi
      jq -c --arg config "$name" --argjson run "$run" '. + {config: $config, run: $run}' <<< "$line" >> "$work/runs.jsonl"
      printf '\r  %d/%d' "$n" "$total"
    done
  done
done
echo

# per handler and configuration: median and max of the first invocation's end, median of construction
summary=$(jq -s --argjson target "$target_ms" '
  def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
              else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  group_by([.handler, .config]) | map(map(select(.firstInvocationEndMs >= 0)) as $ok | {
    handler: .[0].handler, config: .[0].config, failed: (length - ($ok | length)),
    medianMs: ($ok | map(.firstInvocationEndMs) | median), maxMs: ($ok | map(.firstInvocationEndMs) | max),
    minMs: ($ok | map(.firstInvocationEndMs) | min), constructedMedianMs: ($ok | map(.constructedMs) | median),
    underTarget: (map(select(.firstInvocationEndMs >= 0 and .firstInvocationEndMs < $target)) | length),
    runs: length, outcome: (map(.outcome) | unique | join("; "))})' "$work/runs.jsonl")

config_names=()
for config in "${configs[@]}"; do config_names+=("${config%%|*}"); done
chosen="jdk17-appcds-c1"
[[ -n "$jdk25" ]] && chosen="jdk25-aot-c1"

{
  echo "## $BENCH_TITLE"
  echo
  bench_machine_line
  if [[ -n "$jdk25" ]]; then echo "Second JDK: $(bench_jdk "$jdk25")."; fi
  echo
  echo "Command: \`$BENCH_COMMAND\` ($runs run(s) per handler and configuration, interleaved; the shaded jar as"
  echo "built from this checkout, $(stat -c %s "$jar" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') bytes)."
  echo
  echo "Configurations:"
  echo
  for config in "${configs[@]}"; do
    IFS='|' read -r name _ flags what <<< "$config"
    echo "- \`$name\`: $what${flags:+ (\`${flags//$work\//}\`)}"
  done
  echo
  echo "Milliseconds from the \`java\` command to the end of the first invocation, median / max over the runs (the"
  echo "target: under $target_ms ms with the chosen measures, \`$chosen\`):"
  echo
  printf '| handler |'
  for name in "${config_names[@]}"; do printf ' %s |' "$name"; done
  printf ' constructed (%s, median) | first invocation ended |\n' "$chosen"
  printf '| --- |'
  for _ in "${config_names[@]}"; do printf ' ---: |'; done
  printf ' ---: | --- |\n'
  for class in "${selected[@]}"; do
    simple="${class##*.}"
    printf '| %s |' "${simple%Handler}"
    for name in "${config_names[@]}"; do
      jq -r --arg h "$simple" --arg c "$name" '.[] | select(.handler == $h and .config == $c)
        | if .medianMs == null then "failed" else "\(.medianMs | round) / \(.maxMs | round)\(if .failed > 0 then " (\(.failed) failed)" else "" end)" end' <<< "$summary" \
        | tr '\n' ' ' | sed 's/ $//; s/^/ /; s/$/ |/'
    done
    jq -r --arg h "$simple" --arg c "$chosen" '.[] | select(.handler == $h and .config == $c)
      | " \(.constructedMedianMs // -1 | round) | \(.outcome) |"' <<< "$summary" | tr -d '\n'
    echo
  done
  echo
  for name in "${config_names[@]}"; do
    jq -r --arg c "$name" --argjson target "$target_ms" '[.[] | select(.config == $c)] |
      "- `\($c)`: median of the handlers\u0027 medians \([.[].medianMs | select(. != null)] | sort | if length == 0 then "n/a" else (.[length / 2 | floor] | round | tostring) + " ms" end); \(map(.underTarget) | add) of \(map(.runs) | add) runs under \($target) ms\(if (map(.failed) | add) > 0 then "; \(map(.failed) | add) runs failed (no result)" else "" end)."' <<< "$summary"
  done
  echo
  awk -v l="${BENCH_LOAD_START%% *}" -v c="$(nproc)" 'BEGIN { if (l > c) printf "**How far to trust these figures:** the load average was %s on %d cores when the run began: each JVM waited for a CPU behind other work, and the moto server (Python, single-threaded) answered slowly too. The ratios between configurations hold better than the absolute times; judge the target on a quiet machine.\n\n", l, c }'
  cat bench/about/cold-start.md
} > "$BENCH_RESULTS/cold-start.md"

targets=$(jq --arg c "$chosen" --argjson target "$target_ms" --argjson handlers "${#selected[@]}" \
  --arg load "${BENCH_LOAD_START%% *}" --argjson cores "$(nproc)" \
  --argjson busy "$(awk -v l="${BENCH_LOAD_START%% *}" -v c="$(nproc)" 'BEGIN { print (l > c) ? "true" : "false" }')" '
  [.[] | select(.config == $c)] as $rows
  | ($rows | map(.medianMs // 1e9) | max) as $worst
  | ($rows | map(select(.medianMs == null or .medianMs >= $target or .failed > 0)) | map(.handler)) as $slow
  | [{target: "every handler under \($target) ms in a fresh JVM to the end of its first invocation, with the chosen measures (`\($c)`)",
      status: (if ($rows | length) < $handlers then "not measured" elif ($slow | length) == 0 then "met" else "missed" end),
      measured: "slowest handler median \($worst | round) ms; \($rows | map(.underTarget) | add) of \($rows | map(.runs) | add) runs under \($target) ms",
      detail: (if ($slow | length) == 0 then "" elif $worst >= 1e9 then "runs failed for \($slow | join(", ")) (see the section)" else "missed by \($worst - $target | round) ms (\($slow | join(", ")) over or failing)\(if $busy then "; the machine was busy (load \($load) on \($cores) cores): rerun when it is quiet" else "" end)" end)}]' <<< "$summary")
bench_write_json "$(jq -s --argjson summary "$summary" '{summary: $summary, runs: .}' "$work/runs.jsonl")" "$targets"
echo "== wrote ${BENCH_RESULTS#"$root"/}/cold-start.md and cold-start.json"
