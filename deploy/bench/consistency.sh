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

source "$ROOT_DIR/deploy/bench/replicas.sh"
trap stop_replicas EXIT
start_replicas 9001 9002
log "three replicas"
python3 "$ROOT_DIR/deploy/bench/consistency.py" --rounds "$ROUNDS" --out "$OUT"
log "results: $OUT"
