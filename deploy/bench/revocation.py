"""Revocation propagation: how long after a rotate/delete response does each object-service replica
start rejecting URLs signed with the old secret? With --kind grant: after DELETE /api/storage/grants/{id},
the URL of that grant; with --kind object: after POST /api/storage/buckets/{name}/revocations, a URL
presigned client-side (boto3, SigV4) for that object.

usage: revocation.py [--kind key|grant|object] [--count N] [--warmup N] [--poll-interval-ms MS] [--out DIR]
                     [--kafka-stopped] [--replicas http://127.0.0.1:9000,http://127.0.0.1:9001,...]

Reads deploy/local/.run/env. Each round creates a fresh access key through the Edge API, presigns a GET
with it (boto3, SigV4), checks every replica accepts it, then rotates (odd rounds) or deletes (even
rounds) the key and polls every replica (one thread, on the connections that warmed them, the next request
--poll-interval-ms after each answer) until the old URL is rejected. Both the time from the response and from sending the request are reported. With
--kafka-stopped the caller has stopped Kafka: the figure is then bounded by max-silence instead.
"""
import argparse
import json
import pathlib
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config

from localenv import ROOT, internal_url, load_env




def edge_api(env, method, path, body=None):
    req = urllib.request.Request(env['EDGE_API_URL'] + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={'Authorization': 'Bearer ' + env['EDGE_TOKEN'], 'Content-Type': 'application/json'})
    with urllib.request.urlopen(req) as r:
        text = r.read()
        return json.loads(text) if text else None


