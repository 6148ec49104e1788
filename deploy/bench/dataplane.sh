#!/usr/bin/env bash
# Data plane benchmark: object-service beside s3proxy 4.1.0 (filesystem backend, SigV4) and nginx serving
# the same bytes statically (the ceiling), in one run on this machine. Presigned GET and PUT of 4 KiB,
# 1 MiB and 64 MiB objects at several concurrencies, with wrk on loopback. PUTs go round 64 keys.
#
# Durability: s3proxy's filesystem backend never fsyncs. object-service (port 9000) fsyncs every blob and
# commits with synchronous_commit=on; for PUT at equal durability the script also starts a second
# object-service on port $BENCH_BUFFERED_PORT (default 9300) with EDGE_BLOB_FSYNC=false and
# EDGE_PG_SYNCHRONOUS_COMMIT=off, reported as "object-service-buffered".
#
#   deploy/bench/dataplane.sh            # full run (about 30 minutes)
#   deploy/bench/dataplane.sh --smoke    # 4 KiB only, one concurrency, 3 s per point (about a minute with start-up)
#   BENCH_SIZES="4096" BENCH_CONCURRENCY="16 64" BENCH_DURATION=10 BENCH_WARMUP=30 BENCH_PUT_WARMUP=90 deploy/bench/dataplane.sh
#   BENCH_OPS=put deploy/bench/dataplane.sh   # only the PUT rows (get, put or both; default both)
#   BENCH_BUFFERED_JAR=/tmp/old/quarkus-run.jar …       # the buffered instance from another build (A/B)
#   BENCH_BASELINE_JAR=/tmp/old/quarkus-run.jar …       # also measure another build at the same durability as
#                                                       # port 9000 ("object-service-baseline", port 9400), row by
#                                                       # row beside it: a before/after comparison in one run
#   BENCH_ROW_WARMUP=0 …      # no unmeasured run right before each row (default 4 s; see measure())
#   BENCH_CEPH=1 BENCH_SIZES="4096 1048576" BENCH_CONCURRENCY="16 64" deploy/bench/dataplane.sh
#                             # also Ceph RGW directly ("ceph-rgw", same client and presigned URLs) and a second
#                             # object-service on port $BENCH_S3_STORE_PORT (9500) with the s3 blob store on that
#                             # Ceph ("object-service-s3"). Their CPU counts radosgw and ceph-osd too (the bytes'
#                             # whole path); then the time to the first byte of a 1 GiB object on each.
#
# Needs the system up (deploy/local/up.sh). Installs wrk, nginx-light and gnuplot from Debian on first
# use. Writes results/<timestamp>/results.csv, summary.md and PNG plots; stops what it started.
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/settle.sh"
BENCH_DIR="$ROOT_DIR/deploy/bench"
OUT="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$RUN_DIR/bench"
S3PROXY_PORT=${BENCH_S3PROXY_PORT:-9100}
NGINX_PORT=${BENCH_NGINX_PORT:-9200}
BUFFERED_PORT=${BENCH_BUFFERED_PORT:-9300}
BASELINE_PORT=${BENCH_BASELINE_PORT:-9400}
BASELINE_JAR=${BENCH_BASELINE_JAR:-}
S3_STORE_PORT=${BENCH_S3_STORE_PORT:-9500}
CEPH=${BENCH_CEPH:-0}
UPSTREAM_BUCKET=edge-bench-blobs

SMOKE=0; [[ "${1:-}" == --smoke ]] && SMOKE=1
if ((SMOKE)); then SIZES=(4096); CONCURRENCY=(16); DURATION=3; WARMUP=2; PUT_WARMUP=2; else
  read -ra SIZES <<< "${BENCH_SIZES:-4096 1048576 67108864}"; read -ra CONCURRENCY <<< "${BENCH_CONCURRENCY:-1 16 64}"
  DURATION=${BENCH_DURATION:-10}; WARMUP=${BENCH_WARMUP:-30}; PUT_WARMUP=${BENCH_PUT_WARMUP:-90}; fi
ROW_WARMUP=${BENCH_ROW_WARMUP:-4}; ((SMOKE)) && ROW_WARMUP=0
OPS=" ${BENCH_OPS:-get put} "

mkdir -p "$OUT" "$WORK"
[[ -f "$RUN_DIR/env" ]] || die "start the system first: deploy/local/up.sh"
source "$RUN_DIR/env"

