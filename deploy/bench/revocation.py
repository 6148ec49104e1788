"""Revocation propagation: how long after a rotate/delete response does each object-service replica
start rejecting URLs signed with the old secret?

usage: revocation.py [--count N] [--warmup N] [--replicas http://127.0.0.1:9000,http://127.0.0.1:9001,...] [--out DIR]
                     [--kafka-stopped]

Reads deploy/local/.run/env. Each round creates a fresh access key through the Edge API, presigns a GET
with it (boto3, SigV4), checks every replica accepts it, then rotates (odd rounds) or deletes (even
rounds) the key and polls every replica from its own thread (on the connection that warmed it) until the
old URL is rejected. Both the time from the response and from sending the request are reported. With
--kafka-stopped the caller has stopped Kafka: the figure is then bounded by max-silence instead.
"""
import argparse
import http.client
import json
import pathlib
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load_env():
    env = {}
    for line in (ROOT / 'deploy/local/.run/env').read_text().splitlines():
        if line.startswith('export ') and '=' in line:
            k, v = line[7:].split('=', 1)
            env[k] = v
    return env


def edge_api(env, method, path, body=None):
    req = urllib.request.Request(env['EDGE_API_URL'] + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={'Authorization': 'Bearer ' + env['EDGE_TOKEN'], 'Content-Type': 'application/json'})
    with urllib.request.urlopen(req) as r:
        text = r.read()
        return json.loads(text) if text else None


def status_of(conn, path, host):
    # Every replica sits behind the same public endpoint: the signed Host is the endpoint's, as a load
    # balancer would pass it on.
    conn.request('GET', path, headers={'Host': host})
    response = conn.getresponse()
    response.read()
    return response.status


def poll_until_rejected(conn, path, host, since, deadline_s, result, index):
    while True:
        code = status_of(conn, path, host)
        now = time.perf_counter()
        if code == 403:
            result[index] = (now - since) * 1000
            return
        if now - since > deadline_s:
            result[index] = float('inf')
            return


def delivery_metrics(base):
    """The replica's own timer: key-service's send (record timestamp) to the replica handling the event."""
    text = urllib.request.urlopen(base + '/q/metrics').read().decode()
    found = {}
    for line in text.splitlines():
        if line.startswith('edge_key_events_delivery_seconds'):
            name, value = line.split(' ')[0], line.split(' ')[1]
            if 'quantile="0.5"' in name:
                found['p50'] = float(value) * 1000
            elif 'quantile="0.99"' in name:
                found['p99'] = float(value) * 1000
            elif name == 'edge_key_events_delivery_seconds_max':
                found['max'] = float(value) * 1000
            elif name == 'edge_key_events_delivery_seconds_count':
                found['count'] = int(float(value))
    return found


