#!/usr/bin/env bash
# A real Apache Kafka 4.4.0 broker for local runs and tests: KRaft mode, broker and controller in
# one process, listening on 127.0.0.1 only. Its jars come from Maven Central through
# deploy/local/kafka/pom.xml on first use; storage is formatted on first run.
#   kafka.sh start | stop | status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_PORT=${EDGE_KAFKA_PORT:-9092}
CONTROLLER_PORT=${EDGE_KAFKA_CONTROLLER_PORT:-9093}
KAFKA_DIR="$RUN_DIR/kafka"
LIBS="$KAFKA_DIR/libs"
DATA="$KAFKA_DIR/data"
PID_FILE="$RUN_DIR/kafka.pid"
CONF="$KAFKA_DIR/server.properties"

fetch_jars() {
  if [[ -f "$LIBS/.complete" ]]; then return; fi
  log "fetching Apache Kafka 4.4.0 jars from Maven Central (first use only)"
  rm -rf "$LIBS"
  "$ROOT_DIR/mvnw" -B -q -f "$LOCAL_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIBS" -DincludeScope=runtime
  touch "$LIBS/.complete"
}

write_config() {
  mkdir -p "$DATA"
  cat > "$CONF" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# A single local broker: consumers should not wait for more members to join.
group.initial.rebalance.delay.ms=0
log.retention.hours=24
CONF
  cat > "$KAFKA_DIR/log4j2.properties" <<'LOG'
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/kafka.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.server.name = org.apache.kafka.server
logger.server.level = INFO
LOG
}

java_cmd() {
  java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$RUN_DIR/logs" -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
    -cp "$LIBS/*" "$@"
}

format_storage() {
  if [[ -f "$DATA/meta.properties" ]]; then return; fi
  log "formatting Kafka storage (first run)"
  java_cmd kafka.tools.StorageTool format --config "$CONF" \
    --cluster-id "$(java_cmd kafka.tools.StorageTool random-uuid)" >/dev/null
}

start() {
  if port_open 127.0.0.1 "$KAFKA_PORT"; then
    log "Kafka already listening on 127.0.0.1:$KAFKA_PORT"
    return
  fi
  fetch_jars
  write_config
  format_storage
  log "starting Kafka 4.4.0 (KRaft) on 127.0.0.1:$KAFKA_PORT"
  nohup java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$RUN_DIR/logs" -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
    -cp "$LIBS/*" kafka.Kafka "$CONF" >"$RUN_DIR/logs/kafka.out" 2>&1 &
  echo $! > "$PID_FILE"
  wait_for "Kafka on 127.0.0.1:$KAFKA_PORT" 60 port_open 127.0.0.1 "$KAFKA_PORT" \
    || die "Kafka did not start; see $RUN_DIR/logs/kafka.out and kafka.log"
}

stop() { stop_pidfile Kafka "$PID_FILE"; }

status() { port_open 127.0.0.1 "$KAFKA_PORT" && echo "Kafka: up at 127.0.0.1:$KAFKA_PORT" || echo "Kafka: down"; }

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: kafka.sh start|stop|status" ;;
esac
