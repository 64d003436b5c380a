#!/usr/bin/env bash
# Jar sizes (about: bench/about/jar-sizes.md): each shaded jar's size against its target, and what it is made of,
# in MiB, counting each entry's compressed bytes plus its local and central directory headers (so the parts add up
# to the file). Writes bench/target/results/jar-sizes.md and jar-sizes.json.
#
# Usage: bench/jar-sizes.sh [--smoke]
#   Measures functions/handlers/target/cutover-functions.jar and local/cli/target/cutover-cli.jar; builds them
#   first when absent (mvn -o package), except with --smoke, which only measures (the test suite has built them).
# Knobs (environment): TOP (12 parts per jar; 5 with --smoke).
# Exit code: 0 measured (targets met or not), 2 a jar is missing and could not be built.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh"
bench_init jar-sizes "Jar sizes" "$@"
root="$BENCH_ROOT"
top="${TOP:-$( ((BENCH_SMOKE)) && echo 5 || echo 12)}"
command -v zipinfo >/dev/null || bench_cannot_run "zipinfo (package unzip) is not on the PATH"

# name, path, target in bytes (MB = 10^6 bytes, as the issue counts), what the target is
jars=(
  "Lambda|functions/handlers/target/cutover-functions.jar|25000000|under 25 MB"
  "CLI|local/cli/target/cutover-cli.jar|40000000|under 40 MB, with PostgreSQL binaries for the running platform only"
)
missing=()
for entry in "${jars[@]}"; do
  IFS='|' read -r _ path _ _ <<< "$entry"
  [[ -f "$path" ]] || missing+=("$path")
done
if ((${#missing[@]})); then
  ((BENCH_SMOKE)) && bench_cannot_run "${missing[*]} not built (mvn -B -ntp -pl functions/handlers,local/cli -am package -DskipTests)"
  mvn -B -q -ntp -o -Dstyle.color=never -pl functions/handlers,local/cli -am package -DskipTests \
    || bench_cannot_run "building ${missing[*]} failed"
fi

group() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<< "$1"; }

# the parts of one jar, "MiB<TAB>part", largest first
parts() {
  # zipinfo -l: field 6 is the compressed size, field 10 the name; 76 bytes of headers plus the name twice
  zipinfo -l "$1" | awk '
    NF >= 10 && $1 ~ /^[-d]/ {
      name = $10; n = split(name, p, "/")
      if (name ~ /^software\/amazon\/awssdk\/services\//) key = "software/amazon/awssdk/services/" p[5]
      else if (name ~ /\.txz$/) key = "PostgreSQL binaries (" name ")"
      else if (n > 3) key = p[1] "/" p[2] "/" p[3]
      else key = (n > 1 ? p[1] : "(top level)")
      bytes[key] += $6 + 76 + 2 * length(name)
    }
    END { for (k in bytes) printf "%.2f\t%s\n", bytes[k] / 1048576, k }' | sort -rn
}

rows=""
targets="[]"
figures="[]"
details=""
for entry in "${jars[@]}"; do
  IFS='|' read -r label path limit what <<< "$entry"
  size=$(stat -c %s "$path")
  mib=$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1048576 }')
  if ((size <= limit)); then
    status=met
    verdict="met, $(awk -v b="$size" -v l="$limit" 'BEGIN { printf "%.1f", (l - b) / 1e6 }') MB to spare"
    detail=""
  else
    status=missed
    by=$(awk -v b="$size" -v l="$limit" 'BEGIN { printf "%.1f", (b - l) / 1e6 }')
    verdict="**missed by $by MB**"
    detail="missed by $by MB: the AWS SDK clients' models (see the part table)"
  fi
  rows+="| $label (\`$path\`) | $(group "$size") bytes ($mib MiB) | $what | $verdict |"$'\n'
  jar_parts="$(parts "$path" | head -"$top")"
  part_rows="$(awk -F'\t' '{ printf "| %s | %s |\n", $2, $1 }' <<< "$jar_parts")"
  details+=$'\n'"Largest parts of the $label jar, in MiB (top $top):"$'\n\n'"| part | MiB |"$'\n'"| --- | ---: |"$'\n'"$part_rows"$'\n'
  targets=$(jq --arg t "$label jar $what" --arg s "$status" --arg m "$(group "$size") bytes" --arg d "$detail" \
    '. + [{target: $t, status: $s, measured: $m, detail: $d}]' <<< "$targets")
  figures=$(jq --arg jarName "$label" --arg path "$path" --argjson size "$size" --argjson limit "$limit" \
    --argjson parts "$(jq -R -s 'split("\n") | map(select(length > 0) | split("\t") | {part: .[1], mib: (.[0] | tonumber)})' <<< "$jar_parts")" \
    '. + [{jar: $jarName, path: $path, bytes: $size, targetBytes: $limit, parts: $parts}]' <<< "$figures")
  echo "$label: $size bytes ($mib MiB), target $limit: $status"
done

{
  echo "## $BENCH_TITLE"
  echo
  bench_machine_line
  echo
  echo "Command: \`$BENCH_COMMAND\`, on the jars \`mvn package\` built from this checkout. A size is exact, so there is one"
  echo "measurement and no spread; a part's MiB counts its entries' compressed bytes plus their zip headers, so the"
  echo "parts add up to the file."
  echo
  echo "| jar | size | target | result |"
  echo "| --- | ---: | --- | --- |"
  printf '%s' "$rows"
  echo "$details"
  cat bench/about/jar-sizes.md
} > "$BENCH_RESULTS/jar-sizes.md"
bench_write_json "$figures" "$targets"
echo "wrote ${BENCH_RESULTS#"$root"/}/jar-sizes.md and jar-sizes.json"
