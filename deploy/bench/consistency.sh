#!/usr/bin/env bash
# Read-after-write across three object-service replicas (ports 9000–9002) with their metadata caches on:
# overwrite/delete through one replica, read from all three at once (consistency.py). Runs first against
# the one replica of the local system (the write latency without other replicas), then with three.
#   deploy/bench/consistency.sh [rounds=300]
# Needs the system up (deploy/local/up.sh); starts and stops the two extra replicas itself. Exits non-zero
# on any stale read.
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
ROUNDS=${1:-300}
OUT="$ROOT_DIR/deploy/bench/results/consistency-$(date -u +%Y%m%dT%H%M%SZ)"
[[ -f "$RUN_DIR/env" ]] || die "start the system first: deploy/local/up.sh"
export_service_env

log "one replica"
python3 "$ROOT_DIR/deploy/bench/consistency.py" --rounds "$ROUNDS" --replicas http://127.0.0.1:9000 --out "$OUT"

replicas=(9001 9002)
cleanup() {
  for port in "${replicas[@]}"; do stop_pidfile "object-service:$port" "$RUN_DIR/object-service-$port.pid"; done
}
trap cleanup EXIT
for port in "${replicas[@]}"; do
  EDGE_S3_PORT=$port nohup java -Xmx512m -jar "$ROOT_DIR/object-service/target/quarkus-app/quarkus-run.jar" \
    >"$RUN_DIR/logs/object-service-$port.log" 2>&1 &
  echo $! > "$RUN_DIR/object-service-$port.pid"
done
for port in "${replicas[@]}"; do
  wait_for "object-service replica :$port" 120 curl -fsS "http://127.0.0.1:$port/q/health/ready" || die "replica $port did not start"
done
sleep 3 # a replica serves from its cache two thirds of a lease after it joined; reads before are uncached
log "three replicas"
python3 "$ROOT_DIR/deploy/bench/consistency.py" --rounds "$ROUNDS" --out "$OUT"
log "results: $OUT"
