#!/usr/bin/env bash
# End-to-end suite: starts the whole system the way a user does (deploy/local/up.sh), then drives it
# with independent clients at their default settings — JavaScript SDK v3 + fetch, boto3, AWS SDK for
# Java v2, curl, AWS CLI v1 and v2, headless Chromium through playwright-core, and a pinned copy of
# ceph/s3-tests (on the filesystem blob store only). Stops what it
# started. Installs what it needs on first use (Debian: chromium, awscli; npm: the pinned packages).
# With EDGE_BLOB_STORE=s3 the system keeps its blobs in an S3 upstream (local Ceph unless EDGE_BLOB_S3_ENDPOINT
# names another, see up.sh) and the suite adds a 1 GiB multipart upload (python/large).
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
E2E_DIR="$ROOT_DIR/deploy/e2e"

ensure_tools() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/aws ]] || missing+=(awscli)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [[ ! -d "$E2E_DIR/node_modules/@aws-sdk/client-s3" ]]; then
    log "installing the pinned npm packages (npm ci)"
    (cd "$E2E_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

was_up=0
if [[ -f "$RUN_DIR/env" ]] && pid_alive "$RUN_DIR/api-gateway.pid"; then was_up=1; fi
finish() {
  local rc=$?
  if ((was_up == 0)) && [[ "${EDGE_KEEP_UP:-0}" != 1 ]]; then "$ROOT_DIR/deploy/local/down.sh" || true; fi
  exit $rc
}
trap finish EXIT

ensure_tools
"$ROOT_DIR/deploy/local/up.sh"

failed=0
log "e2e: JavaScript SDK v3, fetch and Chromium (node --test)"
(cd "$E2E_DIR" && node --test --test-concurrency=1 js/) || failed=1
log "e2e: boto3, curl, AWS CLI v1/v2, Edge API, revocation (pytest)"
(cd "$E2E_DIR/python" && python3 -m pytest -q -p no:cacheprovider --ignore=large .) || failed=1
if [[ "${EDGE_BLOB_STORE:-filesystem}" == s3 ]]; then
  log "e2e: a 1 GiB multipart upload, read back and revoked, on the s3 blob store (pytest)"
  (cd "$E2E_DIR/python" && python3 -m pytest -q -p no:cacheprovider large) || failed=1
fi
if [[ "${EDGE_BLOB_STORE:-filesystem}" != s3 ]]; then
  # The protocol does not depend on the blob store: once, on the default one, is enough.
  log "e2e: ceph/s3-tests, pinned, within our scope (deploy/e2e/s3-tests)"
  "$E2E_DIR/s3-tests/run.sh" || failed=1
fi
log "e2e: AWS SDK for Java v2 and the Edge API with REST Assured (surefire)"
(cd "$E2E_DIR/java" && "$ROOT_DIR/mvnw" -B -q test) || failed=1

log "client versions: $(cd "$E2E_DIR" && node -e "for (const p of ['@aws-sdk/client-s3','@aws-sdk/s3-request-presigner','playwright-core']) process.stdout.write(p+'@'+require('./node_modules/'+p+'/package.json').version+' ')")" \
  "boto3 $(python3 -c 'import boto3; print(boto3.__version__)')" "$(/usr/bin/chromium --version 2>/dev/null)" \
  "aws v1: $(aws --version 2>&1 | cut -d' ' -f1) aws v2: $(/usr/bin/aws --version 2>&1 | cut -d' ' -f1)"
exit $failed
