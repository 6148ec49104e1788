#!/usr/bin/env bash
# Brings the whole system up on this machine, loopback only: PostgreSQL, Kafka and the four services
# from their packaged jars. Builds what is not built, waits until everything is ready, creates a demo
# account (and a second, unrelated one) and writes deploy/local/.run/env for `source`.
# EDGE_BLOB_STORE=s3 also starts Ceph (ceph.sh) as the blob store's upstream, unless EDGE_BLOB_S3_ENDPOINT
# names another S3-compatible one.
# Running it twice is harmless: what runs is left running, what exists is reused.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(key-service object-service presign-service api-gateway)
declare -A PORT_OF=([key-service]=${EDGE_KEY_SERVICE_PORT:-8082} [object-service]=${EDGE_S3_PORT:-9000}
                    [presign-service]=${EDGE_PRESIGN_PORT:-8081} [api-gateway]=${EDGE_GATEWAY_PORT:-8080})
# Each service's internal listener: /internal/** and /q/** (probes, metrics), never on the public port.
declare -A INTERNAL_PORT_OF=([key-service]=${EDGE_KEY_SERVICE_INTERNAL_PORT:-8182}
                             [object-service]=${EDGE_OBJECT_SERVICE_INTERNAL_PORT:-9180}
                             [presign-service]=${EDGE_PRESIGN_INTERNAL_PORT:-8181}
                             [api-gateway]=${EDGE_GATEWAY_INTERNAL_PORT:-8180})
API_URL="http://127.0.0.1:${PORT_OF[api-gateway]}"
S3_URL="http://127.0.0.1:${PORT_OF[object-service]}"

export_service_env

# --- build ----------------------------------------------------------------------------------------
needs_build() {
  local mod jar
  for mod in "${SERVICES[@]}"; do
    jar="$ROOT_DIR/$mod/target/quarkus-app/quarkus-run.jar"
    [[ -f "$jar" ]] || return 0
    # Rebuild when any source or pom of the project is newer than the packaged jar.
    if [[ -n "$(find "$ROOT_DIR" -path '*/target' -prune -o -path '*/.run' -prune -o -path '*/node_modules' -prune -o \
          \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' -o -name '*.sql' \) -newer "$jar" -print -quit)" ]]; then
      return 0
    fi
  done
  return 1
}
if needs_build; then
  log "building the services (./mvnw -B -q package -DskipTests)"
  (cd "$ROOT_DIR" && ./mvnw -B -q package -DskipTests)
fi

# --- infrastructure -------------------------------------------------------------------------------
# down.sh stops only what up.sh itself started: remember it.
if ! port_open "${EDGE_PG_HOST:-127.0.0.1}" "${EDGE_PG_PORT:-5432}"; then echo pg >> "$RUN_DIR/up.started"; fi
"$LOCAL_DIR/pg.sh" start
if ! port_open 127.0.0.1 "${EDGE_KAFKA_PORT:-9092}"; then echo kafka >> "$RUN_DIR/up.started"; fi
"$LOCAL_DIR/kafka.sh" start

# --- blob store upstream --------------------------------------------------------------------------
# EDGE_BLOB_STORE=s3 keeps the blobs in an S3-compatible upstream. Without EDGE_BLOB_S3_ENDPOINT that
# is the local Ceph cluster (ceph.sh) with its test user and bucket edge-blobs; with it, the upstream
# and all its EDGE_BLOB_S3_* settings are the caller's and pass to object-service unchanged.
if [[ "${EDGE_BLOB_STORE:-}" == s3 && -z "${EDGE_BLOB_S3_ENDPOINT:-}" ]]; then
  if ! port_open 127.0.0.1 "$CEPH_RGW_PORT"; then echo ceph >> "$RUN_DIR/up.started"; fi
  "$LOCAL_DIR/ceph.sh" start >/dev/null
  export EDGE_BLOB_S3_ENDPOINT=$CEPH_ENDPOINT EDGE_BLOB_S3_REGION=us-east-1 EDGE_BLOB_S3_BUCKET=edge-blobs \
         EDGE_BLOB_S3_ACCESS_KEY=$CEPH_ACCESS_KEY EDGE_BLOB_S3_SECRET_KEY=$CEPH_SECRET_KEY EDGE_BLOB_S3_PATH_STYLE=true
  if ! s3_request GET "$EDGE_BLOB_S3_ENDPOINT/$EDGE_BLOB_S3_BUCKET?max-keys=1" \
       "$EDGE_BLOB_S3_ACCESS_KEY" "$EDGE_BLOB_S3_SECRET_KEY" 2>/dev/null; then
    s3_request PUT "$EDGE_BLOB_S3_ENDPOINT/$EDGE_BLOB_S3_BUCKET" "$EDGE_BLOB_S3_ACCESS_KEY" "$EDGE_BLOB_S3_SECRET_KEY" \
      || die "cannot create bucket $EDGE_BLOB_S3_BUCKET at $EDGE_BLOB_S3_ENDPOINT"
    log "created bucket $EDGE_BLOB_S3_BUCKET at $EDGE_BLOB_S3_ENDPOINT"
  fi
  log "blobs go to s3 $EDGE_BLOB_S3_ENDPOINT/$EDGE_BLOB_S3_BUCKET (Ceph RGW)"
