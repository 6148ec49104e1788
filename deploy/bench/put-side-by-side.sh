#!/usr/bin/env bash
# PUT of two object-service builds and s3proxy side by side: both builds run buffered (no fsync,
# synchronous_commit=off, as dataplane.sh's object-service-buffered), all three are warmed up, then measured
# in turn, round after round, so each round's three figures share the state of a busy machine. The order
# goes through all six permutations, one per round, and each window starts once the machine has settled: in
# a fixed order the object-service measured first in a round came out 12–57 % ahead of an equal one measured
# second (docs/benchmarks.md, 2026-11-29 13:30–15:15 UTC). Use a multiple of 6 rounds.
#
#   deploy/bench/put-side-by-side.sh BEFORE_JAR AFTER_JAR [SIZE] ["CONCURRENCIES"] [SECONDS] [ROUNDS]
#   deploy/bench/put-side-by-side.sh /tmp/old/quarkus-run.jar object-service/target/quarkus-app/quarkus-run.jar 4096 "16 64" 8 6
#   BENCH_BEFORE_ENV="EDGE_BLOB_DELETE_DELAY=30s" BENCH_AFTER_ENV="EDGE_BLOB_DELETE_DELAY=1s" \
#     deploy/bench/put-side-by-side.sh JAR JAR 1048576 16 8 6    # one jar, two settings
#
# Needs the system up (deploy/local/up.sh) and dataplane.sh run once (it fetches s3proxy). Prints CSV rows:
# server,size,conc,round,ops_per_s,cpu_ms_per_op,pg_ms_per_op (all PostgreSQL processes),p50,p99,load1.
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/settle.sh"
BENCH_DIR="$ROOT_DIR/deploy/bench"
WORK="$RUN_DIR/bench"
BEFORE_JAR=$1 AFTER_JAR=$2 SIZE=${3:-4096} CONCS=${4:-16 64} SECS=${5:-8} ROUNDS=${6:-6}
S3PROXY_PORT=${BENCH_S3PROXY_PORT:-9100}
BEFORE_PORT=${BENCH_BUFFERED_PORT:-9300}
AFTER_PORT=$((BEFORE_PORT + 1))
[[ -f "$RUN_DIR/env" && -f "$WORK/s3proxy.jar" && -f "$WORK/s3proxy.conf" ]] || die "run deploy/local/up.sh and deploy/bench/dataplane.sh first"
source "$RUN_DIR/env"
export_service_env

start_buffered() { # jar port "NAME=value …" -> pid
  # shellcheck disable=SC2086 # the settings are words on purpose
  env $3 EDGE_S3_PORT=$2 EDGE_OBJECT_SERVICE_INTERNAL_PORT=$(($2 + 180)) EDGE_BLOB_FSYNC=false EDGE_PG_SYNCHRONOUS_COMMIT=off \
    nohup java -Xmx512m -jar "$1" >"$RUN_DIR/logs/side-by-side-$2.log" 2>&1 &
  echo $!
}
BEFORE_PID=$(start_buffered "$BEFORE_JAR" "$BEFORE_PORT" "${BENCH_BEFORE_ENV:-}")
AFTER_PID=$(start_buffered "$AFTER_JAR" "$AFTER_PORT" "${BENCH_AFTER_ENV:-}")
java -Xmx512m -jar "$WORK/s3proxy.jar" --properties "$WORK/s3proxy.conf" >"$RUN_DIR/logs/s3proxy.log" 2>&1 &
S3PROXY_PID=$!
trap 'kill $BEFORE_PID $AFTER_PID $S3PROXY_PID 2>/dev/null; wait $BEFORE_PID $AFTER_PID $S3PROXY_PID 2>/dev/null || true' EXIT

for port in "$BEFORE_PORT" "$AFTER_PORT"; do
  # A build from before the internal listener answers its probes on the public port.
  wait_for "object-service on $port" 120 bash -c "curl -fsS http://127.0.0.1:$((port + 180))/q/health/ready \
    || curl -fsS http://127.0.0.1:$port/q/health/ready" || die "object-service on $port did not start"
  python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$port" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" \
    "side-$port/object-$SIZE" put --count 64 > "$WORK/side-$port.urls"
done
wait_for "s3proxy" 60 port_open 127.0.0.1 "$S3PROXY_PORT" || die "s3proxy did not start"
python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$S3PROXY_PORT" benchaccesskey benchsecretkey bench \
  "side/object-$SIZE" put --create-bucket --count 64 > "$WORK/side-$S3PROXY_PORT.urls"

put() { # port concurrency seconds
  URLS_FILE="$WORK/side-$1.urls" BODY_SIZE=$SIZE wrk -t1 -c"$2" -d"$3s" --latency -s "$BENCH_DIR/put.lua" "$(head -n1 "$WORK/side-$1.urls")"
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
postgres_ticks() { local t=0 p; for p in $(pgrep postgres); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }

for _ in 1 2; do for port in "$BEFORE_PORT" "$AFTER_PORT" "$S3PROXY_PORT"; do put "$port" 16 15 >/dev/null; done; done
echo "server,size,conc,round,ops_per_s,cpu_ms_per_op,pg_ms_per_op,p50,p99,load1"
# Every server in every place twice, and before ahead of after in half of the rounds.
orders=("before after s3proxy" "after before s3proxy" "s3proxy before after" "s3proxy after before"
  "before s3proxy after" "after s3proxy before")
for conc in $CONCS; do for round in $(seq 1 "$ROUNDS"); do
  for server in ${orders[(round - 1) % 6]}; do
    case $server in
      before) pid=$BEFORE_PID port=$BEFORE_PORT ;; after) pid=$AFTER_PID port=$AFTER_PORT ;;
      s3proxy) pid=$S3PROXY_PID port=$S3PROXY_PORT ;;
    esac
    settle
    cpu0=$(ticks "$pid") pg0=$(postgres_ticks) load=$(cut -d' ' -f1 /proc/loadavg)
    out=$(put "$port" "$conc" "$SECS")
    cpu1=$(ticks "$pid") pg1=$(postgres_ticks)
    python3 - "$server" "$SIZE" "$conc" "$round" "$SECS" "$cpu0" "$cpu1" "$pg0" "$pg1" "$load" "$(getconf CLK_TCK)" "$out" <<'PY'
import re, sys
server, size, conc, rnd, secs, c0, c1, g0, g1, load, hz, out = sys.argv[1:]
n = int(re.search(r'(\d+) requests in', out).group(1))
n -= sum(int(x) for x in re.findall(r'Non-2xx or 3xx responses: (\d+)', out))
pct = lambda p: re.search(r'^\s+' + p + r'%\s+(\S+)', out, re.M).group(1)
per = lambda a, b: (float(b) - float(a)) / float(hz) * 1000 / max(n, 1)
print(f"{server},{size},{conc},{rnd},{n / float(secs):.0f},{per(c0, c1):.3f},{per(g0, g1):.3f},{pct('50')},{pct('99')},{load}")
PY
  done
done; done