ensure_tools() {
  ensure_commands wrk=wrk nginx=nginx-light gnuplot=gnuplot-nox
  if [[ ! -f "$WORK/s3proxy.jar" ]]; then
    "$ROOT_DIR/mvnw" -B -q -f "$BENCH_DIR/peers/pom.xml" dependency:copy -DoutputDirectory="$WORK"
  fi
}

start_s3proxy() {
  mkdir -p "$WORK/s3proxy-data"
  cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3PROXY_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=benchaccesskey
s3proxy.credential=benchsecretkey
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3proxy-data
CONF
  java -Xmx512m -jar "$WORK/s3proxy.jar" --properties "$WORK/s3proxy.conf" >"$RUN_DIR/logs/s3proxy.log" 2>&1 &
  echo $! > "$WORK/s3proxy.pid"
  wait_for "s3proxy on 127.0.0.1:$S3PROXY_PORT" 60 port_open 127.0.0.1 "$S3PROXY_PORT" || die "s3proxy did not start"
}

start_buffered_object_service() {
  export_service_env
  EDGE_S3_PORT=$BUFFERED_PORT EDGE_OBJECT_SERVICE_INTERNAL_PORT=$((BUFFERED_PORT + 180)) EDGE_BLOB_FSYNC=false EDGE_PG_SYNCHRONOUS_COMMIT=off \
    nohup java -Xmx512m -jar "${BENCH_BUFFERED_JAR:-$ROOT_DIR/object-service/target/quarkus-app/quarkus-run.jar}" \
    >"$RUN_DIR/logs/object-service-buffered.log" 2>&1 &
  echo $! > "$WORK/object-service-buffered.pid"
  wait_for "object-service without fsync on 127.0.0.1:$BUFFERED_PORT" 120 \
    curl -fsS "http://127.0.0.1:$((BUFFERED_PORT + 180))/q/health/ready" || die "the buffered object-service did not start"
}

# Another build of object-service with the durability of the one on port 9000 (fsync, synchronous commit),
# sharing its database and bucket: the same rows measured on both compare two builds under one run's noise.
start_baseline_object_service() {
  [[ -n $BASELINE_JAR ]] || return 0
  [[ -f $BASELINE_JAR ]] || die "BENCH_BASELINE_JAR: no such file: $BASELINE_JAR"
  export_service_env
  EDGE_S3_PORT=$BASELINE_PORT EDGE_OBJECT_SERVICE_INTERNAL_PORT=$((BASELINE_PORT + 180)) \
    nohup java -Xmx512m -jar "$BASELINE_JAR" >"$RUN_DIR/logs/object-service-baseline.log" 2>&1 &
  echo $! > "$WORK/object-service-baseline.pid"
  wait_for "baseline object-service on 127.0.0.1:$BASELINE_PORT" 120 \
    curl -fsS "http://127.0.0.1:$((BASELINE_PORT + 180))/q/health/ready" || die "the baseline object-service did not start"
}

start_nginx() {
  mkdir -p "$WORK/nginx-root/bench" "$WORK/nginx-tmp"
  cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $RUN_DIR/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $WORK/nginx-tmp;
  proxy_temp_path $WORK/nginx-tmp; fastcgi_temp_path $WORK/nginx-tmp; uwsgi_temp_path $WORK/nginx-tmp; scgi_temp_path $WORK/nginx-tmp;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/nginx-root; }
}
CONF
  nginx -c "$WORK/nginx.conf"
  wait_for "nginx on 127.0.0.1:$NGINX_PORT" 10 port_open 127.0.0.1 "$NGINX_PORT" || die "nginx did not start"
}

