# Extra object-service replicas beside the local system's (port 9000), for benchmarks that need several.
# A replica on port P has its internal listener (health, metrics) on P + 180, as 9000 has 9180.
# Source it after deploy/local/lib.sh; start_replicas starts one per port given and waits until each is
# ready; stop_replicas stops them (by their pid files). They use the blob store the system runs on: the
# shared filesystem directory, or with `EDGE_BLOB_STORE=s3 deploy/local/up.sh` the same S3 upstream.
REPLICA_PORTS=()

start_replicas() {
  REPLICA_PORTS=("$@")
  local port
  # Where the running system keeps its blobs (up.sh writes it when EDGE_BLOB_STORE=s3): the same upstream.
  # shellcheck disable=SC1091
  if [[ -f "$RUN_DIR/blob-store.env" ]]; then source "$RUN_DIR/blob-store.env"; fi
  for port in "${REPLICA_PORTS[@]}"; do
    EDGE_S3_PORT=$port EDGE_OBJECT_SERVICE_INTERNAL_PORT=$((port + 180)) nohup java -Xmx512m -jar "$ROOT_DIR/object-service/target/quarkus-app/quarkus-run.jar" \
      >"$RUN_DIR/logs/object-service-$port.log" 2>&1 &
    echo $! > "$RUN_DIR/object-service-$port.pid"
  done
  for port in "${REPLICA_PORTS[@]}"; do
    wait_for "object-service replica :$port" 120 curl -fsS "http://127.0.0.1:$((port + 180))/q/health/ready" || die "replica $port did not start"
  done
}

stop_replicas() {
  local port
  for port in "${REPLICA_PORTS[@]}"; do stop_pidfile "object-service:$port" "$RUN_DIR/object-service-$port.pid"; done
}
