#!/usr/bin/env bash
# A real Ceph cluster on this machine, loopback only, as the S3 upstream of the `s3` blob store in tests
# and in up.sh: one monitor, one manager, one OSD (BlueStore on a sparse file) and the RADOS Gateway
# (beast) on 127.0.0.1:$EDGE_CEPH_RGW_PORT, with one S3 user of fixed test keys. Installs Debian's
# Ceph packages when they are missing; the cluster is created on first start under .run/ceph and
# restarted from its data afterwards, also after an unclean stop.
#   ceph.sh start | stop | status        endpoint: http://127.0.0.1:7480
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

S3_USER=edge-ceph-test
MON_HOST="[v2:127.0.0.1:3300,v1:127.0.0.1:6789]"
# Sparse: it takes only the space the objects use.
OSD_BLOCK_SIZE=${EDGE_CEPH_OSD_SIZE:-20G}
CEPH_DIR="$RUN_DIR/ceph"
CONF="$CEPH_DIR/ceph.conf"
DAEMONS=(mon mgr osd rgw)
PACKAGES=(ceph-mon ceph-mgr ceph-osd radosgw ceph-common)
COMMANDS=(ceph-mon ceph-mgr ceph-osd radosgw ceph radosgw-admin ceph-authtool monmaptool)

pid_file() { echo "$RUN_DIR/ceph-$1.pid"; }

ceph_cli() { ceph -c "$CONF" --connect-timeout 10 "$@"; }
rgw_admin() { radosgw-admin -c "$CONF" "$@"; }

# --- installation ---------------------------------------------------------------------------------
ceph_processes() { ps -e -o pid=,comm= | awk '$2 ~ /^(ceph-mon|ceph-mgr|ceph-osd|radosgw|ceph-crash)$/ {print $1}' | sort; }

ensure_installed() {
  local cmd absent=0
  for cmd in "${COMMANDS[@]}"; do command -v "$cmd" >/dev/null || absent=1; done
  ((absent)) || return 0
  command -v apt-get >/dev/null || die "Ceph is not installed and there is no apt-get: install ${PACKAGES[*]}"
  log "installing Ceph from Debian's packages (${PACKAGES[*]}; first use only)"
  local before; before=$(ceph_processes)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" \
    >"$RUN_DIR/logs/ceph-install.log" 2>&1 || die "installing Ceph failed; see $RUN_DIR/logs/ceph-install.log"
  # The packages' services must not run beside ours: stop any daemon the installation itself started.
  local pid
  for pid in $(comm -13 <(echo "$before") <(ceph_processes)); do
    log "stopping $(cat "/proc/$pid/comm" 2>/dev/null) (pid $pid), started by the package installation"
    kill "$pid" 2>/dev/null || true
  done
}

# --- configuration --------------------------------------------------------------------------------
write_config() {
  mkdir -p "$CEPH_DIR/run" "$CEPH_DIR/crash"
  { echo "# Written by deploy/local/ceph.sh at every start; the cluster's identity is in fsid."
    cluster_config; daemon_config; } > "$CONF"
}

cluster_config() {
  cat <<CONF
[global]
fsid = $(cat "$CEPH_DIR/fsid")
mon_host = $MON_HOST
mon_initial_members = a
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_ipv4 = true
ms_bind_ipv6 = false
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
run_dir = $CEPH_DIR/run
crash_dir = $CEPH_DIR/crash
log_file = $RUN_DIR/logs/ceph-\$name.log
mon_cluster_log_file = $RUN_DIR/logs/ceph-cluster.log
# One OSD: every pool keeps one copy, placed on OSDs rather than hosts, with few placement groups.
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_crush_chooseleaf_type = 0
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_allow_pool_delete = true
mgr_initial_modules = iostat

[client.admin]
keyring = $CEPH_DIR/admin.keyring
CONF
}

daemon_config() {
  cat <<CONF
[mon]
mon_data = $CEPH_DIR/mon.a
keyring = $CEPH_DIR/mon.a/keyring
# The gateway creates its pools one by one at its first start; each waits for a Paxos round.
paxos_propose_interval = 0.1
mon_data_avail_warn = 5
auth_allow_insecure_global_id_reclaim = false

[mgr]
mgr_data = $CEPH_DIR/mgr.x
keyring = $CEPH_DIR/mgr.x/keyring

[osd]
osd_data = $CEPH_DIR/osd.0
keyring = $CEPH_DIR/osd.0/keyring
osd_objectstore = bluestore
# BlueStore on a sparse file beside (not inside) the OSD directory: it survives kill -9.
bluestore_block_path = $CEPH_DIR/osd.0.block
bluestore_block_create = true
bluestore_block_size = $(numfmt --from=iec "$OSD_BLOCK_SIZE")
bluestore_fsck_on_mkfs = false
# Two cores: few worker threads and a modest cache.
osd_memory_target = 1073741824
osd_op_num_shards = 2
osd_op_num_threads_per_shard = 1

[client.rgw.a]
rgw_data = $CEPH_DIR/rgw.a
admin_socket = $CEPH_DIR/run/ceph-client.rgw.a.asok
keyring = $CEPH_DIR/rgw.a/keyring
# Without tcp_nodelay a small GET waits for delayed ACKs (about 48 ms).
rgw_frontends = beast endpoint=127.0.0.1:$CEPH_RGW_PORT tcp_nodelay=1
rgw_thread_pool_size = 64
rgw_enable_usage_log = false
# A deleted object's data waits for the gateway's garbage collector, by default for two hours: on a
# small test OSD that fills it within a few runs, and a full OSD blocks every write. A minute instead.
rgw_gc_obj_min_wait = 60
rgw_gc_processor_period = 60
CONF
}

