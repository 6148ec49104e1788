# Sourced by the benchmark scripts (after deploy/local/lib.sh, for `log`).
cpu_idle_and_total_ticks() { awk '/^cpu /{print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
# Waits (at most BENCH_SETTLE_MAX seconds) until the machine is quiet: at least 85 % of all cores' time idle
# over one second. A JVM keeps compiling and collecting for seconds after its load stops, and the deferred
# deletes of a PUT row run 30 s later; on two shared cores that work would land in the next server's row.
settle() {
  local deadline=$((SECONDS + ${BENCH_SETTLE_MAX:-20})) idle0 total0 idle1 total1
  while ((SECONDS < deadline)); do
    read -r idle0 total0 < <(cpu_idle_and_total_ticks)
    sleep 1
    read -r idle1 total1 < <(cpu_idle_and_total_ticks)
    (( (idle1 - idle0) * 100 >= 85 * (total1 - total0) )) && return 0
  done
  log "the machine did not settle within ${BENCH_SETTLE_MAX:-20} s; measuring anyway"
}