# Ceph RGW as a peer, and object-service with the s3 blob store in front of it, sharing the main instance's
# database (its objects have keys of their own, so neither instance reads the other's blobs).
start_ceph_peers() {
  ((CEPH)) || return 0
  "$LOCAL_DIR/ceph.sh" start >/dev/null
  s3_request PUT "$CEPH_ENDPOINT/$UPSTREAM_BUCKET" "$CEPH_ACCESS_KEY" "$CEPH_SECRET_KEY" >/dev/null 2>&1 || true # may exist
  export_service_env
  EDGE_S3_PORT=$S3_STORE_PORT EDGE_OBJECT_SERVICE_INTERNAL_PORT=$((S3_STORE_PORT + 180)) EDGE_BLOB_STORE=s3 \
    EDGE_BLOB_S3_ENDPOINT=$CEPH_ENDPOINT EDGE_BLOB_S3_BUCKET=$UPSTREAM_BUCKET EDGE_BLOB_S3_ACCESS_KEY=$CEPH_ACCESS_KEY \
    EDGE_BLOB_S3_SECRET_KEY=$CEPH_SECRET_KEY \
    nohup java -Xmx512m -jar "$ROOT_DIR/object-service/target/quarkus-app/quarkus-run.jar" \
    >"$RUN_DIR/logs/object-service-s3.log" 2>&1 &
  echo $! > "$WORK/object-service-s3.pid"
  wait_for "object-service with the s3 blob store on 127.0.0.1:$S3_STORE_PORT" 120 \
    curl -fsS "http://127.0.0.1:$((S3_STORE_PORT + 180))/q/health/ready" || die "object-service on the s3 store did not start"
}

# Seconds to the first byte of a 1 GiB object through object-service (filesystem), object-service on the s3
# store and Ceph RGW directly: what a client waits before a large download starts.
first_byte_of_1_gib() {
  ((CEPH)) || return 0
  local gib=1073741824 row server endpoint ak sk bucket url
  echo "server,size,first_byte_s,total_s" > "$OUT/first-byte.csv"
  for row in "object-service $EDGE_S3_ENDPOINT $EDGE_ACCESS_KEY $EDGE_SECRET_KEY $EDGE_BUCKET" \
             "object-service-s3 http://127.0.0.1:$S3_STORE_PORT $EDGE_ACCESS_KEY $EDGE_SECRET_KEY $EDGE_BUCKET" \
             "ceph-rgw $CEPH_ENDPOINT $CEPH_ACCESS_KEY $CEPH_SECRET_KEY bench-direct"; do
    read -r server endpoint ak sk bucket <<< "$row"
    url=$(python3 "$BENCH_DIR/presign.py" "$endpoint" "$ak" "$sk" "$bucket" "bench/first-byte-$server.bin" get --create-bucket --upload-file "$WORK/one-gib.bin")
    curl -s -o /dev/null -w "$server,$gib,%{time_starttransfer},%{time_total}\n" "$url" >> "$OUT/first-byte.csv"
  done
  sed 's/^/  /' "$OUT/first-byte.csv" >&2
}

cleanup() {
  stop_pidfile object-service-s3 "$WORK/object-service-s3.pid"
  stop_pidfile s3proxy "$WORK/s3proxy.pid"
  stop_pidfile object-service-buffered "$WORK/object-service-buffered.pid"
  stop_pidfile object-service-baseline "$WORK/object-service-baseline.pid"
  if pid_alive "$WORK/nginx.pid"; then kill "$(cat "$WORK/nginx.pid")"; log "stopped nginx"; fi
}
trap cleanup EXIT

# CPU seconds (user+system) of a process and its children threads/workers.
cpu_seconds() { # pids...
  local total=0 pid
  for pid in "$@"; do
    total=$(awk -v t="$total" -v hz="$(getconf CLK_TCK)" '{print t + ($14 + $15) / hz}' "/proc/$pid/stat")
  done
  echo "$total"
}
peak_rss_mib() { # pids...
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '/VmHWM/ {print $2}' "/proc/$pid/status"))); done
  echo $((total / 1024))
}
pids_of() { # server
  case $1 in
    object-service) cat "$RUN_DIR/object-service.pid" ;;
    object-service-buffered) cat "$WORK/object-service-buffered.pid" ;;
    object-service-baseline) cat "$WORK/object-service-baseline.pid" ;;
    s3proxy) cat "$WORK/s3proxy.pid" ;;
    object-service-s3) echo "$(cat "$WORK/object-service-s3.pid")" $(ceph_pids) ;;
    ceph-rgw) ceph_pids ;;
    nginx) local master; master=$(cat "$WORK/nginx.pid"); echo "$master" $(pgrep -P "$master") ;;
  esac
}

ceph_pids() { cat "$RUN_DIR/ceph-rgw.pid" "$RUN_DIR/ceph-osd.pid"; }

