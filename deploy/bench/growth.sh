#!/usr/bin/env bash
# How cost grows: presign latency through the gateway with 1, 100 and 10,000 accounts;
# GET/HEAD latency, ListObjectsV2 page times and object-service RSS with 10 k, 100 k and 1 M objects in
# one bucket (grown in place). Drivers and the fill method: deploy/bench/growth/ (README there).
#
#   deploy/bench/growth.sh            # full run, 5–10 minutes; wrap it in flock /tmp/edge-bench.lock
#   deploy/bench/growth.sh --smoke    # 2,000 objects, 1 and 5 accounts, under 30 s; non-zero on any failure
#   deploy/bench/growth.sh --keep     # full run that leaves the million objects in place
#
# Needs the system up with the gateway's per-account rate limit off (the one-account step sends
# thousands of presigns from one token):  EDGE_RATE_LIMIT_ENABLED=false deploy/local/up.sh
# Writes deploy/bench/results/growth-<timestamp>/{accounts,objects,fill,memory}.csv, summary.md, PNGs.
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
GROWTH_DIR="$ROOT_DIR/deploy/bench/growth"
OUT="$ROOT_DIR/deploy/bench/results/growth-$(date -u +%Y%m%dT%H%M%SZ)"
args=()
for arg in "$@"; do
  case "$arg" in
    --smoke|--keep) args+=("$arg") ;;
    *) die "unknown argument $arg (use --smoke or --keep)" ;;
  esac
done

[[ -f "$RUN_DIR/env" ]] || die "start the system first: EDGE_RATE_LIMIT_ENABLED=false deploy/local/up.sh"
source "$RUN_DIR/env"
export_service_env

pid_of() { # service -> pid of the instance up.sh started, or die
  pid_alive "$RUN_DIR/$1.pid" || die "$1 is not running (deploy/local/up.sh starts it)"
  cat "$RUN_DIR/$1.pid"
}
environ_of() { # pid name -> that variable in the process's environment
  tr '\0' '\n' < "/proc/$1/environ" | sed -n "s/^$2=//p"
}
GATEWAY_PID=$(pid_of api-gateway)
OBJECT_PID=$(pid_of object-service)
[[ "$(environ_of "$GATEWAY_PID" EDGE_RATE_LIMIT_ENABLED)" == false ]] ||
  die "the gateway runs with its rate limit on; restart it: deploy/local/down.sh && EDGE_RATE_LIMIT_ENABLED=false deploy/local/up.sh"
# The blob folder object-service really uses: filled objects are hard links inside it.
GROWTH_BLOB_DIR=$(environ_of "$OBJECT_PID" EDGE_BLOB_DIR)
[[ -d "$GROWTH_BLOB_DIR" ]] || die "cannot find object-service's blob folder (EDGE_BLOB_DIR of pid $OBJECT_PID)"

ensure_commands wrk=wrk gnuplot=gnuplot-nox psql=postgresql-client

export GROWTH_BLOB_DIR GROWTH_OBJECT_PID=$OBJECT_PID
export GROWTH_PIDS="api-gateway=$GATEWAY_PID,presign-service=$(pid_of presign-service),key-service=$(pid_of key-service)"
mkdir -p "$OUT"
log "load average before: $(cut -d' ' -f1-3 /proc/loadavg); results go to $OUT"
status=0
python3 "$GROWTH_DIR/run.py" --out "$OUT" "${args[@]}" || status=$?
python3 "$GROWTH_DIR/report.py" "$OUT" >/dev/null || status=1
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg); results: $OUT/summary.md"
((status == 0)) || die "the growth benchmark FAILED (exit $status): see the log above"
