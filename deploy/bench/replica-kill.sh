#!/usr/bin/env bash
# Several object-service replicas with no shared volume: the system started with EDGE_BLOB_STORE=s3
# (`EDGE_BLOB_STORE=s3 deploy/local/up.sh`: blobs in Ceph RGW), two more replicas on the same Ceph and the
# same PostgreSQL (replicas.sh). Then:
#  1. read-after-write across the three (consistency.py: written through one, read through the others; the
#     target is 0 stale reads);
#  2. presigned GETs against each replica for DURATION seconds, and replica :9001 killed with SIGKILL a third
#     of the way in: the other two must answer every request (no errors, requests served after the kill);
#  3. read-after-write again across the two that are left (a write waits at most a cache lease for the
#     dead one).
#   deploy/bench/replica-kill.sh [rounds=100] [duration=30]
# Loopback only; bounded by the rounds and the duration; stops the replicas it started. Exits non-zero on a
# stale read or a failed request to a surviving replica.
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
ROUNDS=${1:-100}
DURATION=${2:-30}
BENCH_DIR="$ROOT_DIR/deploy/bench"
OUT="$BENCH_DIR/results/replica-kill-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
[[ -f "$RUN_DIR/env" ]] || die "start the system first: EDGE_BLOB_STORE=s3 deploy/local/up.sh"
[[ -f "$RUN_DIR/blob-store.env" ]] || die "the system runs on the filesystem store; start it with EDGE_BLOB_STORE=s3 deploy/local/up.sh"
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
source "$RUN_DIR/env"
export_service_env

source "$BENCH_DIR/replicas.sh"
trap stop_replicas EXIT
start_replicas 9001 9002

log "read-after-write across three replicas on one Ceph"
python3 "$BENCH_DIR/consistency.py" --rounds "$ROUNDS" --out "$OUT/three" || die "stale reads across three replicas"

key="bench/replica-kill.bin"
python3 "$BENCH_DIR/presign.py" "$EDGE_S3_ENDPOINT" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key" get --upload 65536 >/dev/null
for port in 9000 9001 9002; do
  url=$(python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$port" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key" get)
  wrk -t1 -c8 -d"${DURATION}s" --timeout 5s "$url" > "$OUT/wrk-$port.txt" 2>&1 &
  echo $! > "$OUT/wrk-$port.pid"
done
sleep $((DURATION / 3))
victim=$(cat "$RUN_DIR/object-service-9001.pid")
kill -9 "$victim"
log "killed replica :9001 (pid $victim) under load"
for port in 9000 9001 9002; do wait "$(cat "$OUT/wrk-$port.pid")" || true; done

failed=0
for port in 9000 9002; do
  requests=$(grep -oE '[0-9]+ requests in' "$OUT/wrk-$port.txt" | grep -oE '^[0-9]+' || echo 0)
  errors=$(grep -oE 'Non-2xx or 3xx responses: [0-9]+' "$OUT/wrk-$port.txt" | grep -oE '[0-9]+$' || echo 0)
  sockets=$(grep -oE 'Socket errors:.*' "$OUT/wrk-$port.txt" || echo "Socket errors: none")
  log "replica :$port served $requests GETs over ${DURATION}s, ${errors:-0} non-2xx, $sockets"
  if [[ -n "${errors:-}" && "$errors" != 0 ]] || [[ "$sockets" != "Socket errors: none" ]]; then failed=1; fi
done
log "replica :9001 (killed): $(grep -oE '[0-9]+ requests in' "$OUT/wrk-9001.txt") $(grep -oE 'Socket errors:.*' "$OUT/wrk-9001.txt")"

log "read-after-write across the two replicas left"
python3 "$BENCH_DIR/consistency.py" --rounds "$ROUNDS" --replicas http://127.0.0.1:9000,http://127.0.0.1:9002 \
  --out "$OUT/two" || failed=1
rm -f "$RUN_DIR/object-service-9001.pid"
log "results: $OUT"
exit $failed