def table(samples):
    lines = ['| replica | n | p50 ms | p99 ms | max ms |', '|---|---|---|---|---|']
    every = []
    for base, values in samples.items():
        values = sorted(values)
        every += values
        lines.append(f'| {base} | {len(values)} | {statistics.median(values):.1f} | '
                     f'{values[min(len(values) - 1, int(len(values) * 0.99))]:.1f} | {values[-1]:.1f} |')
    every.sort()
    lines.append(f'| all | {len(every)} | {statistics.median(every):.1f} | '
                 f'{every[min(len(every) - 1, int(len(every) * 0.99))]:.1f} | {every[-1]:.1f} |')
    return '\n'.join(lines) + '\n'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--count', type=int, default=200)
    parser.add_argument('--replicas', default='http://127.0.0.1:9000,http://127.0.0.1:9001,http://127.0.0.1:9002')
    parser.add_argument('--out', default=None)
    parser.add_argument('--kafka-stopped', action='store_true')
    parser.add_argument('--warmup', type=int, default=20,
                        help='rounds run first and not counted: fresh replicas are still compiling their hot paths')
    args = parser.parse_args()
    env = load_env()
    replicas = args.replicas.split(',')
    s3 = boto3.client('s3', endpoint_url=env['EDGE_S3_ENDPOINT'], aws_access_key_id=env['EDGE_ACCESS_KEY'],
                      aws_secret_access_key=env['EDGE_SECRET_KEY'], region_name='us-east-1')
    s3.put_object(Bucket=env['EDGE_BUCKET'], Key='bench/revocation.txt', Body=b'revocation target')

    samples = {r: [] for r in replicas}
    from_request = {r: [] for r in replicas}
    warmup = 0 if args.kafka_stopped else args.warmup
    for round_no in range(-warmup, args.count):
        created = edge_api(env, 'POST', '/api/storage/keys', {'name': f'revocation-bench-{round_no}'})
        signer = boto3.client('s3', endpoint_url=env['EDGE_S3_ENDPOINT'], aws_access_key_id=created['accessKeyId'],
                              aws_secret_access_key=created['secretAccessKey'], region_name='us-east-1',
                              config=Config(signature_version='s3v4'))
        url = urllib.parse.urlparse(signer.generate_presigned_url(
            'get_object', Params={'Bucket': env['EDGE_BUCKET'], 'Key': 'bench/revocation.txt'}, ExpiresIn=3600))
        path = url.path + '?' + url.query
        host = url.netloc
        conns = []
        for base in replicas:  # warm every replica's cache with the key: the case revocation must beat
            p = urllib.parse.urlparse(base)
            conn = http.client.HTTPConnection(p.hostname, p.port, timeout=5)  # kept open for the polling
            assert status_of(conn, path, host) == 200, base
            conns.append(conn)
        sent = time.perf_counter()
        if round_no % 2:
            edge_api(env, 'POST', f"/api/storage/keys/{created['accessKeyId']}/rotate")
            action = 'rotate'
        else:
            edge_api(env, 'DELETE', f"/api/storage/keys/{created['accessKeyId']}")
            action = 'delete'
        since = time.perf_counter()
        result = [None] * len(replicas)
        threads = [threading.Thread(target=poll_until_rejected, args=(c, path, host, since, 60, result, i))
                   for i, c in enumerate(conns)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for conn in conns:
            conn.close()
        answer_ms = (since - sent) * 1000
        for base, ms in zip(replicas, result):
            if round_no >= 0:
                samples[base].append(ms)
                from_request[base].append(ms + answer_ms)
        if action == 'rotate':
            edge_api(env, 'DELETE', f"/api/storage/keys/{created['accessKeyId']}")
        print(f'round {round_no + 1}/{args.count}{" (warm-up)" if round_no < 0 else ""} {action} (answered in {answer_ms:.1f} ms): '
              + ' '.join(f'{ms:.1f}' for ms in result), file=sys.stderr)

    report = ('From the rotate/delete response to the first rejection:\n\n' + table(samples)
              + '\nFrom sending the rotate/delete request (so including key-service committing and publishing):\n\n'
              + table(from_request))
    if not args.kafka_stopped:
        lines = ['| replica | events | p50 ms | p99 ms | max ms |', '|---|---|---|---|---|']
        for base in replicas:
            m = delivery_metrics(base)
            lines.append(f"| {base} | {m.get('count', 0)} | {m.get('p50', 0):.1f} | {m.get('p99', 0):.1f} | "
                         f"{m.get('max', 0):.1f} |")
        report += ('\nKafka delivery as each replica timed it (`edge_key_events_delivery_seconds`: record timestamp '
                   'to handling; every event incl. heartbeats, quantiles over the last minutes, max since start):\n\n'
                   + '\n'.join(lines) + '\n')
    print(report)
    if args.out:
        out = pathlib.Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        name = 'revocation-kafka-stopped' if args.kafka_stopped else 'revocation'
        (out / f'{name}.md').write_text(report)
        (out / f'{name}.json').write_text(json.dumps({'from_response': samples, 'from_request': from_request}))


if __name__ == '__main__':
    main()
