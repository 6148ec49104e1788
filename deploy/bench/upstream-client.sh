#!/usr/bin/env bash
# The s3 blob store's own upstream client (our SigV4 signer over the Vert.x HTTP client) beside the AWS SDK
# for Java v2 async client (Netty), in one JVM against local Ceph RGW: GET and PUT of each size, rounds
# alternating, requests per second and CPU milliseconds per request (docs/decisions/015-s3-blob-store.md).
#
#   deploy/bench/upstream-client.sh                      # 4 KiB and 1 MiB, 16 in flight, 8 s, 3 rounds
#   SIZES="4096" CONCURRENCY=64 SECONDS=10 ROUNDS=5 deploy/bench/upstream-client.sh
#
# Starts Ceph (deploy/local/ceph.sh) if it is not running; loopback only; bounded by the rounds.
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
read -ra SIZES <<< "${SIZES:-4096 1048576}"
"$LOCAL_DIR/ceph.sh" start >/dev/null
BUCKET=edge-bench-upstream-client
s3_request PUT "$CEPH_ENDPOINT/$BUCKET" "$CEPH_ACCESS_KEY" "$CEPH_SECRET_KEY" >/dev/null 2>&1 || true # exists already
cd "$ROOT_DIR"
./mvnw -B -q -o test-compile -pl object-service -am >/dev/null
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -o dependency:build-classpath -pl object-service -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
# The reactor's own modules first: ~/.m2 may hold older builds of them.
CP="object-service/target/test-classes:object-service/target/classes:sigv4/target/classes:service-common/target/classes:$(cat "$cp_file")"
for size in "${SIZES[@]}"; do
  java -Xmx512m -cp "$CP" io.edgestorage.objects.blob.s3.bench.UpstreamClientComparison "$CEPH_ENDPOINT" \
    "$CEPH_ACCESS_KEY" "$CEPH_SECRET_KEY" "$BUCKET" "$size" "${CONCURRENCY:-16}" "${SECONDS:-8}" "${ROUNDS:-3}" \
    | { if [[ $size == "${SIZES[0]}" ]]; then cat; else tail -n +2; fi; }
done
