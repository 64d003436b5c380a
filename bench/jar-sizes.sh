#!/usr/bin/env bash
# Jar sizes (docs/benchmarks.md, "Jar sizes"): each shaded jar's size and what it is made of, in MiB, counting each
# entry's compressed bytes plus its local and central directory headers (so the parts add up to the file).
# Usage: bench/jar-sizes.sh [JAR...]   (default: the Lambda jar and the CLI jar, built by `mvn package`)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jars=("$@")
[[ ${#jars[@]} -eq 0 ]] && jars=("$root/functions/handlers/target/cutover-functions.jar" "$root/local/cli/target/cutover-cli.jar")
for jar in "${jars[@]}"; do
  printf '%s: %d bytes\n' "$(basename "$jar")" "$(stat -c %s "$jar")"
  # zipinfo -l: field 6 is the compressed size, field 10 the name; 76 bytes of headers plus the name twice
  zipinfo -l "$jar" | awk '
    NF >= 10 && $1 ~ /^[-d]/ {
      name = $10; n = split(name, p, "/")
      if (name ~ /^software\/amazon\/awssdk\/services\//) key = "software/amazon/awssdk/services/" p[5]
      else if (name ~ /\.txz$/) key = "PostgreSQL binaries (" name ")"
      else if (n > 3) key = p[1] "/" p[2] "/" p[3]
      else key = (n > 1 ? p[1] : "(top level)")
      bytes[key] += $6 + 76 + 2 * length(name)
    }
    END { for (k in bytes) printf "%8.2f MiB  %s\n", bytes[k] / 1048576, k }' | sort -rn | head -"${TOP:-25}"
done
