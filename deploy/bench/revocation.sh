#!/usr/bin/env bash
# Revocation propagation across three object-service replicas (ports 9000–9002, each its own Kafka
# consumer group): N rotate/delete rounds through the Edge API, time to first rejection on each replica;
# then the same with Kafka stopped, bounded by max-silence.
#   [WARMUP=20] [KINDS="key grant object"] deploy/bench/revocation.sh [rounds=200] [rounds-with-kafka-stopped=5]
# KINDS: what each set of rounds revokes: access keys (rotate/delete), single grants, every URL to an object.
# WARMUP rounds run first and are not counted (fresh replica JVMs are still compiling their hot paths).
# Needs the system up (deploy/local/up.sh); starts and stops the two extra replicas itself.
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
ROUNDS=${1:-200}
STOPPED_ROUNDS=${2:-5}
OUT="$ROOT_DIR/deploy/bench/results/revocation-$(date -u +%Y%m%dT%H%M%SZ)"
[[ -f "$RUN_DIR/env" ]] || die "start the system first: deploy/local/up.sh"
export_service_env

source "$ROOT_DIR/deploy/bench/replicas.sh"
cleanup() {
  stop_replicas
  "$LOCAL_DIR/kafka.sh" start >/dev/null 2>&1 || true
}
trap cleanup EXIT
start_replicas 9001 9002

read -ra KINDS <<< "${KINDS:-key grant object}"
for kind in "${KINDS[@]}"; do
  python3 "$ROOT_DIR/deploy/bench/revocation.py" --kind "$kind" --count "$ROUNDS" --warmup "${WARMUP:-20}" --out "$OUT"
done
log "stopping Kafka for the max-silence rounds"
"$LOCAL_DIR/kafka.sh" stop
# kafka.sh stops only a broker this checkout started; a broker someone else runs must be stopped by hand.
if port_open 127.0.0.1 "${EDGE_KAFKA_PORT:-9092}"; then
  die "Kafka is still up (not started from this checkout): stop it yourself, then run revocation.py --kafka-stopped"
fi
for kind in "${KINDS[@]}"; do
  python3 "$ROOT_DIR/deploy/bench/revocation.py" --kind "$kind" --count "$STOPPED_ROUNDS" --kafka-stopped --out "$OUT"
done
log "results: $OUT"
