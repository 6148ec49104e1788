"""Runs the whole growth benchmark in one process (deploy/bench/growth.sh sets up its environment).

  run.py --out DIR [--smoke] [--keep]

Full: accounts 1 → 100 → 10,000, then ONE bucket grown 10 k → 100 k → 1 M objects, measuring at each step.
Smoke: 1 → 5 accounts and 2,000 objects with few requests (well under 30 s); any failed request fails it.
The filled objects are removed at the end unless --keep (a million blob links would otherwise make
object-service's orphan sweeper walk them every five minutes).
"""
import argparse
import csv
import pathlib
import time
from argparse import Namespace

import accounts
import common
import objects
from common import BenchFailure, log, run_main

BUCKET = 'growth-bench'


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', required=True)
    parser.add_argument('--smoke', action='store_true')
    parser.add_argument('--keep', action='store_true', help='keep the filled objects after the run')
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    (out / 'work').mkdir(parents=True, exist_ok=True)
    common.FULL_GC = not args.smoke
    if args.smoke:
        account_steps, object_steps = [1, 5], [2000]
        a = dict(first=5, requests=100, warmup=20, seconds=1, connections=16)
        o = dict(requests=100, warmup=30, seconds=1, connections=16, list_reps=1, pg_runs=0)
    else:
        account_steps, object_steps = [1, 100, 10000], [10000, 100000, 1000000]
        a = dict(first=200, requests=2000, warmup=200, seconds=5, connections=16)
        o = dict(requests=2000, warmup=300, seconds=5, connections=16, list_reps=10, pg_runs=5)
    started = time.monotonic()
    prefix = 'growth-' + time.strftime('%H%M%S')

    accounts.cleanup(None)
    for n in account_steps:
        accounts.grow(Namespace(out=out, to=n, prefix=prefix))
        # The first step also warms the JIT of all three services, so it gets a longer warm-up.
        accounts.measure(Namespace(out=out, accounts=n, **dict(a, warmup=a['warmup'] * (10 if n == account_steps[0] else 1))))
    log(f'accounts done after {time.monotonic() - started:.0f} s')

    bucket = Namespace(bucket=BUCKET, out=out)
    objects.prepare(bucket)
    try:
        for n in object_steps:
            objects.fill(Namespace(bucket=BUCKET, out=out, to=n))
            objects.measure(Namespace(bucket=BUCKET, out=out, objects=n,
                                      **dict(o, warmup=o['warmup'] * (5 if n == object_steps[0] else 1))))
            log(f'{n} objects done after {time.monotonic() - started:.0f} s')
    finally:
        if not args.keep:
            objects.cleanup(Namespace(bucket=BUCKET, compact=False))
    log(f'finished in {time.monotonic() - started:.0f} s')
    failed = [f"{r['op']} at {r.get('objects') or r.get('accounts')}: {r['errors']}"
              for name in ('accounts.csv', 'objects.csv') if (out / name).exists()
              for r in csv.DictReader((out / name).open()) if r['errors'] not in ('', '0')]
    if failed:
        raise BenchFailure('failed requests in concurrent runs: ' + '; '.join(failed))


if __name__ == '__main__':
    run_main(main)
