#!/usr/bin/env bash
# Shared helpers for the local launcher scripts. Sourced, never run.
set -euo pipefail

LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$LOCAL_DIR/../.." && pwd)"
RUN_DIR="${EDGE_RUN_DIR:-$LOCAL_DIR/.run}"
mkdir -p "$RUN_DIR/logs"

log() { printf '\033[1m[edge]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[edge] %s\033[0m\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on host:port.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for "what" seconds command...: retries the command every 0.5 s until it succeeds.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 0.5
  done
  log "$what is ready"
}

# True while the process runs. A daemon whose parent never reaps it lingers as a zombie after it died
# (kill -0 still succeeds), so the state in /proc decides.
proc_running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }  # the state follows the command name, which may hold spaces
  [[ -n "$stat" && "${stat:0:1}" != Z && "${stat:0:1}" != X ]]
}

# PID files: only processes we started are ever stopped.
pid_alive() { [[ -f "$1" ]] && proc_running "$(cat "$1")"; }

stop_pidfile() {
  local name=$1 file=$2
  if pid_alive "$file"; then
    local pid; pid=$(cat "$file")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do proc_running "$pid" || break; sleep 0.5; done
    if proc_running "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

# ensure_commands command=package ...: installs from Debian the packages of the commands that are missing.
ensure_commands() {
  local pair missing=()
  for pair in "$@"; do command -v "${pair%%=*}" >/dev/null || missing+=("${pair#*=}"); done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The local S3 upstreams, each with one user of fixed, documented test keys (not secrets: loopback only).
CEPH_RGW_PORT=${EDGE_CEPH_RGW_PORT:-7480}
CEPH_ENDPOINT="http://127.0.0.1:$CEPH_RGW_PORT"
CEPH_ACCESS_KEY=${EDGE_CEPH_ACCESS_KEY:-edge-ceph-test}
CEPH_SECRET_KEY=${EDGE_CEPH_SECRET_KEY:-edge-ceph-test-secret}
S3PROXY_PORT=${EDGE_S3PROXY_PORT:-7481}
S3PROXY_ENDPOINT="http://127.0.0.1:$S3PROXY_PORT"
S3PROXY_ACCESS_KEY=${EDGE_S3PROXY_ACCESS_KEY:-edge-s3proxy-test}
S3PROXY_SECRET_KEY=${EDGE_S3PROXY_SECRET_KEY:-edge-s3proxy-test-secret}

# s3_request method url access-key secret-key: one SigV4-signed request (curl's signer, region
# us-east-1, empty body); fails on an HTTP error. The keys go through stdin, not the command line.
s3_request() {
  printf 'user = "%s:%s"\n' "$3" "$4" | curl -K - -fsS -o /dev/null --max-time 10 -X "$1" \
    --aws-sigv4 "aws:amz:us-east-1:s3" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$2"
}

# A random URL-safe secret of n bytes.
random_secret() { head -c "${1:-32}" /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'; }

# A secret generated once per checkout, kept (mode 600) in the ignored .run folder.
secret_file() { # name bytes
  local file="$RUN_DIR/$1"
  if [[ ! -s "$file" ]]; then
    (umask 077; echo "edge_$(random_secret "$2")" > "$file")
  fi
  tr -d '\n' < "$file"
}

# The master key belongs to the database, not to the checkout: every checkout (a fresh clone running
# .ci/run, a second worktree) that uses the same local database must seal and unseal its secrets with the
# same key, or keys made by one are unreadable to the others. Kept (mode 600) per database name under
# $EDGE_STATE_DIR (default ~/.local/state/edge-storage); a checkout's older .run/master.key is adopted.
master_key() {
  local dir="${EDGE_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/edge-storage}/${EDGE_PG_DB:-edge}"
  local file="$dir/master.key"
  if [[ ! -s "$file" ]]; then
    (umask 077; mkdir -p "$dir"
     if [[ -s "$RUN_DIR/master.key" ]]; then cp "$RUN_DIR/master.key" "$file.tmp"
     else head -c 32 /dev/urandom | base64 > "$file.tmp"; fi
     mv -n "$file.tmp" "$file"; rm -f "$file.tmp")
  fi
  tr -d '\n' < "$file"
}

# The environment every local service runs with: the secrets, the blob folder and the public storage URL.

export_service_env() {
  # One internal credential per calling service, each generated at the first start (services have no defaults).
  export EDGE_INTERNAL_TOKEN_API_GATEWAY=${EDGE_INTERNAL_TOKEN_API_GATEWAY:-$(secret_file internal-api-gateway.token 32)}
  export EDGE_INTERNAL_TOKEN_PRESIGN_SERVICE=${EDGE_INTERNAL_TOKEN_PRESIGN_SERVICE:-$(secret_file internal-presign-service.token 32)}
  export EDGE_INTERNAL_TOKEN_OBJECT_SERVICE=${EDGE_INTERNAL_TOKEN_OBJECT_SERVICE:-$(secret_file internal-object-service.token 32)}
  export EDGE_INTERNAL_TOKEN_OPERATOR=${EDGE_INTERNAL_TOKEN_OPERATOR:-$(secret_file internal-operator.token 32)}
  export EDGE_MASTER_KEY=${EDGE_MASTER_KEY:-$(master_key)}
  export EDGE_BOOTSTRAP_ACCOUNT=${EDGE_BOOTSTRAP_ACCOUNT:-demo}
  export EDGE_BOOTSTRAP_TOKEN=${EDGE_BOOTSTRAP_TOKEN:-$(secret_file bootstrap.token 32)}
  export EDGE_BLOB_DIR=${EDGE_BLOB_DIR:-$RUN_DIR/blobs}
  export EDGE_S3_PUBLIC_URL=${EDGE_S3_PUBLIC_URL:-http://127.0.0.1:${EDGE_S3_PORT:-9000}}
  # Services call each other on their internal listeners. The URLs follow the EDGE_*_INTERNAL_PORT variables,
  # so a second stack on other ports never calls the first.
  export EDGE_KEY_SERVICE_URL=${EDGE_KEY_SERVICE_URL:-http://127.0.0.1:${EDGE_KEY_SERVICE_INTERNAL_PORT:-8182}}
  export EDGE_PRESIGN_SERVICE_URL=${EDGE_PRESIGN_SERVICE_URL:-http://127.0.0.1:${EDGE_PRESIGN_INTERNAL_PORT:-8181}}
  export EDGE_OBJECT_SERVICE_URL=${EDGE_OBJECT_SERVICE_URL:-http://127.0.0.1:${EDGE_OBJECT_SERVICE_INTERNAL_PORT:-9180}}
}
