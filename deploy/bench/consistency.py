"""Read-after-write across object-service replicas with their metadata caches on (decision 011).

usage: consistency.py [--rounds N] [--out DIR] [--replicas http://127.0.0.1:9000,http://127.0.0.1:9001,...]

Reads deploy/local/.run/env. Each round first reads the key from every replica (so each one holds the
current version in its cache), then overwrites it through one replica (round-robin) and, as soon as the
PUT is answered, reads it from every replica: any answer other than the new bytes is a stale read. Every
tenth round deletes the key instead and expects NoSuchKey everywhere. Reports stale reads (the target is
none), how many reads each replica answered from its cache (must be more than none for the run to count),
and the PUT/DELETE latency, which with other replicas includes waiting for their answers.
"""
import argparse
import json
import pathlib
import statistics
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from localenv import internal_url, load_env




def client(env, endpoint):
    return boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1',
                        aws_access_key_id=env['EDGE_ACCESS_KEY'], aws_secret_access_key=env['EDGE_SECRET_KEY'],
                        config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))


def read(c, bucket, key):
    try:
        return c.get_object(Bucket=bucket, Key=key)['Body'].read()
    except ClientError as e:
        if e.response['Error']['Code'] == 'NoSuchKey':
            return None
        raise


def cache_serving(endpoint):
    """Whether this replica's metadata cache may answer now (it takes a lease only while GETs use it)."""
    import urllib.request
    with urllib.request.urlopen(internal_url(endpoint) + '/q/metrics') as r:
        return any(line.startswith('edge_metadata_cache_serving ') and float(line.split()[1]) == 1
                   for line in r.read().decode().splitlines())


def cache_hits(endpoint):
    """GET/HEAD lookups this replica answered from its metadata cache (its /q/metrics)."""
    import urllib.request
    with urllib.request.urlopen(internal_url(endpoint) + '/q/metrics') as r:
        for line in r.read().decode().splitlines():
            if line.startswith('edge_metadata_cache_lookups_total') and 'result="hit"' in line:
                return float(line.rsplit(' ', 1)[1])
    return 0.0


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=300)
    ap.add_argument('--out', default=None)
    ap.add_argument('--replicas', default='http://127.0.0.1:9000,http://127.0.0.1:9001,http://127.0.0.1:9002')
    args = ap.parse_args()
    env = load_env()
    bucket = env['EDGE_BUCKET']
    endpoints = args.replicas.split(',')
    clients = [client(env, e) for e in endpoints]
    key = f'consistency/{int(time.time() * 1000)}.txt'
    stale, reads, write_ms = 0, 0, {'put': [], 'delete': []}
    deadline = time.monotonic() + 15
    while not all(cache_serving(e) for e in endpoints):  # reads make each replica take its lease and join
        if time.monotonic() > deadline:
            raise SystemExit('a replica did not start serving from its cache within 15 s')
        for c in clients:
            read(c, bucket, key)
        time.sleep(0.2)
    hits_before = [cache_hits(e) for e in endpoints]
    expected = None
    for i in range(args.rounds):
        for c in clients:  # every replica caches what is there now
            read(c, bucket, key)
        writer = clients[i % len(clients)]
        started = time.perf_counter()
        if i % 10 == 9:
            writer.delete_object(Bucket=bucket, Key=key)
            write_ms['delete'].append((time.perf_counter() - started) * 1000)
            expected = None
        else:
            expected = f'round {i} through {endpoints[i % len(endpoints)]}'.encode()
            writer.put_object(Bucket=bucket, Key=key, Body=expected)
            write_ms['put'].append((time.perf_counter() - started) * 1000)
        for n, c in enumerate(clients):
            got = read(c, bucket, key)
            reads += 1
            if got != expected:
                stale += 1
                print(f'STALE: round {i}, replica {endpoints[n]}: expected {expected!r}, got {got!r}')
    clients[0].delete_object(Bucket=bucket, Key=key)
    hits = [int(cache_hits(e) - b) for e, b in zip(endpoints, hits_before)]
    result = {'replicas': endpoints, 'rounds': args.rounds, 'reads_after_write': reads, 'stale_reads': stale,
              'cache_hits_per_replica': hits}
    for op, ms in write_ms.items():
        if ms:
            result[op] = {'count': len(ms), 'p50_ms': round(statistics.median(ms), 2),
                          'p99_ms': round(percentile(ms, 99), 2), 'max_ms': round(max(ms), 2)}
    print(json.dumps(result, indent=2))
    if args.out:
        out = pathlib.Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / f'consistency-{len(endpoints)}-replicas.json').write_text(json.dumps(result, indent=2))
    if min(hits) == 0:
        print('a replica never answered from its cache: this run did not test the cache')
    raise SystemExit(1 if stale or min(hits) == 0 else 0)


if __name__ == '__main__':
    main()
