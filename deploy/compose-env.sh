#!/usr/bin/env bash
# Writes deploy/.env for docker-compose.yml: every secret of the compose system, generated at random on the
# first run and kept (mode 600, git-ignored) afterwards, so the repository holds none. Run it again: it keeps
# what exists and adds only what is missing.
set -euo pipefail
ENV_FILE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.env"
random() { head -c "$1" /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'; }
(umask 077; touch "$ENV_FILE")
add() { # name value
  grep -q "^$1=" "$ENV_FILE" || echo "$1=$2" >> "$ENV_FILE"
}
add EDGE_PG_PASSWORD "$(random 24)"
add EDGE_MASTER_KEY "$(head -c 32 /dev/urandom | base64)"
add EDGE_BOOTSTRAP_TOKEN "edge_$(random 32)"
add EDGE_INTERNAL_TOKEN_API_GATEWAY "edge_$(random 32)"
add EDGE_INTERNAL_TOKEN_PRESIGN_SERVICE "edge_$(random 32)"
add EDGE_INTERNAL_TOKEN_OBJECT_SERVICE "edge_$(random 32)"
add EDGE_INTERNAL_TOKEN_OPERATOR "edge_$(random 32)"
echo "$ENV_FILE holds the compose system's secrets (docker compose reads it from deploy/)."
