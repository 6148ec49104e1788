"""How object-service's cost grows with the number of objects in one bucket.

  objects.py prepare  --bucket B                 bucket + 16 seed objects uploaded through S3; removes an earlier fill
  objects.py fill     --bucket B --to N          grows the bucket to N filled objects (metadata rows by SQL, blobs as hard links)
  objects.py measure  --bucket B --objects N     GET/HEAD latency, ListObjectsV2 page times, RSS → CSVs in --out
  objects.py cleanup  --bucket B                 removes the filled rows and their links (seeds stay)

The fill: object i has key d{i%100:02}/s{(i//100)%10}/f{i:07} and blob id md5('growth:' || i); its metadata
row (size, ETag, Content-Type, checksums) is copied from seed i % 16 by one INSERT … SELECT generate_series,
and its blob file <blob dir>/<2 hex>/<blob id> is a hard link to that seed's blob. Every filled key is an
object of its own — its GET serves the seed's bytes under its own ETag check, its DELETE unlinks only its
own link — while the fill costs one directory entry per object, not 4 KiB. Rows are committed before the
links exist, so object-service's orphan sweeper never sees an unreferenced link.

Environment: EDGE_S3_ENDPOINT, EDGE_ACCESS_KEY, EDGE_SECRET_KEY (deploy/local/.run/env), EDGE_PG_*,
GROWTH_BLOB_DIR (object-service's blob folder), GROWTH_OBJECT_PID (its pid).
"""
import argparse
import hashlib
import http.client
import json
import os
import pathlib
import random
import time
import urllib.parse
import xml.etree.ElementTree as ET

from common import (WRK_RANDOM_LINES, BenchFailure, Csv, concurrent_run, internal_url, loadavg, log, path_of, proc_cpu_seconds, psql,
                    record_memory, run_main, s3_client, stats)

SEEDS = 16
SEED_SIZE = 4096
NS = '{http://s3.amazonaws.com/doc/2006-03-01/}'
OBJECT_FIELDS = ['objects', 'op', 'n', 'p50_ms', 'p90_ms', 'p99_ms', 'max_ms', 'req_per_s', 'cpu_ms_per_op',
                 'result_count', 'errors', 'load']
FILL_FIELDS = ['objects', 'rows_added', 'insert_s', 'link_s', 'vacuum_s', 'table_mib', 'index_mib', 'load']


def key_of(i):
    return f'd{i % 100:02d}/s{(i // 100) % 10}/f{i:07d}'


def key_sql(i):
    return f"format('d%s/s%s/f%s', lpad(({i} % 100)::text, 2, '0'), ({i} / 100) % 10, lpad({i}::text, 7, '0'))"


def blob_id_of(i):
    return hashlib.md5(f'growth:{i}'.encode()).hexdigest()


def seed_body(n):
    return bytes((n * 31 + j) % 251 for j in range(SEED_SIZE))


def s3():
    return s3_client(os.environ['EDGE_S3_ENDPOINT'], os.environ['EDGE_ACCESS_KEY'], os.environ['EDGE_SECRET_KEY'])


def blob_path(blob_id):
    return pathlib.Path(os.environ['GROWTH_BLOB_DIR']) / blob_id[:2] / blob_id


def filled_count(bucket):
    return int(psql(f"SELECT count(*) FROM objects.objects WHERE bucket = '{bucket}' AND key NOT LIKE 'seed/%'"))


def seeds(bucket):
    """[(etag, blob_id)] of the seed objects, seed n at index n."""
    rows = psql(f"SELECT etag, blob_id FROM objects.objects WHERE bucket = '{bucket}' AND key LIKE 'seed/%' ORDER BY key")
    found = [tuple(line.split('\t')) for line in rows.splitlines()]
    if len(found) != SEEDS:
        raise BenchFailure(f'expected {SEEDS} seed objects in {bucket}, found {len(found)}; run prepare')
    return found


