#!/usr/bin/env bash
# s3proxy 4.1.0 with jclouds' filesystem backend: a second, different S3 upstream (beside Ceph RGW)
# for the blob store contract tests, on 127.0.0.1:$EDGE_S3PROXY_PORT only, with fixed test keys
# (SigV2 or SigV4). Its jar comes from Maven Central through deploy/local/s3proxy/pom.xml on first
# use; its buckets are folders under .run/s3proxy/data.
#   s3proxy.sh start | stop | status        endpoint: http://127.0.0.1:7481
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

S3PROXY_DIR="$RUN_DIR/s3proxy"
JAR="$S3PROXY_DIR/s3proxy.jar"
DATA="$S3PROXY_DIR/data"
CONF="$S3PROXY_DIR/s3proxy.properties"
PID_FILE="$RUN_DIR/s3proxy.pid"

fetch_jar() {
  [[ -f "$JAR" ]] && return
  log "fetching s3proxy 4.1.0 from Maven Central (first use only)"
  "$ROOT_DIR/mvnw" -B -q -f "$LOCAL_DIR/s3proxy/pom.xml" dependency:copy -DoutputDirectory="$S3PROXY_DIR"
}

write_config() {
  mkdir -p "$DATA"
  (umask 077; cat > "$CONF" <<CONF
s3proxy.endpoint=$S3PROXY_ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3PROXY_ACCESS_KEY
s3proxy.credential=$S3PROXY_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DATA
CONF
  )
}

# A signed ListBuckets (SigV4) with the test keys.
s3_ready() { s3_request GET "$S3PROXY_ENDPOINT/" "$S3PROXY_ACCESS_KEY" "$S3PROXY_SECRET_KEY"; }

start() {
  if pid_alive "$PID_FILE" || port_open 127.0.0.1 "$S3PROXY_PORT"; then
    wait_for "s3proxy at $S3PROXY_ENDPOINT" 60 s3_ready \
      || die "127.0.0.1:$S3PROXY_PORT is taken, and it refuses the test keys; see $RUN_DIR/logs/s3proxy.log"
    echo "$S3PROXY_ENDPOINT"; return
  fi
  fetch_jar
  write_config
  log "starting s3proxy 4.1.0 (filesystem backend in $DATA) on 127.0.0.1:$S3PROXY_PORT"
  nohup java -Xmx512m -Djava.awt.headless=true \
    -jar "$JAR" --properties "$CONF" >"$RUN_DIR/logs/s3proxy.log" 2>&1 &
  echo $! > "$PID_FILE"
  wait_for "s3proxy at $S3PROXY_ENDPOINT (signed ListBuckets)" 60 s3_ready \
    || die "s3proxy did not start; see $RUN_DIR/logs/s3proxy.log"
  echo "$S3PROXY_ENDPOINT"
}

stop() { stop_pidfile s3proxy "$PID_FILE"; }

status() { s3_ready 2>/dev/null && echo "s3proxy: up at $S3PROXY_ENDPOINT" || echo "s3proxy: down"; }

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: s3proxy.sh start|stop|status" ;;
esac