# One wrk run → CSV row: server,op,size,concurrency,ops,mbps,p50_ms,p99_ms,cpu_ms_per_op,peak_rss_mib
measure() { # server op size concurrency url|urls-file
  local server=$1 op=$2 size=$3 conc=$4 url=$5 pids before after out
  pids=$(pids_of "$server")
  # JIT warm-up of each server, operation and size, not measured. GET: 30 s by default — after 10 s the JVM
  # servers (object-service and s3proxy alike) were still compiling; a freshly started object-service served
  # 16.5k 4 KiB GET/s after 10 s and 30k/s once warm. PUT: 90 s — the freshly started buffered instance spent
  # 8.8 ms of CPU per 1 MiB PUT in its first 10 s window and 3.7 ms after about a minute of PUTs (64 MiB
  # bodies run the same code, and 90 s of them would only fill the disk).
  if ((FIRST_POINT)); then
    if [[ $op == get ]]; then wrk -t1 -c16 -d"${WARMUP}s" "$url" >/dev/null
    else
      local put_warmup=$PUT_WARMUP; ((size > 1048576)) && put_warmup=$WARMUP
      URLS_FILE=$url BODY_SIZE=$size wrk -t1 -c16 -d"${put_warmup}s" -s "$BENCH_DIR/put.lua" "$(head -n1 "$url")" >/dev/null
    fi
  fi
  settle
  # Every row starts with a short unmeasured run at its own concurrency, right before the measured one, so a
  # row measures a server under steady load. For object-service this matters beyond the JIT: a replica whose
  # metadata cache went unused for three leases (9 s) gives its lease back, and after the next lookup it
  # answers from PostgreSQL for 2/3 of a lease (2 s) before its cache may serve again (decision 011) — and
  # the other servers' rows and the settle step leave it idle for longer than that.
  if ((ROW_WARMUP > 0)); then
    if [[ $op == get ]]; then wrk -t1 -c"$conc" -d"${ROW_WARMUP}s" "$url" >/dev/null
    else URLS_FILE=$url BODY_SIZE=$size wrk -t1 -c"$conc" -d"${ROW_WARMUP}s" -s "$BENCH_DIR/put.lua" "$(head -n1 "$url")" >/dev/null
    fi
  fi
  before=$(cpu_seconds $pids)
  if [[ $op == get ]]; then
    out=$(wrk -t1 -c"$conc" -d"${DURATION}s" --latency "$url")
  else
    out=$(URLS_FILE=$url BODY_SIZE=$size wrk -t1 -c"$conc" -d"${DURATION}s" --latency -s "$BENCH_DIR/put.lua" "$(head -n1 "$url")")
  fi
  after=$(cpu_seconds $pids)
  echo "$out" > "$OUT/wrk-$server-$op-$size-$conc.txt"
  python3 - "$server" "$op" "$size" "$conc" "$before" "$after" "$(peak_rss_mib $pids)" <<PY >> "$OUT/results.csv"
import re, sys
server, op, size, conc, before, after, rss = sys.argv[1:]
text = open("$OUT/wrk-$server-$op-$size-$conc.txt").read()
def ms(label):
    m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', text, re.M)
    if not m: return float('nan')
    return float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)]
requests = int(re.search(r'(\d+) requests in', text).group(1))
errors = sum(int(x) for x in re.findall(r'Non-2xx or 3xx responses: (\d+)', text))
ok = max(requests - errors, 0)
seconds = float(re.search(r'requests in ([\d.]+)s', text).group(1))
ops = ok / seconds
cpu = (float(after) - float(before)) * 1000 / max(ok, 1)
print(f"{server},{op},{size},{conc},{ops:.1f},{ops * int(size) / 1e6:.1f},{ms('50%'):.2f},{ms('99%'):.2f},{cpu:.3f},{rss},{errors}")
PY
  tail -n1 "$OUT/results.csv" | sed 's/^/  /' >&2
}

ensure_tools
start_s3proxy
start_nginx
start_buffered_object_service
start_baseline_object_service
start_ceph_peers

