"""A 1 GiB object through boto3's managed transfer (multipart, parts in parallel), read back whole and by
range, then every URL to it revoked: run by deploy/e2e/run.sh in its pass on the s3 blob store (Ceph), where
the parts become upstream objects and the completion an upstream part copy."""
import hashlib
import os
import time
import urllib.request
import uuid

from boto3.s3.transfer import TransferConfig

from conftest import edge_api
from test_revocation import rejected_within

GIB = 1024 * 1024 * 1024
CHUNK = 8 * 1024 * 1024


def pattern_chunk(i):
    # Distinct bytes in every chunk, so a part stored in the wrong place cannot go unnoticed.
    seed = hashlib.sha256(str(i).encode()).digest()
    return (seed * (CHUNK // len(seed) + 1))[:CHUNK]


def test_a_1_gib_multipart_upload_reads_back_whole_and_is_revoked_with_its_object(client, env, tmp_path):
    bucket = env["EDGE_BUCKET"]
    key = f"large/{uuid.uuid4()}.bin"
    source = tmp_path / "one-gib.bin"
    digest = hashlib.md5()
    with open(source, "wb") as f:
        for i in range(GIB // CHUNK):
            chunk = pattern_chunk(i)
            digest.update(chunk)
            f.write(chunk)
    config = TransferConfig(multipart_threshold=64 * 1024 * 1024, multipart_chunksize=16 * 1024 * 1024,
                            max_concurrency=4)
    try:
        client.upload_file(str(source), bucket, key, Config=config)
        head = client.head_object(Bucket=bucket, Key=key)
        assert head["ContentLength"] == GIB
        assert head["ETag"].endswith('-64"')

        middle = client.get_object(Bucket=bucket, Key=key, Range=f"bytes={GIB // 2}-{GIB // 2 + 99}")["Body"].read()
        assert middle == pattern_chunk(GIB // 2 // CHUNK)[:100]

        url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=600)
        read_back = hashlib.md5()
        with urllib.request.urlopen(url, timeout=120) as response:
            while True:
                block = response.read(CHUNK)
                if not block:
                    break
                read_back.update(block)
        assert read_back.hexdigest() == digest.hexdigest()

        time.sleep(1.1)  # a revocation refuses URLs issued before it, to the second
        status, revocation = edge_api(env, "POST", f"/api/storage/buckets/{bucket}/revocations", {"key": key})
        assert status == 201, revocation
        refused = rejected_within(url)
        assert refused.status_code == 403 and "<Code>AccessDenied</Code>" in refused.text
    finally:
        client.delete_object(Bucket=bucket, Key=key)
        os.remove(source)
