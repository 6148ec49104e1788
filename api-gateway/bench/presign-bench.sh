#!/usr/bin/env bash
# Presign through the gateway beside a trivial gateway endpoint (the ceiling), same run:
#  1. throughput: wrk, closed loop, as many requests as the stack answers (ceiling, then presign);
#  2. latency at a fixed rate: deploy/bench/loadgen (open loop, latency from each request's intended
#     send time, so queueing is not hidden), presign and then the ceiling at RATE req/s.
#
# Needs a running stack (gateway started with EDGE_RATE_LIMIT_ENABLED=false, presign-service,
# key-service, object-service) and a platform API token with storage:presign and storage:buckets:
#
#   EDGE_TOKEN=edge_… api-gateway/bench/presign-bench.sh
#
# Env: GATEWAY_URL (http://127.0.0.1:8080), BUCKET (bench-bucket), DURATION (15s), WARMUP (5s), CONNECTIONS (32),
# THREADS (2), UNIQUE_KEYS (0: one prepared request; 1: a key per request, built in Lua); fixed-rate phase: RATE (1000, 0 skips it), RATE_DURATION (20s), RATE_WARMUP (10s),
# RATE_CONNECTIONS (16); GRANT_FIELDS: JSON members added to every presign body, e.g.
# GRANT_FIELDS='"maxBytes":5242880,"contentTypes":["image/*"],"uses":1,"context":{"userId":"42"}' (a grant with
# every limit; without it each URL is still a grant, with none). Results: /tmp/presign-bench-*.txt and /tmp/presign-bench-rate.csv.
# CPU per request: set GATEWAY_PID (and PRESIGN_PID) to the services' java PIDs and the wrk phases also
# print the CPU milliseconds each process spent per answered request (utime + stime from /proc/<pid>/stat).
# Loopback only; every run is bounded (wrk: DURATION plus its timeout; loadgen: warm-up + duration + 10 s).
set -euo pipefail

GATEWAY_URL=${GATEWAY_URL:-http://127.0.0.1:8080}
# The ceiling: the gateway's liveness check, answered by its internal listener (the public port has no /q).
GATEWAY_HEALTH_URL=${GATEWAY_HEALTH_URL:-http://127.0.0.1:8180/q/health/live}
BUCKET=${BUCKET:-bench-bucket}
GRANT=${GRANT_FIELDS:+,$GRANT_FIELDS}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
: "${EDGE_TOKEN:?set EDGE_TOKEN to a platform API token with storage:presign and storage:buckets}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

# The bucket must exist and be ours (201 created, 409 already ours are both fine).
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$GATEWAY_URL/api/storage/buckets" \
  -H "Authorization: Bearer $EDGE_TOKEN" -H 'Content-Type: application/json' -d "{\"name\":\"$BUCKET\"}")
case "$status" in 200|201|409) ;; *) echo "creating bucket $BUCKET answered $status" >&2; exit 1 ;; esac

# One presign by hand, so a broken setup fails loudly instead of benchmarking errors.
curl -sf -X POST "$GATEWAY_URL/api/storage/buckets/$BUCKET/presign" -H "Authorization: Bearer $EDGE_TOKEN" \
  -H 'Content-Type: application/json' -d '{"key":"bench/warmup.bin","action":"upload","expires":"15m"}' >/dev/null \
  || { echo "presign through the gateway failed; is the stack up?" >&2; exit 1; }

lua=$(mktemp --suffix=.lua)
trap 'rm -f "$lua"' EXIT
# By default every presign is the same prepared request, as the ceiling's GET is: wrk then spends as little
# per presign as per health check, and the two cores it shares with the services go to the services. The
# key does not change the server's work (nothing is cached per key). UNIQUE_KEYS=1 builds each request in
# Lua with a key of its own instead, which costs wrk about 0.015 ms more per request.
if [[ "${UNIQUE_KEYS:-0}" == 1 ]]; then
  cat >"$lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $EDGE_TOKEN"
wrk.headers["Content-Type"] = "application/json"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/storage/buckets/$BUCKET/presign", nil,
    '{"key":"bench/object-' .. counter .. '.bin","action":"upload","expires":"1h"$GRANT}')