fi
# The blob store of this run, for the extra replicas benchmarks start (deploy/bench/replicas.sh): they must
# keep their blobs where this system does. Holds the upstream's secret: the .run folder's mode, and 600.
rm -f "$RUN_DIR/blob-store.env"
if [[ "${EDGE_BLOB_STORE:-}" == s3 ]]; then
  (umask 077; { echo "export EDGE_BLOB_STORE=s3"; env | grep '^EDGE_BLOB_S3_' | sed 's/^/export /'; } > "$RUN_DIR/blob-store.env")
fi

# --- services -------------------------------------------------------------------------------------
start_service() {
  local mod=$1 port=${PORT_OF[$1]} pid_file="$RUN_DIR/$1.pid"
  if pid_alive "$pid_file"; then log "$mod already running (pid $(cat "$pid_file"))"; return; fi
  local port2
  for port2 in "$port" "${INTERNAL_PORT_OF[$mod]}"; do
    if port_open 127.0.0.1 "$port2"; then die "port $port2 is taken by another process; stop it or set its EDGE_*_PORT"; fi
  done
  log "starting $mod on 127.0.0.1:$port (internal listener :${INTERNAL_PORT_OF[$mod]})"
  nohup java -Xmx512m -jar "$ROOT_DIR/$mod/target/quarkus-app/quarkus-run.jar" \
    >"$RUN_DIR/logs/$mod.log" 2>&1 &
  echo $! > "$pid_file"
}
ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null; }

for mod in "${SERVICES[@]}"; do start_service "$mod"; done
for mod in "${SERVICES[@]}"; do
  wait_for "$mod" 120 ready "${INTERNAL_PORT_OF[$mod]}" || {
    tail -n 30 "$RUN_DIR/logs/$mod.log" >&2
    die "$mod did not become ready; its log is $RUN_DIR/logs/$mod.log (deploy/local/down.sh stops the rest)"
  }
done

# --- demo data through the Edge API ---------------------------------------------------------------
missing=()
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], ""))' "$1"; }
api() { # method path token [json-body] -> prints "status body"
  local method=$1 path=$2 token=$3 body=${4:-}
  curl -sS -o "$RUN_DIR/api.out" -w '%{http_code}' -X "$method" "$API_URL$path" \
    -H "Authorization: Bearer $token" ${body:+-H 'Content-Type: application/json' -d "$body"}
}

# An account's access key is created once and kept in .run/<account>.key (mode 600).
ensure_access_key() { # account token -> sets KEY_ID KEY_SECRET
  local file="$RUN_DIR/$1.key"; KEY_ID=""; KEY_SECRET=""
  if [[ -s "$file" ]]; then
    local id; id=$(head -n1 "$file")
    if [[ "$(api GET /api/storage/keys "$2")" == 200 ]] && grep -q "\"$id\"" "$RUN_DIR/api.out"; then
      KEY_ID=$id; KEY_SECRET=$(sed -n 2p "$file"); return
    fi
  fi
  local status; status=$(api POST /api/storage/keys "$2" "{\"name\":\"local-demo\"}")
  if [[ "$status" == 201 ]]; then
    KEY_ID=$(json_field accessKeyId < "$RUN_DIR/api.out"); KEY_SECRET=$(json_field secretAccessKey < "$RUN_DIR/api.out")
    (umask 077; printf '%s\n%s\n' "$KEY_ID" "$KEY_SECRET" > "$file")
  else
    missing+=("access keys for $1 (POST /api/storage/keys answered $status)")
  fi
}

ensure_bucket() { # name token
  local status; status=$(api POST /api/storage/buckets "$2" "{\"name\":\"$1\"}")
  case "$status" in
    200|201|409) ;;
    *) missing+=("bucket $1 (POST /api/storage/buckets answered $status)") ;;
  esac
}

# The second account's id is new per checkout (its token is shown once, and kept only in .run), so a
# database that outlived an earlier .run folder never blocks it.
ALT_ACCOUNT_FILE="$RUN_DIR/alt.account"
[[ -s "$ALT_ACCOUNT_FILE" ]] || echo "alt-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$ALT_ACCOUNT_FILE"
ALT_ACCOUNT=$(cat "$ALT_ACCOUNT_FILE")

