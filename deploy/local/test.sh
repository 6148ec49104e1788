#!/usr/bin/env bash
# The test command: starts PostgreSQL and Kafka when they are not running, then builds and tests
# every module (unit tests, @QuarkusTest and *IT) with `./mvnw -B verify`. Extra arguments go to
# Maven, e.g. `deploy/local/test.sh -pl sigv4`. What this script started, it stops at the end
# (set EDGE_KEEP_INFRA=1 to keep it running for the next run).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=()
cleanup() {
  local rc=$?
  if [[ "${EDGE_KEEP_INFRA:-0}" != 1 ]]; then
    for what in "${started[@]}"; do "$LOCAL_DIR/$what.sh" stop || true; done
  fi
  exit $rc
}
trap cleanup EXIT

if ! port_open "${EDGE_PG_HOST:-127.0.0.1}" "${EDGE_PG_PORT:-5432}"; then started+=(pg); fi
"$LOCAL_DIR/pg.sh" start
if ! port_open 127.0.0.1 "${EDGE_KAFKA_PORT:-9092}"; then started+=(kafka); fi
"$LOCAL_DIR/kafka.sh" start

cd "$ROOT_DIR"
log "running ./mvnw -B verify $*"
./mvnw -B verify "$@"
