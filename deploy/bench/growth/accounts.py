"""How presign latency through the gateway grows with the number of accounts.

  accounts.py cleanup                              removes the accounts (and their buckets) of earlier runs
  accounts.py grow    --to N --prefix P            creates accounts P-00000 … up to N, each with one bucket
  accounts.py measure --accounts N                 first presign of new accounts, then presigns on tokens
                                                   sampled from all N, sequential and concurrent; RSS → CSVs

Accounts are made through key-service's admin call (POST /internal/v1/admin/accounts, the gateway's
/api/storage/admin/accounts without the per-account rate limit of one admin token) and their buckets
through object-service's POST /internal/v1/buckets, 32 at a time. An account's first presign also creates
its access key (key-service does so for an account without one), so that call is measured on its own, on a
sample of the new accounts; the other new accounts get their key from key-service's POST /internal/v1/keys
(the same key a first presign would create). The measured presigns then sample tokens from all N accounts,
so with many accounts most of them miss the gateway's token cache and presign-service's key cache.
Accounts have no delete call, so `cleanup` removes earlier runs' accounts by SQL (they are named growth-…).

Environment: EDGE_API_URL, EDGE_INTERNAL_TOKEN_API_GATEWAY (the bench calls as the gateway), EDGE_KEY_SERVICE_URL, EDGE_OBJECT_SERVICE_URL, EDGE_PG_*,
GROWTH_PIDS ("api-gateway=<pid>,presign-service=<pid>,key-service=<pid>").
"""
import argparse
import http.client
import json
import os
import pathlib
import random
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from common import (WRK_RANDOM_LINES, BenchFailure, Csv, concurrent_run, internal_url, loadavg, log, psql, record_memory, run_main,
                    stats)

FIELDS = ['accounts', 'op', 'n', 'p50_ms', 'p90_ms', 'p99_ms', 'max_ms', 'req_per_s', 'errors', 'load']
PRESIGN_BODY = json.dumps({'key': 'growth/probe.bin', 'expires': '15m'})
THREADS = 32  # setup calls wait mostly on commits (fsync), so more in flight means more per second
_local = threading.local()


def connection(base_url):
    """A keep-alive connection per thread and upstream."""
    conns = _local.__dict__.setdefault('conns', {})
    if base_url not in conns:
        parts = urllib.parse.urlsplit(base_url)
        conns[base_url] = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    return conns[base_url]


def call(base_url, method, path, headers, body=None):
    conn = connection(base_url)
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, data, (time.perf_counter() - started) * 1000


def internal_headers(account=None):
    headers = {'X-Edge-Internal-Token': os.environ['EDGE_INTERNAL_TOKEN_API_GATEWAY'], 'Content-Type': 'application/json'}
    if account:
        headers['X-Edge-Account'] = account
    return headers


class State:
    """The accounts this run made (id, token, whether it presigned once), kept beside the results."""

    def __init__(self, out):
        self.path = pathlib.Path(out) / 'work' / 'accounts.json'
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.accounts = json.loads(self.path.read_text()) if self.path.exists() else []

    def save(self):
        self.path.write_text(json.dumps(self.accounts))


def cleanup(_args):
    removed = psql("""WITH gone AS (SELECT id FROM keys.accounts WHERE id LIKE 'growth-%'),
                           k AS (DELETE FROM keys.access_keys WHERE account_id IN (SELECT id FROM gone)),
                           t AS (DELETE FROM keys.api_tokens WHERE account_id IN (SELECT id FROM gone)),
                           b AS (DELETE FROM objects.buckets WHERE account_id IN (SELECT id FROM gone))
                      SELECT count(*) FROM gone""")
    psql("DELETE FROM keys.accounts WHERE id LIKE 'growth-%'")
    if int(removed):
        log(f'removed {removed} accounts of an earlier run')


def create_account(account_id):
    status, data, _ = call(os.environ['EDGE_KEY_SERVICE_URL'], 'POST', '/internal/v1/admin/accounts',
                           internal_headers(), json.dumps({'id': account_id}))
    if status != 201:
        raise BenchFailure(f'creating account {account_id} answered {status}: {data[:300]!r}')
    token = json.loads(data)['token']
    status, data, _ = call(os.environ['EDGE_OBJECT_SERVICE_URL'], 'POST', '/internal/v1/buckets',
                           internal_headers(account_id), json.dumps({'name': account_id}))
    if status != 201:
        raise BenchFailure(f'creating bucket {account_id} answered {status}: {data[:300]!r}')
    return {'id': account_id, 'token': token, 'presigned': False}


def grow(args):
    state = State(args.out)
    have = len(state.accounts)
    ids = [f'{args.prefix}-{i:05d}' for i in range(have, args.to)]
    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        state.accounts += list(pool.map(create_account, ids))
    state.save()
    seconds = time.monotonic() - started
    log(f'{len(ids)} accounts with a bucket each created in {seconds:.1f} s ({len(ids) / max(seconds, 1e-3):.0f}/s); '
        f'{len(state.accounts)} in all')


def create_key(account):
    status, data, _ = call(os.environ['EDGE_KEY_SERVICE_URL'], 'POST', '/internal/v1/keys', internal_headers(account['id']),
                           json.dumps({'name': 'presign'}))
    if status != 201:
        raise BenchFailure(f'creating a key for {account["id"]} answered {status}: {data[:300]!r}')
    account['presigned'] = True


