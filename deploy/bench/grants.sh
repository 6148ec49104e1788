#!/usr/bin/env bash
# What a grant costs on the data plane, same run: a presigned 4 KiB GET with a plain SDK URL (boto3, SigV4,
# no grant), with an Edge API URL (an unlimited grant), and with a limited grant (every GET takes a use: one
# PostgreSQL statement), interleaved in ROUNDS rounds so drift lands on every row alike.
#   [ROUNDS=3] [DURATION=10] [WARMUP=20] [CONCURRENCY=16] deploy/bench/grants.sh
# Needs the system up (deploy/local/up.sh). Writes deploy/bench/results/grants-<timestamp>/{results.csv,summary.md}.
# Loopback only; bounded: ROUNDS × 3 × (DURATION + settle) seconds after the warm-up.
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
source "$ROOT_DIR/deploy/bench/settle.sh"
BENCH_DIR="$ROOT_DIR/deploy/bench"
OUT="$BENCH_DIR/results/grants-$(date -u +%Y%m%dT%H%M%SZ)"
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-20}; CONCURRENCY=${CONCURRENCY:-16}
[[ -f "$RUN_DIR/env" ]] || die "start the system first: deploy/local/up.sh"
source "$RUN_DIR/env"
ensure_commands wrk=wrk
mkdir -p "$OUT"

key=bench/grants-4k.bin
plain=$(python3 "$BENCH_DIR/presign.py" "$EDGE_S3_ENDPOINT" "$EDGE_ACCESS_KEY" "$EDGE_SECRET_KEY" "$EDGE_BUCKET" "$key" get --upload 4096)
edge_url() { # presign body -> url
  curl -sf -X POST "$EDGE_API_URL/api/storage/buckets/$EDGE_BUCKET/presign" -H "Authorization: Bearer $EDGE_TOKEN" \
    -H 'Content-Type: application/json' -d "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["url"])'
}
unlimited=$(edge_url "{\"key\":\"$key\",\"expires\":\"7d\"}") || die "the Edge API did not presign"
limited=$(edge_url "{\"key\":\"$key\",\"expires\":\"7d\",\"uses\":1000000}") || die "the Edge API did not presign"
declare -A URLS=([plain]=$plain [unlimited-grant]=$unlimited [limited-grant]=$limited)
for name in plain unlimited-grant limited-grant; do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "${URLS[$name]}") == 200 ]] || die "$name URL is not served"
done

OBJECT_PID=$(cat "$RUN_DIR/object-service.pid")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() { # every PostgreSQL backend's CPU: the limited grant's statement is spent there
  local total=0 pid
  for pid in $(pgrep -u postgres postgres); do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$total"
}
log "warm-up: ${WARMUP} s per URL"
for name in plain unlimited-grant limited-grant; do wrk -t1 -c"$CONCURRENCY" -d"${WARMUP}s" "${URLS[$name]}" >/dev/null; done
echo "round,url,ops_per_s,p50_ms,p99_ms,object_service_cpu_ms_per_op,postgres_cpu_ms_per_op,non_2xx" > "$OUT/results.csv"
for ((round = 1; round <= ROUNDS; round++)); do
  for name in plain unlimited-grant limited-grant; do
    # A fresh limited grant per row: a fast row must not run out of its 1,000,000 uses.
    [[ $name != limited-grant ]] || URLS[$name]=$(edge_url "{\"key\":\"$key\",\"expires\":\"7d\",\"uses\":1000000}")
    settle
    o0=$(cpu_ticks "$OBJECT_PID"); p0=$(pg_ticks)
    text=$(wrk -t1 -c"$CONCURRENCY" -d"${DURATION}s" --latency "${URLS[$name]}")
    o1=$(cpu_ticks "$OBJECT_PID"); p1=$(pg_ticks)
    python3 - "$round" "$name" "$((o1 - o0))" "$((p1 - p0))" "$(getconf CLK_TCK)" <<PY >> "$OUT/results.csv"
import re, sys
round_no, name, object_ticks, pg_ticks, hz = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
text = """$text"""
def ms(label):
    m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', text, re.M)
    return float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)]
requests = int(re.search(r'(\d+) requests in', text).group(1))
rate = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
bad = re.search(r'Non-2xx or 3xx responses: (\d+)', text)
print(f"{round_no},{name},{rate:.1f},{ms('50%'):.2f},{ms('99%'):.2f},"
      f"{1000 * object_ticks / hz / requests:.4f},{1000 * pg_ticks / hz / requests:.4f},{bad.group(1) if bad else 0}")
PY
    log "round $round $name: $(tail -n1 "$OUT/results.csv")"
  done
done
python3 - "$OUT" <<'PY'
import csv, pathlib, statistics, sys
out = pathlib.Path(sys.argv[1])
rows = list(csv.DictReader(open(out / 'results.csv')))
by = {}
for r in rows:
    by.setdefault(r['url'], []).append(r)
med = lambda name, col: statistics.median(float(r[col]) for r in by[name])
lines = ['| URL | ops/s (median of rounds) | p50 ms | p99 ms | object-service CPU ms/op | PostgreSQL CPU ms/op | ÷ plain |',
         '|---|---|---|---|---|---|---|']
for name in ('plain', 'unlimited-grant', 'limited-grant'):
    lines.append(f"| {name} | {med(name, 'ops_per_s'):.0f} | {med(name, 'p50_ms'):.2f} | {med(name, 'p99_ms'):.2f} | "
                 f"{med(name, 'object_service_cpu_ms_per_op'):.4f} | {med(name, 'postgres_cpu_ms_per_op'):.4f} | "
                 f"{med(name, 'ops_per_s') / med('plain', 'ops_per_s'):.2f}× |")
(out / 'summary.md').write_text('\n'.join(lines) + '\n')
print('\n'.join(lines))
PY
log "results: $OUT/summary.md"