end
LUA
else
  cat >"$lua" <<LUA
wrk.method = "POST"
wrk.path = "/api/storage/buckets/$BUCKET/presign"
wrk.headers["Authorization"] = "Bearer $EDGE_TOKEN"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"key":"bench/object.bin","action":"upload","expires":"1h"$GRANT}'
LUA
fi
cat >>"$lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("non-2xx/3xx: %d\n", summary.errors.status))
end
LUA

cpu_ticks() { # pid -> utime + stime in clock ticks (0 without a pid)
  [[ -n "${1:-}" ]] || { echo 0; return; }
  awk '{print $14 + $15}' "/proc/$1/stat"
}
run() { # name, wrk args…
  local name=$1; shift
  local gw0 ps0; gw0=$(cpu_ticks "${GATEWAY_PID:-}"); ps0=$(cpu_ticks "${PRESIGN_PID:-}")
  echo "== $name"
  wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$@" | tee "/tmp/presign-bench-$name.txt"
  if [[ -n "${GATEWAY_PID:-}" ]]; then
    local n gw1 ps1 hz; n=$(awk '/requests in/ {print $1}' "/tmp/presign-bench-$name.txt"); hz=$(getconf CLK_TCK)
    gw1=$(cpu_ticks "$GATEWAY_PID"); ps1=$(cpu_ticks "${PRESIGN_PID:-}")
    awk -v n="$n" -v hz="$hz" -v g=$((gw1 - gw0)) -v p=$((ps1 - ps0)) -v name="$name" 'BEGIN {
      printf "== cpu %s: gateway %.3f ms/request, presign-service %.3f ms/request (%d requests)\n",
        name, 1000 * g / hz / n, 1000 * p / hz / n, n }' | tee -a "/tmp/presign-bench-$name.txt"
  fi
}

# Warm-up (JIT, connection pools, caches), not measured.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-5s}" -s "$lua" "$GATEWAY_URL" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-5s}" "$GATEWAY_HEALTH_URL" >/dev/null

run ceiling "$GATEWAY_HEALTH_URL"
run presign -s "$lua" "$GATEWAY_URL"

ceiling=$(awk '/Requests\/sec/ {print $2}' /tmp/presign-bench-ceiling.txt)
presign=$(awk '/Requests\/sec/ {print $2}' /tmp/presign-bench-presign.txt)
echo "== summary: ceiling $ceiling req/s, presign $presign req/s, ratio $(awk -v a="$presign" -v b="$ceiling" 'BEGIN {printf "%.0f%%", 100*a/b}')"

RATE=${RATE:-1000}
if [[ "$RATE" != 0 ]]; then
  loadgen="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/deploy/bench/loadgen/loadgen.sh"
  fixed() { # name, loadgen args…
    local name=$1; shift
    echo "== $name at $RATE req/s (open loop)"
    "$loadgen" --rate "$RATE" --duration "${RATE_DURATION:-20s}" --warmup "${RATE_WARMUP:-10s}" \
      --connections "${RATE_CONNECTIONS:-16}" --csv /tmp/presign-bench-rate.csv --label "$name@$RATE" "$@" \
      | tee "/tmp/presign-bench-rate-$name.txt"
  }
  fixed presign --url "$GATEWAY_URL/api/storage/buckets/$BUCKET/presign" --method POST \
    -H "Authorization: Bearer $EDGE_TOKEN" -H 'Content-Type: application/json' \
    --body "{\"key\":\"bench/fixed-{{seq}}.bin\",\"action\":\"upload\",\"expires\":\"1h\"$GRANT}"
  fixed ceiling --url "$GATEWAY_HEALTH_URL"
  p99() { sed -n 's/^RESULT .*p99_ms=\([0-9.]*\).*/\1/p' "/tmp/presign-bench-rate-$1.txt"; }
  errors() { sed -n 's/^RESULT .*errors=\([0-9]*\).*/\1/p' "/tmp/presign-bench-rate-$1.txt"; }
  echo "== summary at $RATE req/s: presign p99 $(p99 presign) ms ($(errors presign) errors), ceiling p99 $(p99 ceiling) ms"
fi