ensure_alt_account() { # -> sets ALT_TOKEN
  local file="$RUN_DIR/alt.token"; ALT_TOKEN=""
  if [[ -s "$file" ]]; then ALT_TOKEN=$(cat "$file"); return; fi
  local status; status=$(api POST /api/storage/admin/accounts "$EDGE_BOOTSTRAP_TOKEN" "{\"id\":\"$ALT_ACCOUNT\"}")
  if [[ "$status" == 201 ]]; then
    ALT_TOKEN=$(json_field token < "$RUN_DIR/api.out")
    (umask 077; echo "$ALT_TOKEN" > "$file")
  else
    missing+=("second account (POST /api/storage/admin/accounts answered $status)")
  fi
}

ensure_access_key demo "$EDGE_BOOTSTRAP_TOKEN"; DEMO_KEY_ID=$KEY_ID; DEMO_KEY_SECRET=$KEY_SECRET
ensure_bucket demo-bucket "$EDGE_BOOTSTRAP_TOKEN"
ensure_alt_account
ALT_KEY_ID=""; ALT_KEY_SECRET=""
if [[ -n "$ALT_TOKEN" ]]; then
  ensure_access_key "$ALT_ACCOUNT" "$ALT_TOKEN"; ALT_KEY_ID=$KEY_ID; ALT_KEY_SECRET=$KEY_SECRET
  ensure_bucket "$ALT_ACCOUNT-bucket" "$ALT_TOKEN"
fi
rm -f "$RUN_DIR/api.out"

(umask 077; cat > "$RUN_DIR/env" <<ENV
# Written by deploy/local/up.sh — source it: . deploy/local/.run/env
export EDGE_API_URL=$API_URL
export EDGE_S3_ENDPOINT=$S3_URL
export EDGE_TOKEN=$EDGE_BOOTSTRAP_TOKEN
export EDGE_ACCESS_KEY=$DEMO_KEY_ID
export EDGE_SECRET_KEY=$DEMO_KEY_SECRET
export EDGE_BUCKET=demo-bucket
export EDGE_ALT_TOKEN=$ALT_TOKEN
export EDGE_ALT_ACCESS_KEY=$ALT_KEY_ID
export EDGE_ALT_SECRET_KEY=$ALT_KEY_SECRET
export EDGE_ALT_BUCKET=$ALT_ACCOUNT-bucket
export EDGE_KAFKA_BOOTSTRAP=127.0.0.1:${EDGE_KAFKA_PORT:-9092}
# Internal listeners (health, metrics, the internal API) and the operator's credential for maintenance calls
export EDGE_KEY_SERVICE_URL=$EDGE_KEY_SERVICE_URL
export EDGE_OBJECT_SERVICE_URL=$EDGE_OBJECT_SERVICE_URL
export EDGE_PRESIGN_SERVICE_URL=$EDGE_PRESIGN_SERVICE_URL
export EDGE_GATEWAY_INTERNAL_URL=http://127.0.0.1:${INTERNAL_PORT_OF[api-gateway]}
export EDGE_INTERNAL_TOKEN_OPERATOR=$EDGE_INTERNAL_TOKEN_OPERATOR
export AWS_REGION=us-east-1
ENV
)

log "Edge Storage is up. Logs: $RUN_DIR/logs/   Stop: deploy/local/down.sh"
if ((${#missing[@]})); then
  log "not available yet (the service issues that provide them have not landed):"
  for m in "${missing[@]}"; do log "  - $m"; done
fi
cat <<TRY

Try it — the seed's calls with this system's values (the token stays in the env file):
  source deploy/local/.run/env && TOKEN=\$EDGE_TOKEN

  # Generate a presigned upload URL via the Edge API
  curl -X POST $API_URL/api/storage/buckets/demo-bucket/presign \\
    -H "Authorization: Bearer \$TOKEN" \\
    -H "Content-Type: application/json" \\
    -d '{"key": "uploads/photo.jpg", "action": "upload", "expires": "1h"}'

  # Upload using the presigned URL (the "url" of the answer)
  curl -X PUT "\$PRESIGNED_URL" -H "Content-Type: image/jpeg" --data-binary @photo.jpg

  # Generate a presigned download URL via the Edge API, then download
  curl -X POST $API_URL/api/storage/buckets/demo-bucket/presign \\
    -H "Authorization: Bearer \$TOKEN" \\
    -H "Content-Type: application/json" \\
    -d '{"key": "uploads/photo.jpg", "expires": "15m"}'
  curl -o photo.jpg "\$PRESIGNED_URL"

  # Or any S3 SDK: endpoint $S3_URL, path style, region us-east-1, \$EDGE_ACCESS_KEY / \$EDGE_SECRET_KEY
  # (docs/clients.md). The README's tour does all of the above in one go.
TRY
