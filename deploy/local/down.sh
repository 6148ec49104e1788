#!/usr/bin/env bash
# Stops what up.sh started, and nothing else: the services by their PID files, then Kafka, then
# PostgreSQL if up.sh (not you) started it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for mod in api-gateway presign-service object-service key-service; do
  stop_pidfile "$mod" "$RUN_DIR/$mod.pid"
done
"$LOCAL_DIR/kafka.sh" stop
"$LOCAL_DIR/pg.sh" stop
log "down"