# --- first start: a new cluster -------------------------------------------------------------------
bootstrap_mon() {
  [[ -f "$CEPH_DIR/mon.a/.bootstrapped" ]] && return
  log "creating a new Ceph cluster in $CEPH_DIR"
  rm -rf "$CEPH_DIR"; mkdir -p "$CEPH_DIR"
  (umask 077
   cat /proc/sys/kernel/random/uuid > "$CEPH_DIR/fsid"
   write_config
   ceph-authtool --create-keyring "$CEPH_DIR/mon.keyring" --gen-key -n mon. --cap mon 'allow *'
   ceph-authtool --create-keyring "$CEPH_DIR/admin.keyring" --gen-key -n client.admin \
     --cap mon 'allow *' --cap osd 'allow *' --cap mds 'allow *' --cap mgr 'allow *'
   ceph-authtool "$CEPH_DIR/mon.keyring" --import-keyring "$CEPH_DIR/admin.keyring"
   monmaptool --create --addv a "$MON_HOST" --fsid "$(cat "$CEPH_DIR/fsid")" "$CEPH_DIR/monmap"
   ceph-mon -c "$CONF" --mkfs -i a --monmap "$CEPH_DIR/monmap" --keyring "$CEPH_DIR/mon.keyring") >/dev/null
  touch "$CEPH_DIR/mon.a/.bootstrapped"
}

bootstrap_mgr() {
  [[ -s "$CEPH_DIR/mgr.x/keyring" ]] && return
  mkdir -p "$CEPH_DIR/mgr.x"
  ceph_cli auth get-or-create mgr.x mon 'allow profile mgr' osd 'allow *' mds 'allow *' \
    -o "$CEPH_DIR/mgr.x/keyring"
}

bootstrap_osd() {
  [[ -f "$CEPH_DIR/osd.0/.bootstrapped" ]] && return
  local request="$CEPH_DIR/osd.0.new.json"
  # Kept until the OSD exists, so an interrupted first start asks the monitor for the same OSD again.
  if [[ ! -s "$request" ]]; then
    (umask 077; printf '{"cephx_secret": "%s"}\n' "$(ceph-authtool --gen-print-key)" > "$request")
    cat /proc/sys/kernel/random/uuid > "$CEPH_DIR/osd.0.uuid"
  fi
  local uuid id; uuid=$(cat "$CEPH_DIR/osd.0.uuid")
  id=$(ceph_cli osd new "$uuid" -i "$request")
  [[ "$id" == 0 ]] || die "the monitor gave OSD id '$id', expected 0; reset with: rm -rf $CEPH_DIR"
  rm -rf "$CEPH_DIR/osd.0" "$CEPH_DIR/osd.0.block"; mkdir -p "$CEPH_DIR/osd.0"
  (umask 077; ceph-authtool --create-keyring "$CEPH_DIR/osd.0/keyring" --name osd.0 \
     --add-key "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cephx_secret"])' "$request")") >/dev/null
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$uuid" >"$RUN_DIR/logs/ceph-osd-mkfs.out" 2>&1 \
    || die "ceph-osd --mkfs failed; see $RUN_DIR/logs/ceph-osd-mkfs.out and ceph-osd.0.log"
  touch "$CEPH_DIR/osd.0/.bootstrapped"
}

bootstrap_rgw() {
  [[ -s "$CEPH_DIR/rgw.a/keyring" ]] && return
  mkdir -p "$CEPH_DIR/rgw.a"
  ceph_cli auth get-or-create client.rgw.a mon 'allow rw' osd 'allow rwx' mgr 'allow rw' \
    -o "$CEPH_DIR/rgw.a/keyring"
}

# --- daemons --------------------------------------------------------------------------------------
daemon_cmd() {
  case $1 in
    mon) echo ceph-mon -i a ;;
    mgr) echo ceph-mgr -i x ;;
    osd) echo ceph-osd -i 0 ;;
    rgw) echo radosgw -n client.rgw.a ;;
  esac
}

