#!/usr/bin/env bash
# The test command: starts PostgreSQL, Kafka and the two S3 upstreams of the blob store contract tests
# (Ceph RGW and s3proxy) when they are not running, then builds and tests every module (unit tests,
# @QuarkusTest and *IT) with `./mvnw -B verify`, with EDGE_TEST_CEPH_* and EDGE_TEST_S3PROXY_* naming
# the upstreams (endpoint and keys). Extra arguments go to
# Maven, e.g. `deploy/local/test.sh -pl sigv4`. Without arguments it then runs the end-to-end suite
# (deploy/e2e/run.sh: the system as up.sh starts it, driven by real SDKs, CLIs and Chromium) twice: on the
# filesystem blob store, then on the s3 blob store in front of Ceph; skip both with EDGE_SKIP_E2E=1. What this script started, it stops at the end (EDGE_KEEP_INFRA=1 keeps it).
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
if ! port_open 127.0.0.1 "$CEPH_RGW_PORT"; then started+=(ceph); fi
"$LOCAL_DIR/ceph.sh" start >/dev/null
if ! port_open 127.0.0.1 "$S3PROXY_PORT"; then started+=(s3proxy); fi
"$LOCAL_DIR/s3proxy.sh" start >/dev/null

# The blob store contract tests fail (never skip) without their upstreams: always name both.
export EDGE_TEST_CEPH_ENDPOINT=$CEPH_ENDPOINT
export EDGE_TEST_CEPH_ACCESS_KEY=$CEPH_ACCESS_KEY
export EDGE_TEST_CEPH_SECRET_KEY=$CEPH_SECRET_KEY
export EDGE_TEST_S3PROXY_ENDPOINT=$S3PROXY_ENDPOINT
export EDGE_TEST_S3PROXY_ACCESS_KEY=$S3PROXY_ACCESS_KEY
export EDGE_TEST_S3PROXY_SECRET_KEY=$S3PROXY_SECRET_KEY

cd "$ROOT_DIR"
log "running ./mvnw -B verify $*"
./mvnw -B verify "$@"

# The end-to-end suite needs the whole reactor's jars; skip it when only some modules were asked for.
if [[ $# -eq 0 && "${EDGE_SKIP_E2E:-0}" != 1 ]]; then
  log "running the end-to-end suite (deploy/e2e/run.sh)"
  "$ROOT_DIR/deploy/e2e/run.sh"
  log "running the end-to-end suite again with the s3 blob store on Ceph (EDGE_BLOB_STORE=s3)"
  EDGE_BLOB_STORE=s3 "$ROOT_DIR/deploy/e2e/run.sh"
fi