# --- prepare / fill / cleanup ---------------------------------------------------------------------------

def prepare(args):
    client = s3()
    try:
        client.create_bucket(Bucket=args.bucket)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    cleanup(argparse.Namespace(bucket=args.bucket, compact=True))
    for n in range(SEEDS):
        client.put_object(Bucket=args.bucket, Key=f'seed/{n:02d}', Body=seed_body(n),
                          ContentType='application/octet-stream')
    log(f'bucket {args.bucket}: {SEEDS} seed objects of {SEED_SIZE} bytes uploaded through S3')


def cleanup(args):
    started = time.monotonic()
    ids = psql(f"""BEGIN; SET LOCAL edge.bulk_load = 'on';
                   DELETE FROM objects.objects WHERE bucket = '{args.bucket}' AND key NOT LIKE 'seed/%' RETURNING blob_id;
                   SELECT pg_notify('edge_objects', '*'); COMMIT;""")
    removed = 0
    for blob_id in ids.split():
        try:
            blob_path(blob_id).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    if removed or args.compact:
        # Rewrite table and indexes, so the next fill starts as compact as a bucket that grew on its own
        # (a plain VACUUM keeps the emptied index pages, and index size would then report the last run).
        psql('VACUUM FULL ANALYZE objects.objects')
    if removed:
        log(f'removed a fill of {removed} objects (links and rows) in {time.monotonic() - started:.1f} s')


def fill(args):
    out = Csv(pathlib.Path(args.out) / 'fill.csv', FILL_FIELDS)
    have = filled_count(args.bucket)
    if have > args.to:
        raise BenchFailure(f'{args.bucket} already holds {have} filled objects, more than {args.to}')
    seed_rows = seeds(args.bucket)
    log(f'filling {args.bucket}: {have} → {args.to} objects')
    started = time.monotonic()
    # One announcement for the whole load instead of one per row (see V2__change_notifications.sql).
    psql(f"""BEGIN; SET LOCAL edge.bulk_load = 'on';
             INSERT INTO objects.objects (bucket, key, size, etag, content_type, checksums, blob_id)
             SELECT s.bucket, {key_sql('g.i')}, s.size, s.etag, s.content_type, s.checksums, md5('growth:' || g.i)
             FROM generate_series({have}, {args.to - 1}) AS g(i)
             JOIN (SELECT (row_number() OVER (ORDER BY key) - 1)::int AS n, * FROM objects.objects
                   WHERE bucket = '{args.bucket}' AND key LIKE 'seed/%') s ON s.n = g.i % {SEEDS};
             SELECT pg_notify('edge_objects', '*'); COMMIT;""")
    inserted = time.monotonic()
    log(f'  {args.to - have} metadata rows inserted in {inserted - started:.1f} s; linking blobs')
    seed_paths = [blob_path(blob_id) for _, blob_id in seed_rows]
    for i in range(have, args.to):
        target = blob_path(blob_id_of(i))
        try:
            os.link(seed_paths[i % SEEDS], target)
        except FileExistsError:
            pass
        if (i - have) % 200000 == 199999:
            log(f'  {i + 1 - have} links')
    linked = time.monotonic()
    psql('VACUUM ANALYZE objects.objects')
    vacuumed = time.monotonic()
    table, index = psql("SELECT pg_table_size('objects.objects'), pg_indexes_size('objects.objects')").split('\t')
    log(f'  links {linked - inserted:.1f} s, VACUUM ANALYZE {vacuumed - linked:.1f} s; table {int(table) >> 20} MiB, '
        f'indexes {int(index) >> 20} MiB')
    out.add(objects=args.to, rows_added=args.to - have, insert_s=inserted - started, link_s=linked - inserted,
            vacuum_s=vacuumed - linked, table_mib=int(table) / 1048576, index_mib=int(index) / 1048576, load=loadavg())


# --- measure -------------------------------------------------------------------------------------------