class Replica:
    """One kept-alive HTTP/1.1 connection to a replica, driven without blocking so that a single thread
    can poll every replica: no GIL hand-offs between polling threads delay the moment a rejection is
    seen (Python switches threads only every 5 ms by default)."""

    def __init__(self, base, path, host):
        p = urllib.parse.urlparse(base)
        self.base = base
        self.sock = socket.create_connection((p.hostname, p.port), timeout=5)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # Every replica sits behind the same public endpoint: the signed Host is the endpoint's, as a
        # load balancer would pass it on.
        self.request = f'GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n'.encode()
        self.buffer = b''

    def send(self):
        self.sock.sendall(self.request)

    def status(self):
        """Blocking round trip, for the warm-up before the clock starts."""
        self.send()
        while True:
            code = self.take_response()
            if code is not None:
                return code
            self.receive()

    def receive(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError(f'{self.base} closed the connection')
        self.buffer += chunk

    def take_response(self):
        """The status of the first complete response in the buffer (removing it), or None."""
        head_end = self.buffer.find(b'\r\n\r\n')
        if head_end < 0:
            return None
        head = self.buffer[:head_end].decode('latin-1').split('\r\n')
        length = 0
        for line in head[1:]:
            name, _, value = line.partition(':')
            if name.strip().lower() == 'content-length':
                length = int(value)
            elif name.strip().lower() == 'transfer-encoding':
                raise ValueError(f'{self.base}: chunked answers are not expected here')
        end = head_end + 4 + length
        if len(self.buffer) < end:
            return None
        self.buffer = self.buffer[end:]
        return int(head[0].split(' ')[1])

    def close(self):
        self.sock.close()


def poll_until_rejected(replicas, since, deadline_s, interval_s):
    """Polls every replica until each rejects the URL; returns ms from `since` to each first 403. The
    next request to a replica leaves `interval_s` after its previous answer, so the driver does not eat
    the CPU that the replicas and Kafka need to deliver the event (figures may read up to that late)."""
    result = [None] * len(replicas)
    due = {i: since for i in range(len(replicas))}  # replica -> when to send its next request
    waiting = set()
    with selectors.DefaultSelector() as selector:
        for i, r in enumerate(replicas):
            selector.register(r.sock, selectors.EVENT_READ, i)
        while due or waiting:
            now = time.perf_counter()
            for i in [i for i, at in due.items() if at <= now]:
                del due[i]
                replicas[i].send()
                waiting.add(i)
            timeout = max(0.0, min(due.values()) - now) if due else None
            for key, _ in selector.select(timeout if timeout is not None else 1.0):
                i = key.data
                replicas[i].receive()
                code = replicas[i].take_response()
                if code is None:
                    continue
                seen = time.perf_counter()
                waiting.discard(i)
                if code == 403:
                    result[i] = (seen - since) * 1000
                elif seen - since > deadline_s:
                    result[i] = float('inf')
                else:
                    due[i] = seen + interval_s
    return result


def delivery_metrics(base):
    """The replica's own timer: key-service's send (record timestamp) to the replica handling the event."""
    text = urllib.request.urlopen(internal_url(base) + '/q/metrics').read().decode()
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


class Revocation:
    """One round: the URL that must stop working, and the call that revokes it (returns its name)."""

    def __init__(self, url, run):
        self.url = url
        self.run = run


def key_round(env, s3, round_no):
    created = edge_api(env, 'POST', '/api/storage/keys', {'name': f'revocation-bench-{round_no}'})
    key_id = created['accessKeyId']
    signer = boto3.client('s3', endpoint_url=env['EDGE_S3_ENDPOINT'], aws_access_key_id=key_id,
                          aws_secret_access_key=created['secretAccessKey'], region_name='us-east-1',
                          config=Config(signature_version='s3v4'))
    url = signer.generate_presigned_url(
        'get_object', Params={'Bucket': env['EDGE_BUCKET'], 'Key': 'bench/revocation.txt'}, ExpiresIn=3600)
    rotate = round_no % 2 == 1

    def run():
        if rotate:
            edge_api(env, 'POST', f'/api/storage/keys/{key_id}/rotate')
            return 'rotate'
        edge_api(env, 'DELETE', f'/api/storage/keys/{key_id}')
        return 'delete'

    def after():
        if rotate:
            edge_api(env, 'DELETE', f'/api/storage/keys/{key_id}')
    return Revocation(url, run), after


def grant_round(env, s3, round_no):
    answer = edge_api(env, 'POST', f"/api/storage/buckets/{env['EDGE_BUCKET']}/presign",
                      {'key': 'bench/revocation.txt', 'expires': '1h'})

    def run():
        edge_api(env, 'DELETE', f"/api/storage/grants/{answer['grantId']}")
        return 'grant'
    return Revocation(answer['url'], run), lambda: None


def object_round(env, s3, round_no):
    key = f'bench/revocation-object-{time.time_ns()}.txt'
    s3.put_object(Bucket=env['EDGE_BUCKET'], Key=key, Body=b'revocation target')
    signer = boto3.client('s3', endpoint_url=env['EDGE_S3_ENDPOINT'], aws_access_key_id=env['EDGE_ACCESS_KEY'],
                          aws_secret_access_key=env['EDGE_SECRET_KEY'], region_name='us-east-1',
                          config=Config(signature_version='s3v4'))
    url = signer.generate_presigned_url('get_object', Params={'Bucket': env['EDGE_BUCKET'], 'Key': key},
                                        ExpiresIn=3600)

    def run():
        edge_api(env, 'POST', f"/api/storage/buckets/{env['EDGE_BUCKET']}/revocations", {'key': key})
        return 'object'
    return Revocation(url, run), lambda: s3.delete_object(Bucket=env['EDGE_BUCKET'], Key=key)


ROUNDS = {'key': key_round, 'grant': grant_round, 'object': object_round}


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


def plot_cdf(samples, out, title, name='revocation'):
    """A PNG of each replica's distribution (share of revocations seen by then), drawn by gnuplot if present."""
    if shutil.which('gnuplot') is None:
        print('gnuplot not found: no plot', file=sys.stderr)
        return
    data = out / f'{name}-cdf.dat'
    blocks = []
    for values in samples.values():
        values = sorted(v for v in values if v != float('inf'))
        blocks.append('\n'.join(f'{v:.2f} {(i + 1) / len(values):.4f}' for i, v in enumerate(values)))
    data.write_text('\n\n\n'.join(blocks) + '\n')
    plots = ', '.join(f"'{data}' index {i} with steps title '{base}'" for i, base in enumerate(samples))
    script = (f"set terminal pngcairo size 900,500; set output '{out / (name + '-cdf.png')}';"
              f"set title '{title}'; set xlabel 'ms from the rotate/delete response to the first rejection';"
              "set ylabel 'share of revocations'; set logscale x; set xrange [1:*]; set yrange [0:1];"
              "set arrow from 50, graph 0 to 50, graph 1 nohead dt 2; set arrow from 200, graph 0 to 200, graph 1 nohead dt 2;"
              f"set key bottom right; set grid; plot {plots}")
    subprocess.run(['gnuplot', '-e', script], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--count', type=int, default=200)
    parser.add_argument('--replicas', default='http://127.0.0.1:9000,http://127.0.0.1:9001,http://127.0.0.1:9002')
    parser.add_argument('--out', default=None)
    parser.add_argument('--kafka-stopped', action='store_true')
    parser.add_argument('--kind', choices=['key', 'grant', 'object'], default='key',
                        help='what is revoked: an access key (rotate/delete), one grant, or every URL to an object')
    parser.add_argument('--warmup', type=int, default=20,
                        help='rounds run first and not counted: fresh replicas are still compiling their hot paths')
    parser.add_argument('--poll-interval-ms', type=float, default=1.0,
                        help='pause between one answer from a replica and the next request to it')
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
        revoke, after = ROUNDS[args.kind](env, s3, round_no)
        url = urllib.parse.urlparse(revoke.url)
        path = url.path + '?' + url.query
        host = url.netloc
        conns = [Replica(base, path, host) for base in replicas]  # kept open for the polling
        for conn in conns:  # warm every replica's cache with the key: the case revocation must beat
            assert conn.status() == 200, conn.base
        sent = time.perf_counter()
        action = revoke.run()
        since = time.perf_counter()
        result = poll_until_rejected(conns, since, 60, args.poll_interval_ms / 1000)
        for conn in conns:
            conn.close()
        answer_ms = (since - sent) * 1000
        for base, ms in zip(replicas, result):
            if round_no >= 0:
                samples[base].append(ms)
                from_request[base].append(ms + answer_ms)
        after()
        print(f'round {round_no + 1}/{args.count}{" (warm-up)" if round_no < 0 else ""} {action} (answered in {answer_ms:.1f} ms): '
              + ' '.join(f'{ms:.1f}' for ms in result), file=sys.stderr)

    report = (f'Each replica polled again {args.poll_interval_ms:g} ms after its previous answer.\n\n'
              'From the rotate/delete response to the first rejection:\n\n' + table(samples)
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
        name = ('revocation' if args.kind == 'key' else f'revocation-{args.kind}') + ('-kafka-stopped' if args.kafka_stopped else '')
        (out / f'{name}.md').write_text(report)
        (out / f'{name}.json').write_text(json.dumps({'from_response': samples, 'from_request': from_request}))
        if not args.kafka_stopped:
            plot_cdf(samples, out, f'{args.kind.capitalize()} revocation propagation, {args.count} rounds x '
                                   f'{len(replicas)} replicas (dashed: the 50 ms p99 and 200 ms max targets)', name)


if __name__ == '__main__':
    main()
