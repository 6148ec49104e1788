#!/usr/bin/env bash
# Runs the open-loop constant-rate load generator, building it first when it is not built or its
# sources changed. All arguments go to it; `loadgen.sh --help` lists them. Example:
#   deploy/bench/loadgen/loadgen.sh --url http://127.0.0.1:8180/q/health/live --rate 1000 --duration 20s
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
JAR="$HERE/target/loadgen.jar"
if [[ ! -f "$JAR" || -n "$(find "$HERE/src" "$HERE/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  echo "[loadgen] building (mvnw package)" >&2
  # Offline first: the Maven cache is usually warm; fall back to the network otherwise.
  (cd "$HERE" && { "$ROOT/mvnw" -B -q -o package -DskipTests >&2 || "$ROOT/mvnw" -B -q package -DskipTests >&2; })
fi
exec java ${LOADGEN_JAVA_OPTS:--Xmx256m -XX:+UseParallelGC} -jar "$JAR" "$@"
