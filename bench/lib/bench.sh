# Shared by the bench/*.sh benchmarks (sourced, not run): the contract every benchmark follows, in one place.
#
#   bench_init NAME "Title" "$@"   parses --smoke, notes the load and the time, creates the results directory,
#                                  sets BENCH_ROOT (the repository) and changes to it
#   bench_machine_line             "Machine: N cores, M GiB, JDK, load average at the start and now" (markdown)
#   bench_write_json RESULTS TARGETS   writes results/NAME.json: the machine, the command, the targets, the figures
#   bench_benchmarks_jar           builds bench/target/benchmarks.jar when an input is newer than it
#   bench_cannot_run MESSAGE       prints why on standard error and exits 2 (tool missing, build failed)
#
# RESULTS and TARGETS are JSON texts. TARGETS is an array of {"target", "status": "met" | "missed" | "not
# measured", "measured", "detail"}; bench/run-all turns every benchmark's targets into docs/benchmarks.md's summary.
# Results land in $BENCH_RESULTS (default bench/target/results): NAME.md (one "## Title" section) and NAME.json.

bench_init() {
  BENCH_NAME="$1"
  BENCH_TITLE="$2"
  shift 2
  BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  BENCH_RESULTS="${BENCH_RESULTS:-$BENCH_ROOT/bench/target/results}"
  BENCH_SMOKE=0
  for arg in "$@"; do
    [[ "$arg" == --smoke ]] && BENCH_SMOKE=1
  done
  BENCH_COMMAND="bench/$(basename "$0")${*:+ $*}"
  BENCH_LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
  BENCH_STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  command -v jq >/dev/null || bench_cannot_run "jq is not on the PATH; the benchmarks write their results with it"
  mkdir -p "$BENCH_RESULTS"
  cd "$BENCH_ROOT"
  rm -f "$BENCH_RESULTS/$BENCH_NAME.md" "$BENCH_RESULTS/$BENCH_NAME.json"
}

bench_cannot_run() {
  echo "${BENCH_NAME:-bench}: could not run: $*" >&2
  exit 2
}

bench_jdk() {
  "${1:-java}" -version 2>&1 | head -1 | sed 's/"//g'
}

bench_memory_gib() {
  awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo
}

bench_machine_line() {
  local cores load_end
  cores="$(nproc)"
  load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'Machine: %s cores, %s GiB memory, %s; load average (1, 5, 15 min) %s at the start, %s at the end%s; run %s.\n' \
    "$cores" "$(bench_memory_gib)" "$(bench_jdk)" "$BENCH_LOAD_START" "$load_end" \
    "$(awk -v l="${BENCH_LOAD_START%% *}" -v c="$cores" \
      'BEGIN { if (l > c) printf " (**busy**: %.1f runnable tasks per core at the start, so times are inflated and rates deflated)", l / c }')" \
    "$BENCH_STARTED"
}

bench_write_json() {
  jq -n --arg name "$BENCH_NAME" --arg title "$BENCH_TITLE" --arg command "$BENCH_COMMAND" \
    --argjson smoke "$([[ $BENCH_SMOKE == 1 ]] && echo true || echo false)" \
    --arg started "$BENCH_STARTED" --arg loadStart "$BENCH_LOAD_START" --arg loadEnd "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --argjson cores "$(nproc)" --argjson memoryGiB "$(bench_memory_gib)" --arg jdk "$(bench_jdk)" \
    --argjson results "$1" --argjson targets "$2" \
    '{name: $name, title: $title, command: $command, smoke: $smoke, started: $started,
      machine: {cores: $cores, memoryGiB: $memoryGiB, jdk: $jdk, loadAverageStart: $loadStart,
                loadAverageEnd: $loadEnd},
      targets: $targets, results: $results}' > "$BENCH_RESULTS/$BENCH_NAME.json"
}

# median and spread of numbers on standard input, one a line: "median min max n" (empty input: "n/a n/a n/a 0")
bench_stats() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "n/a n/a n/a 0"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    print m, v[1], v[NR], NR }'
}

# bench_benchmarks_jar: makes sure bench/target/benchmarks.jar is built from this checkout. The default build
# (mvn verify) builds it; rebuilt only when an input is newer than the jar (offline first, then online).
bench_benchmarks_jar() {
  local jar="$BENCH_ROOT/bench/target/benchmarks.jar"
  local inputs=(pom.xml bench/pom.xml bench/src bench/mocks.json bench/input.json bench/substitutions.json
    bench/deployment-jsonata.asl.json statemachine/deployment.asl.json local/states/pom.xml local/states/src)
  if [[ -f "$jar" && -z "$(find "${inputs[@]}" -newer "$jar" -print -quit)" ]]; then
    echo "== build: bench/target/benchmarks.jar is up to date"
  else
    echo "== build (mvn -pl bench -am package)"
    # Maven's colour codes stripped: some set-ups print them even in batch mode
    local build=(mvn -B -q -ntp -Dstyle.color=never -pl bench -am package -DskipTests -Dspotless.check.skip=true)
    "${build[@]}" -o 2>&1 | sed $'s/\x1b\\[[0-9;]*m//g' || "${build[@]}" 2>&1 | sed $'s/\x1b\\[[0-9;]*m//g' \
      || bench_cannot_run "the benchmarks jar did not build"
  fi
  [[ -f "$jar" ]] || bench_cannot_run "the build did not produce $jar"
}
