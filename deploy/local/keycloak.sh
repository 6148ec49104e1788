#!/usr/bin/env bash
# A real Keycloak (external OIDC provider) on 127.0.0.1:8180 for the gateway's JWT tests, with the
# committed realm deploy/local/keycloak/edge-realm.json imported (realm `edge`, public client `edge-cli`
# with direct access grants, users alice/kc-alice and bob/kc-bob). Dev mode: in-process H2, no TLS.
#   keycloak.sh start | stop | status        issuer: http://127.0.0.1:8180/realms/edge
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KC_PORT=${EDGE_KEYCLOAK_PORT:-8180}
KC_VERSION=26.5.6
KC_HOME="$RUN_DIR/keycloak/keycloak-$KC_VERSION"
PID_FILE="$RUN_DIR/keycloak.pid"

fetch() {
  [[ -x "$KC_HOME/bin/kc.sh" ]] && return
  log "fetching Keycloak $KC_VERSION from Maven Central (first use only)"
  "$ROOT_DIR/mvnw" -B -q -f "$LOCAL_DIR/keycloak/pom.xml" dependency:unpack -DoutputDirectory="$RUN_DIR/keycloak" \
    -DmarkersDirectory="$RUN_DIR/keycloak/.markers" -Dmdep.overWriteReleases=true
}

realm_ready() { curl -fsS "http://127.0.0.1:$KC_PORT/realms/edge/.well-known/openid-configuration" >/dev/null; }

start() {
  if realm_ready; then log "Keycloak already serving realm edge on 127.0.0.1:$KC_PORT"; return; fi
  fetch
  mkdir -p "$KC_HOME/data/import"
  cp "$LOCAL_DIR/keycloak/edge-realm.json" "$KC_HOME/data/import/edge-realm.json"
  log "starting Keycloak $KC_VERSION on 127.0.0.1:$KC_PORT"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$(random_secret 16)" JAVA_OPTS_APPEND="-Xmx768m" \
    nohup "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KC_PORT" --import-realm \
      --http-management-port=$((KC_PORT + 1)) >"$RUN_DIR/logs/keycloak.log" 2>&1 &
  echo $! > "$PID_FILE"
  wait_for "Keycloak realm edge" 240 realm_ready || die "Keycloak did not start; see $RUN_DIR/logs/keycloak.log"
}

stop() { stop_pidfile Keycloak "$PID_FILE"; }
status() { realm_ready && echo "Keycloak: up at http://127.0.0.1:$KC_PORT/realms/edge" || echo "Keycloak: down"; }

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: keycloak.sh start|stop|status" ;;
esac
