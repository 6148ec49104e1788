#!/usr/bin/env bash
# Peak RSS of object-service while one large object streams in (presigned PUT) and out (presigned GET).
# Target: under 100 MiB above idle for a 4 GiB object.
#
# Usage: deploy/local/up.sh && object-service/bench/rss-stream.sh [size in GiB, default 4]
# Needs: the local system from deploy/local/up.sh (its .run/env and object-service.pid), curl, python3.
# The body is a sparse file (no disk used for the source); the download goes to /dev/null.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN=${EDGE_RUN_DIR:-$ROOT/deploy/local/.run}
# shellcheck disable=SC1091
. "$RUN/env"
PID=$(cat "$RUN/object-service.pid")
GIB=${1:-4}
BYTES=$((GIB * 1024 * 1024 * 1024))
KEY="bench/rss-$(date +%s).bin"

presign() { # method key -> URL (SigV4 query auth, UNSIGNED-PAYLOAD, 1 hour)
  python3 - "$1" "$2" <<'PY'
import datetime, hashlib, hmac, os, sys, urllib.parse
method, key = sys.argv[1], sys.argv[2]
endpoint, bucket = os.environ["EDGE_S3_ENDPOINT"], os.environ["EDGE_BUCKET"]
ak, sk, region = os.environ["EDGE_ACCESS_KEY"], os.environ["EDGE_SECRET_KEY"], os.environ.get("AWS_REGION", "us-east-1")
host = urllib.parse.urlparse(endpoint).netloc
now = datetime.datetime.now(datetime.timezone.utc)
amz, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
scope = f"{day}/{region}/s3/aws4_request"
path = "/" + bucket + "/" + urllib.parse.quote(key, safe="/~")
q = {"X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": f"{ak}/{scope}", "X-Amz-Date": amz,
     "X-Amz-Expires": "3600", "X-Amz-SignedHeaders": "host"}
cq = "&".join(f"{urllib.parse.quote(k, safe='~')}={urllib.parse.quote(v, safe='~')}" for k, v in sorted(q.items()))
creq = f"{method}\n{path}\n{cq}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD"
sts = f"AWS4-HMAC-SHA256\n{amz}\n{scope}\n{hashlib.sha256(creq.encode()).hexdigest()}"
k = ("AWS4" + sk).encode()
for part in (day, region, "s3", "aws4_request"):
    k = hmac.new(k, part.encode(), hashlib.sha256).digest()
sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
print(f"{endpoint}{path}?{cq}&X-Amz-Signature={sig}")
PY
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }

SRC=$(mktemp)
SAMPLES=$(mktemp)
trap 'rm -f "$SRC" "$SAMPLES"; kill "${SAMPLER:-0}" 2>/dev/null || true' EXIT
truncate -s "$BYTES" "$SRC"

IDLE=$(rss_kib)
( while kill -0 "$PID" 2>/dev/null; do rss_kib >> "$SAMPLES"; sleep 0.2; done ) &
SAMPLER=$!

t0=$(date +%s.%N)
put=$(curl -sS -o /dev/null -w '%{http_code}' -T "$SRC" "$(presign PUT "$KEY")")
t1=$(date +%s.%N)
get=$(curl -sS -o /dev/null -w '%{http_code}' "$(presign GET "$KEY")")
t2=$(date +%s.%N)
curl -sS -o /dev/null -X DELETE "$(presign DELETE "$KEY")"
kill "$SAMPLER" 2>/dev/null || true

PEAK=$(sort -n "$SAMPLES" | tail -n1)
python3 - "$GIB" "$IDLE" "$PEAK" "$t0" "$t1" "$t2" "$put" "$get" <<'PY'
import sys
gib, idle, peak, t0, t1, t2 = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), *map(float, sys.argv[4:7])
put, get = sys.argv[7], sys.argv[8]
mib = gib * 1024
print(f"object: {gib} GiB   PUT {put} in {t1 - t0:.1f} s ({mib / (t1 - t0):.0f} MiB/s)   GET {get} in {t2 - t1:.1f} s ({mib / (t2 - t1):.0f} MiB/s)")
print(f"RSS idle {idle / 1024:.0f} MiB, peak {peak / 1024:.0f} MiB, above idle {(peak - idle) / 1024:.0f} MiB (target < 100 MiB)")
PY