echo "server,op,size,concurrency,ops_per_s,mb_per_s,p50_ms,p99_ms,cpu_ms_per_op,peak_rss_mib,errors" > "$OUT/results.csv"
declare -A EDGE_GET PEER_GET BASELINE_GET S3_STORE_GET RGW_GET
for size in "${SIZES[@]}"; do
  key="bench/object-$size.bin"
  head -c "$size" /dev/zero | tr '\0' 'e' > "$WORK/nginx-root/bench/object-$size.bin"
  EDGE_GET[$size]=$(python3 "$BENCH_DIR/presign.py" "$EDGE_S3_ENDPOINT" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key" get --upload "$size")
  python3 "$BENCH_DIR/presign.py" "$EDGE_S3_ENDPOINT" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key-put" put --count 64 > "$WORK/edge-put-$size.urls"
  python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$BUFFERED_PORT" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key-put-buffered" put --count 64 > "$WORK/buffered-put-$size.urls"
  if [[ -n $BASELINE_JAR ]]; then
    BASELINE_GET[$size]=$(python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$BASELINE_PORT" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key" get)
    python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$BASELINE_PORT" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key-put-baseline" put --count 64 > "$WORK/baseline-put-$size.urls"
  fi
  if ((CEPH)); then
    S3_STORE_GET[$size]=$(python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$S3_STORE_PORT" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key-s3" get --upload "$size")
    python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$S3_STORE_PORT" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key-put-s3" put --count 64 > "$WORK/s3-store-put-$size.urls"
    RGW_GET[$size]=$(python3 "$BENCH_DIR/presign.py" "$CEPH_ENDPOINT" "$CEPH_ACCESS_KEY" "$CEPH_SECRET_KEY" bench-direct "$key" get --create-bucket --upload "$size")
    python3 "$BENCH_DIR/presign.py" "$CEPH_ENDPOINT" "$CEPH_ACCESS_KEY" "$CEPH_SECRET_KEY" bench-direct "$key-put" put --count 64 > "$WORK/rgw-put-$size.urls"
  fi
  PEER_GET[$size]=$(python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$S3PROXY_PORT" benchaccesskey benchsecretkey bench "$key" get --create-bucket --upload "$size")
  python3 "$BENCH_DIR/presign.py" "http://127.0.0.1:$S3PROXY_PORT" benchaccesskey benchsecretkey bench "$key-put" put --count 64 > "$WORK/peer-put-$size.urls"
done

# Every GET row runs before the first PUT: an overwrite deletes the replaced blob 30 s later
# (EDGE_BLOB_DELETE_DELAY), and those unlinks would land in the next GET rows (object-service's CPU per
# 4 KiB GET doubled when they did). They still land in later PUT rows; they belong to the cost of a PUT.
for op in get put; do
  [[ $OPS == *" $op "* ]] || continue
  for size in "${SIZES[@]}"; do
    key="bench/object-$size.bin"
    for conc in "${CONCURRENCY[@]}"; do
      # warm each server up at the first concurrency of every size: a 1 MiB body runs other code (and
      # other JIT compilations) than a 4 KiB one, and the buffered instance starts fresh with each run
      FIRST_POINT=0; [[ $conc == "${CONCURRENCY[0]}" ]] && FIRST_POINT=1
      log "$op, size $size, concurrency $conc"
      if [[ $op == get ]]; then
        measure object-service get "$size" "$conc" "${EDGE_GET[$size]}"
        [[ -z $BASELINE_JAR ]] || measure object-service-baseline get "$size" "$conc" "${BASELINE_GET[$size]}"
        measure s3proxy get "$size" "$conc" "${PEER_GET[$size]}"
        measure nginx get "$size" "$conc" "http://127.0.0.1:$NGINX_PORT/$key"
        if ((CEPH)); then
          measure object-service-s3 get "$size" "$conc" "${S3_STORE_GET[$size]}"
          measure ceph-rgw get "$size" "$conc" "${RGW_GET[$size]}"
        fi
      else
        measure object-service put "$size" "$conc" "$WORK/edge-put-$size.urls"
        [[ -z $BASELINE_JAR ]] || measure object-service-baseline put "$size" "$conc" "$WORK/baseline-put-$size.urls"
        measure object-service-buffered put "$size" "$conc" "$WORK/buffered-put-$size.urls"
        measure s3proxy put "$size" "$conc" "$WORK/peer-put-$size.urls"
        if ((CEPH)); then
          measure object-service-s3 put "$size" "$conc" "$WORK/s3-store-put-$size.urls"
          measure ceph-rgw put "$size" "$conc" "$WORK/rgw-put-$size.urls"
        fi
      fi
    done
  done
done

if ((CEPH)); then
  head -c 1073741824 /dev/urandom > "$WORK/one-gib.bin"
  first_byte_of_1_gib
  rm -f "$WORK/one-gib.bin"
fi
python3 "$BENCH_DIR/report.py" "$OUT"
log "results: $OUT/summary.md"
