#!/usr/bin/env bash
# Stops what up.sh started, and nothing else: the services by their PID files, then Ceph, Kafka and
# PostgreSQL if up.sh (not you, not test.sh) started them.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for mod in api-gateway presign-service object-service key-service; do
  stop_pidfile "$mod" "$RUN_DIR/$mod.pid"
done
# Infrastructure only if up.sh started it (test.sh, or you, may have started it before).
if [[ -f "$RUN_DIR/up.started" ]]; then
  for what in s3proxy ceph kafka pg; do
    if grep -qx "$what" "$RUN_DIR/up.started"; then "$LOCAL_DIR/$what.sh" stop; fi
  done
  rm -f "$RUN_DIR/up.started"
fi
log "down"