def presign(account):
    status, data, ms = call(os.environ['EDGE_API_URL'], 'POST', f'/api/storage/buckets/{account["id"]}/presign',
                            {'Authorization': f'Bearer {account["token"]}', 'Content-Type': 'application/json'},
                            PRESIGN_BODY)
    if status == 429:
        raise BenchFailure('the gateway rate-limits the benchmark: start it with EDGE_RATE_LIMIT_ENABLED=false')
    if status != 200:
        raise BenchFailure(f'presign for {account["id"]} answered {status}: {data[:300]!r}')
    url = json.loads(data)['url']
    if f'/{account["id"]}/growth/probe.bin?' not in url:
        raise BenchFailure(f'presign for {account["id"]} gave an unexpected URL {url}')
    account['presigned'] = True
    return ms, url


def record(rec, n, op, latencies):
    s = stats(latencies)
    rec.add(accounts=n, op=op, errors=0, load=loadavg(), req_per_s=len(latencies) / (sum(latencies) / 1000), **s)
    log(f'  {op}: n {s["n"]}, p50 {s["p50_ms"]:.2f} ms, p99 {s["p99_ms"]:.2f} ms, max {s["max_ms"]:.1f} ms')


def ceiling(args, rec):
    """The gateway's floor on the same kind of connection: its liveness check, sequential."""
    latencies = []
    for _ in range(args.requests // 4):
        status, _, ms = call(internal_url(os.environ['EDGE_API_URL']), 'GET', '/q/health/live', {})
        if status != 200:
            raise BenchFailure(f'the gateway\'s /q/health/live answered {status}')
        latencies.append(ms)
    record(rec, args.accounts, 'ceiling-gateway-health-sequential', latencies)


def check_urls_work(urls):
    """A presigned GET of an absent key must reach object-service's NoSuchKey, i.e. its signature verified."""
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        status, data, _ = call(f'{parts.scheme}://{parts.netloc}', 'GET', f'{parts.path}?{parts.query}', {})
        if status != 404 or b'NoSuchKey' not in data:
            raise BenchFailure(f'a presigned URL from the gateway answered {status}: {data[:300]!r}')


def measure(args):
    state = State(args.out)
    accounts = state.accounts[:args.accounts]
    if len(accounts) != args.accounts:
        raise BenchFailure(f'only {len(accounts)} accounts exist, not {args.accounts}; run grow first')
    rec = Csv(pathlib.Path(args.out) / 'accounts.csv', FIELDS)
    log(f'measuring presign with {args.accounts} accounts (load {loadavg()})')

    fresh = [a for a in accounts if not a['presigned']]
    first = random.sample(fresh, min(len(fresh), args.first))
    if first:
        # The first presign of an account also creates its access key in key-service.
        record(rec, args.accounts, 'presign-first-of-account', [presign(account)[0] for account in first])
    rest = [a for a in accounts if not a['presigned']]
    if rest:
        # The others get their key straight from key-service (what a first presign would create), not through
        # the gateway: a burst of first presigns on two busy cores outlasts presign-service's 2 s timeout.
        started = time.monotonic()
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(create_key, rest))
        seconds = time.monotonic() - started
        log(f'  {len(rest)} more accounts got their access key from key-service in {seconds:.1f} s '
            f'({len(rest) / max(seconds, 1e-3):.0f}/s, not measured)')
    state.save()
    check_urls_work([presign(a)[1] for a in random.sample(accounts, min(5, len(accounts)))])

    for _ in range(args.warmup):
        presign(random.choice(accounts))
    ceiling(args, rec)
    latencies = [presign(random.choice(accounts))[0] for _ in range(args.requests)]
    record(rec, args.accounts, 'presign-sequential', latencies)
    if args.accounts > 100:
        # The same calls with tokens from 100 of the accounts only: what is left when the caches hit.
        hot = random.sample(accounts, 100)
        for account in hot:
            presign(account)
        record(rec, args.accounts, 'presign-sequential-hot-100',
               [presign(random.choice(hot))[0] for _ in range(args.requests)])

    work = pathlib.Path(args.out) / 'work'
    lines, lua = work / f'presign-{args.accounts}.lines', work / 'random-lines.lua'
    lua.write_text(WRK_RANDOM_LINES)
    with lines.open('w') as f:
        for a in accounts:
            f.write(f'POST\t/api/storage/buckets/{a["id"]}/presign\tBearer {a["token"]}\n')
    os.environ.update(GROWTH_WRK_LINES=str(lines), GROWTH_WRK_BODY=PRESIGN_BODY)
    concurrent_run(rec, os.environ['EDGE_API_URL'], lua, args, work, f'presign-{args.accounts}', 'presign',
                   accounts=args.accounts)
    memory(args)


def memory(args):
    # (variable, default port) as in deploy/local/up.sh
    ports = {'api-gateway': ('EDGE_GATEWAY_PORT', '8080'), 'presign-service': ('EDGE_PRESIGN_PORT', '8081'),
             'key-service': ('EDGE_KEY_SERVICE_PORT', '8082')}
    for entry in os.environ['GROWTH_PIDS'].split(','):
        service, pid = entry.split('=')
        record_memory(args.out, 'accounts', args.accounts, service, int(pid),
                      f'http://127.0.0.1:{os.environ.get(*ports[service])}')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('command', choices=['cleanup', 'grow', 'measure'])
    parser.add_argument('--to', type=int)
    parser.add_argument('--prefix', default='growth')
    parser.add_argument('--accounts', type=int)
    parser.add_argument('--out', default='.')
    parser.add_argument('--first', type=int, default=200, help='first presigns of new accounts measured per step')
    parser.add_argument('--requests', type=int, default=2000)
    parser.add_argument('--warmup', type=int, default=200)
    parser.add_argument('--seconds', type=int, default=5)
    parser.add_argument('--connections', type=int, default=16)
    args = parser.parse_args()
    {'cleanup': cleanup, 'grow': grow, 'measure': measure}[args.command](args)


if __name__ == '__main__':
    run_main(main)