class Http:
    """One keep-alive connection to object-service; every answer is checked by the caller."""

    def __init__(self, endpoint):
        parts = urllib.parse.urlsplit(endpoint)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def call(self, method, url):
        started = time.perf_counter()
        self.conn.request(method, path_of(url))
        response = self.conn.getresponse()
        body = response.read()
        return response, body, (time.perf_counter() - started) * 1000


def check_object(response, body, method, etag, key):
    if response.status != 200:
        raise BenchFailure(f'{method} {key} answered {response.status}: {body[:300]!r}')
    if response.getheader('ETag') != f'"{etag}"':
        raise BenchFailure(f'{method} {key}: ETag {response.getheader("ETag")} instead of "{etag}"')
    expected = SEED_SIZE if method == 'GET' else 0
    if len(body) != expected or int(response.getheader('Content-Length', -1)) != SEED_SIZE:
        raise BenchFailure(f'{method} {key}: {len(body)} bytes (Content-Length {response.getheader("Content-Length")})')


def ceiling(args, rec, http):
    """The floor: object-service's liveness check, sequential, beside the object calls. It is served by the
    internal listener (the public port does not answer /q), on a keep-alive connection of its own."""
    latencies = []
    health = Http(internal_url(os.environ['EDGE_S3_ENDPOINT']))
    for _ in range(args.requests // 4):
        response, body, ms = health.call('GET', '/q/health/live')
        if response.status != 200:
            raise BenchFailure(f'/q/health/live answered {response.status}')
        latencies.append(ms)
    s = stats(latencies)
    rec.add(objects=args.objects, op='ceiling-health-sequential', errors=0, load=loadavg(),
            req_per_s=len(latencies) / (sum(latencies) / 1000), **s)
    log(f'  ceiling /q/health/live: p50 {s["p50_ms"]:.2f} ms, p99 {s["p99_ms"]:.2f} ms')


def object_latency(args, rec, client, http, etags, method):
    op = 'get_object' if method == 'GET' else 'head_object'
    picks = [random.randrange(args.objects) for _ in range(args.requests)]
    urls = [client.generate_presigned_url(op, Params={'Bucket': args.bucket, 'Key': key_of(i)}, ExpiresIn=3600)
            for i in picks]
    pid = int(os.environ['GROWTH_OBJECT_PID'])
    cpu_before = proc_cpu_seconds(pid)
    latencies = []
    for i, url in zip(picks, urls):
        response, body, ms = http.call(method, url)
        check_object(response, body, method, etags[i % SEEDS], key_of(i))
        latencies.append(ms)
    cpu = (proc_cpu_seconds(pid) - cpu_before) * 1000 / len(urls)
    s = stats(latencies)
    rec.add(objects=args.objects, op=f'{method.lower()}-sequential', cpu_ms_per_op=cpu, errors=0, load=loadavg(),
            req_per_s=len(latencies) / (sum(latencies) / 1000), **s)
    log(f'  {method} sequential: p50 {s["p50_ms"]:.2f} ms, p99 {s["p99_ms"]:.2f} ms, {cpu:.2f} CPU ms/op in object-service')


def concurrent_get(args, rec, client):
    work = pathlib.Path(args.out) / 'work'
    work.mkdir(exist_ok=True)
    lines, lua = work / f'get-{args.objects}.lines', work / 'random-lines.lua'
    lua.write_text(WRK_RANDOM_LINES)
    with lines.open('w') as f:
        for _ in range(args.requests):
            url = client.generate_presigned_url('get_object', ExpiresIn=3600,
                                                Params={'Bucket': args.bucket, 'Key': key_of(random.randrange(args.objects))})
            f.write(f'GET\t{path_of(url)}\n')
    os.environ['GROWTH_WRK_LINES'] = str(lines)
    concurrent_run(rec, os.environ['EDGE_S3_ENDPOINT'], lua, args, work, f'get-{args.objects}', 'GET',
                   objects=args.objects)


def expected_listing(n, case):
    """How many entries (keys + common prefixes) a listing case must return with n filled objects."""
    if case == 'first-page':
        return min(1000, n + SEEDS)
    after_middle = sum(len(range(d, n, 100)) for d in range(50, 100)) + SEEDS  # keys sorting after 'd50/'
    if case == 'middle-start-after':
        return min(1000, after_middle)
    if case == 'middle-continuation':
        return min(1000, after_middle - 1000)
    if case == 'delimiter-root':
        return min(n, 100) + 1
    if case == 'delimiter-prefix':
        return len({(i // 100) % 10 for i in range(42, n, 100)})
    if case == 'prefix-folder':
        return min(1000, sum(1 for i in range(42, n, 100) if (i // 100) % 10 == 3))
    raise ValueError(case)


LISTINGS = {
    'first-page': {},
    'middle-start-after': {'StartAfter': 'd50/'},
    'middle-continuation': {'StartAfter': 'd50/'},  # the page after this one, through its continuation token
    'delimiter-root': {'Delimiter': '/'},
    'delimiter-prefix': {'Prefix': 'd42/', 'Delimiter': '/'},
    'prefix-folder': {'Prefix': 'd42/s3/', 'Delimiter': '/'},
}


def parse_listing(body):
    root = ET.fromstring(body)
    keys = len(root.findall(f'{NS}Contents'))
    prefixes = len(root.findall(f'{NS}CommonPrefixes'))
    token = root.findtext(f'{NS}NextContinuationToken')
    return keys + prefixes, token


def listings(args, rec, client, http):
    pid = int(os.environ['GROWTH_OBJECT_PID'])
    for case, params in LISTINGS.items():
        base = {'Bucket': args.bucket, 'MaxKeys': 1000, **params}
        expected = expected_listing(args.objects, case)
        if expected <= 0:
            continue  # too few objects for a page after the middle one
        if case == 'middle-continuation':
            response, body, _ = http.call('GET', client.generate_presigned_url('list_objects_v2', Params=base, ExpiresIn=3600))
            _, token = parse_listing(body)
            if not token:
                raise BenchFailure('the middle page has no NextContinuationToken')
            base = {'Bucket': args.bucket, 'MaxKeys': 1000, 'ContinuationToken': token}
        latencies, cpu_before = [], proc_cpu_seconds(pid)
        for _ in range(args.list_reps):
            url = client.generate_presigned_url('list_objects_v2', Params=base, ExpiresIn=3600)
            response, body, ms = http.call('GET', url)
            if response.status != 200:
                raise BenchFailure(f'ListObjectsV2 {case} answered {response.status}: {body[:300]!r}')
            count, _ = parse_listing(body)
            if count != expected:
                raise BenchFailure(f'ListObjectsV2 {case} returned {count} entries, expected {expected}')
            latencies.append(ms)
        cpu = (proc_cpu_seconds(pid) - cpu_before) * 1000 / len(latencies)
        s = stats(latencies)
        rec.add(objects=args.objects, op=f'list-{case}', cpu_ms_per_op=cpu, result_count=count, errors=0,
                load=loadavg(), req_per_s=len(latencies) / (sum(latencies) / 1000), **s)
        log(f'  list {case} ({count} entries): p50 {s["p50_ms"]:.1f} ms, max {s["max_ms"]:.1f} ms, {cpu:.1f} CPU ms')


def pg_execution_ms(sql, runs):
    """Median server-side execution time of a statement: EXPLAIN (ANALYZE, TIMING OFF), `runs` times in one
    session (the first run warms that session's caches the way object-service's pooled connections are)."""
    text = psql(*['EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' + sql] * (runs + 1))
    decoder, at, times = json.JSONDecoder(), 0, []
    while at < len(text):
        plan, end = decoder.raw_decode(text, at)
        times.append(plan[0]['Execution Time'])
        at = end
        while at < len(text) and text[at].isspace():
            at += 1
    times = sorted(times[1:])
    return times[len(times) // 2]


def postgres_side(args, rec):
    """What PostgreSQL alone spends on the statements object-service runs for a GET and a first page."""
    key = key_of(random.randrange(args.objects))
    lookup = pg_execution_ms(f"SELECT * FROM objects.objects WHERE bucket = '{args.bucket}' AND key = '{key}'", args.pg_runs)
    page = pg_execution_ms(f"SELECT * FROM objects.objects WHERE bucket = '{args.bucket}' AND key >= '' "
                           f"AND starts_with(key, '') ORDER BY key LIMIT 1000", args.pg_runs)
    folder = pg_execution_ms(f"SELECT * FROM objects.objects WHERE bucket = '{args.bucket}' AND key >= 'd42/s3/' "
                             f"AND starts_with(key, 'd42/s3/') ORDER BY key LIMIT 1000", args.pg_runs)
    for op, ms in (('pg-object-lookup', lookup), ('pg-list-first-1000', page), ('pg-list-prefix-folder', folder)):
        rec.add(objects=args.objects, op=op, n=args.pg_runs, p50_ms=ms, errors=0, load=loadavg())
    log(f'  PostgreSQL alone: lookup {lookup:.3f} ms, first 1000 rows {page:.2f} ms, folder {folder:.2f} ms')


def memory(args):
    record_memory(args.out, 'objects', args.objects, 'object-service', int(os.environ['GROWTH_OBJECT_PID']),
                  os.environ['EDGE_S3_ENDPOINT'])


def measure(args):
    if filled_count(args.bucket) != args.objects:
        raise BenchFailure(f'{args.bucket} holds {filled_count(args.bucket)} filled objects, not {args.objects}')
    rec = Csv(pathlib.Path(args.out) / 'objects.csv', OBJECT_FIELDS)
    etags = [etag for etag, _ in seeds(args.bucket)]
    client, http = s3(), Http(os.environ['EDGE_S3_ENDPOINT'])
    log(f'measuring with {args.objects} objects (load {loadavg()})')
    # Warm-up, not recorded: connection, JIT of the GET path, and the rows' pages after the fill.
    for _ in range(args.warmup):
        i = random.randrange(args.objects)
        response, body, _ = http.call('GET', client.generate_presigned_url(
            'get_object', Params={'Bucket': args.bucket, 'Key': key_of(i)}, ExpiresIn=3600))
        check_object(response, body, 'GET', etags[i % SEEDS], key_of(i))
    ceiling(args, rec, http)
    object_latency(args, rec, client, http, etags, 'GET')
    object_latency(args, rec, client, http, etags, 'HEAD')
    concurrent_get(args, rec, client)
    listings(args, rec, client, http)
    if args.pg_runs:
        postgres_side(args, rec)
    memory(args)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('command', choices=['prepare', 'fill', 'measure', 'cleanup'])
    parser.add_argument('--bucket', required=True)
    parser.add_argument('--to', type=int)
    parser.add_argument('--objects', type=int)
    parser.add_argument('--out', default='.')
    parser.add_argument('--requests', type=int, default=2000, help='sequential GETs and HEADs per size')
    parser.add_argument('--warmup', type=int, default=300)
    parser.add_argument('--seconds', type=int, default=5, help='length of the concurrent GET run')
    parser.add_argument('--connections', type=int, default=16)
    parser.add_argument('--list-reps', type=int, default=10)
    parser.add_argument('--pg-runs', type=int, default=5)
    parser.add_argument('--compact', action='store_true', help='cleanup: VACUUM FULL even when nothing was removed')
    args = parser.parse_args()
    {'prepare': prepare, 'fill': fill, 'measure': measure, 'cleanup': cleanup}[args.command](args)


if __name__ == '__main__':
    run_main(main)
