#!/usr/bin/env bash
# Stops what up.sh started, and nothing else: the services by their PID files, then Kafka and
# PostgreSQL if up.sh (not you, not test.sh) started them.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for mod in api-gateway presign-service object-service key-service; do
  stop_pidfile "$mod" "$RUN_DIR/$mod.pid"
done
# Infrastructure only if up.sh started it (test.sh, or you, may have started it before).
if [[ -f "$RUN_DIR/up.started" ]]; then
  grep -qx kafka "$RUN_DIR/up.started" && "$LOCAL_DIR/kafka.sh" stop
  grep -qx pg "$RUN_DIR/up.started" && "$LOCAL_DIR/pg.sh" stop
  rm -f "$RUN_DIR/up.started"
fi
log "down"