start_daemon() {
  local what=$1 file; file=$(pid_file "$1")
  if pid_alive "$file"; then return; fi
  log "starting ceph $what"
  # -f: in the foreground of its own nohup, so $! is the daemon (it still logs to its log file).
  # 9>&-: the daemon must not hold start's lock.
  # shellcheck disable=SC2046
  nohup $(daemon_cmd "$what") -c "$CONF" -f >>"$RUN_DIR/logs/ceph-$what.out" 2>&1 9>&- &
  echo $! > "$file"
}

mon_ready() { ceph_cli mon stat; }
# Asked of the OSD itself: after an unclean stop the monitor still lists the dead instance as up.
osd_up() { ceph --admin-daemon "$CEPH_DIR/run/ceph-osd.0.asok" status 2>/dev/null | grep -q '"state": "active"'; }

# A signed ListBuckets (SigV4) with the test user's keys: the gateway is up and the user exists.
s3_ready() { s3_request GET "$CEPH_ENDPOINT/" "$CEPH_ACCESS_KEY" "$CEPH_SECRET_KEY"; }

ensure_s3_user() {
  if rgw_admin user info --uid "$S3_USER" 2>/dev/null | grep -q "\"access_key\": \"$CEPH_ACCESS_KEY\""; then return; fi
  if rgw_admin user info --uid "$S3_USER" >/dev/null 2>&1; then
    rgw_admin key create --uid "$S3_USER" --key-type s3 --access-key "$CEPH_ACCESS_KEY" --secret-key "$CEPH_SECRET_KEY" >/dev/null
  else
    rgw_admin user create --uid "$S3_USER" --display-name "Edge Storage tests" \
      --access-key "$CEPH_ACCESS_KEY" --secret-key "$CEPH_SECRET_KEY" >/dev/null
  fi
  log "S3 user $S3_USER has access key $CEPH_ACCESS_KEY"
}

# Ceph blocks writes on a full OSD: a PUT then waits until the service's upstream timeout.
warn_if_nearly_full() {
  local health; health=$(ceph_cli health 2>/dev/null) || return 0
  if [[ "$health" == *FULL* ]]; then
    log "warning: the Ceph OSD is nearly full or full ($health); writes will stall. Free space with: ceph.sh stop; rm -rf $CEPH_DIR"
  fi
}

fail() { die "$1; see $RUN_DIR/logs/ceph-*.log and ceph-*.out (a fresh cluster: ceph.sh stop; rm -rf $CEPH_DIR)"; }

start() {
  local began=$SECONDS
  # One start at a time per data folder: creating the cluster takes several steps.
  exec 9>"$RUN_DIR/ceph.lock"; flock 9
  if ! pid_alive "$(pid_file rgw)" && port_open 127.0.0.1 "$CEPH_RGW_PORT"; then
    s3_ready || die "127.0.0.1:$CEPH_RGW_PORT is taken by a process this script did not start, and it refuses the test keys"
    log "an S3 gateway already answers at $CEPH_ENDPOINT with the test keys (not started by this checkout)"
    echo "$CEPH_ENDPOINT"; return
  fi
  if ! pid_alive "$(pid_file mon)" && port_open 127.0.0.1 3300; then
    die "127.0.0.1:3300 is taken by a Ceph monitor this script did not start"
  fi
  ensure_installed
  bootstrap_mon
  write_config
  start_daemon mon
  wait_for "Ceph monitor" 60 mon_ready || fail "the Ceph monitor did not start"
  bootstrap_mgr
  start_daemon mgr
  bootstrap_osd
  start_daemon osd
  wait_for "Ceph OSD" 120 osd_up || fail "the Ceph OSD did not come up"
  bootstrap_rgw
  start_daemon rgw
  wait_for "RADOS Gateway on 127.0.0.1:$CEPH_RGW_PORT" 180 port_open 127.0.0.1 "$CEPH_RGW_PORT" \
    || fail "the RADOS Gateway did not start"
  ensure_s3_user
  wait_for "S3 on $CEPH_ENDPOINT (signed ListBuckets)" 60 s3_ready || fail "the gateway refuses the test keys"
  # Frees now what earlier runs deleted, whatever its age.
  rgw_admin gc process --include-all >/dev/null 2>&1 || log "could not run the gateway's garbage collector"
  warn_if_nearly_full
  log "Ceph is up in $((SECONDS - began)) s: endpoint $CEPH_ENDPOINT, access key $CEPH_ACCESS_KEY"
  echo "$CEPH_ENDPOINT"
}

stop() {
  local i
  for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do stop_pidfile "ceph ${DAEMONS[i]}" "$(pid_file "${DAEMONS[i]}")"; done
}

status() {
  local what file
  for what in "${DAEMONS[@]}"; do
    file=$(pid_file "$what")
    if pid_alive "$file"; then echo "ceph $what: up (pid $(cat "$file"))"; else echo "ceph $what: down"; fi
  done
  s3_ready 2>/dev/null && echo "Ceph RGW: up at $CEPH_ENDPOINT" || echo "Ceph RGW: down"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: ceph.sh start|stop|status" ;;
esac
