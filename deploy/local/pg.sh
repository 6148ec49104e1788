#!/usr/bin/env bash
# PostgreSQL for local runs and tests: start the installed cluster when it is not running and make
# sure role `edge` and databases `edge` and `edge_test` exist. With EDGE_PG_HOST set to another
# host, nothing is started: the external server is only checked.
#   pg.sh start | stop | status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_HOST=${EDGE_PG_HOST:-127.0.0.1}
PG_PORT=${EDGE_PG_PORT:-5432}
PG_USER=${EDGE_PG_USER:-edge}
PG_PASSWORD=${EDGE_PG_PASSWORD:-edge}
PG_DB=${EDGE_PG_DB:-edge}
PG_TEST_DB=${EDGE_PG_TEST_DB:-edge_test}
STARTED_MARK="$RUN_DIR/pg.started-by-us"

is_local() { [[ "$PG_HOST" == 127.0.0.1 || "$PG_HOST" == localhost ]]; }

installed_version() {
  ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1
}

ensure_installed() {
  if [[ -z "$(installed_version)" ]]; then
    log "PostgreSQL is not installed; installing it from Debian's packages"
    command -v apt-get >/dev/null || die "no apt-get: install PostgreSQL or set EDGE_PG_HOST"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

psql_admin() { as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtAX "$@"; }

ensure_role_and_databases() {
  psql_admin -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
        CREATE ROLE \"$PG_USER\" LOGIN PASSWORD '$PG_PASSWORD';
      END IF; END \$\$;"
  for db in "$PG_DB" "$PG_TEST_DB"; do
    if [[ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
      psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$PG_USER\""
      log "created database $db"
    fi
  done
}

start() {
  if ! is_local; then
    wait_for "external PostgreSQL at $PG_HOST:$PG_PORT" 10 port_open "$PG_HOST" "$PG_PORT" \
      || die "cannot reach PostgreSQL at $PG_HOST:$PG_PORT"
    return
  fi
  ensure_installed
  local version; version=$(installed_version)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
    log "creating PostgreSQL $version cluster 'main'"
    pg_createcluster "$version" main -p "$PG_PORT" >/dev/null
  fi
  if ! port_open 127.0.0.1 "$PG_PORT"; then
    log "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    touch "$STARTED_MARK"
  fi
  wait_for "PostgreSQL $version on 127.0.0.1:$PG_PORT" 30 port_open 127.0.0.1 "$PG_PORT" \
    || die "PostgreSQL did not start; see /var/log/postgresql/"
  wait_for "PostgreSQL accepting queries" 30 psql_admin -c "SELECT 1"
  ensure_role_and_databases
}

stop() {
  if is_local && [[ -f "$STARTED_MARK" ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$(installed_version)" main stop || true
    rm -f "$STARTED_MARK"
    log "stopped PostgreSQL"
  fi
}

status() { port_open "$PG_HOST" "$PG_PORT" && echo "PostgreSQL: up at $PG_HOST:$PG_PORT" || echo "PostgreSQL: down"; }

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: pg.sh start|stop|status" ;;
esac
