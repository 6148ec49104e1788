"""Turns a dataplane.sh results.csv into summary.md (tables and ratios) and PNG plots drawn by gnuplot."""
import csv
import pathlib
import subprocess
import sys
from collections import defaultdict

out = pathlib.Path(sys.argv[1])
rows = list(csv.DictReader((out / 'results.csv').open()))
by = {(r['server'], r['op'], int(r['size']), int(r['concurrency'])): r for r in rows}
sizes = sorted({int(r['size']) for r in rows})
concs = sorted({int(r['concurrency']) for r in rows})


def human(size):
    return f'{size // 1048576} MiB' if size >= 1048576 else f'{size // 1024} KiB'


def ratio(a, b):
    try:
        return f"{float(a['ops_per_s']) / float(b['ops_per_s']):.2f}×"
    except (TypeError, ZeroDivisionError, KeyError):
        return 'n/a'


lines = ['| op | size | conc | server | ops/s | MB/s | p50 ms | p99 ms | CPU ms/op | peak RSS MiB | errors |',
         '|---|---|---|---|---|---|---|---|---|---|---|']
for r in rows:
    lines.append(f"| {r['op']} | {human(int(r['size']))} | {r['concurrency']} | {r['server']} | {r['ops_per_s']} | {r['mb_per_s']} | "
                 f"{r['p50_ms']} | {r['p99_ms']} | {r['cpu_ms_per_op']} | {r['peak_rss_mib']} | {r['errors']} |")
lines += ['', '| op | size | conc | object-service ÷ s3proxy | object-service ÷ nginx | '
          'equal durability: object-service without fsync ÷ s3proxy | object-service ÷ baseline build | '
          'baseline build ÷ s3proxy |', '|---|---|---|---|---|---|---|---|']
for op in ('get', 'put'):
    for size in sizes:
        for conc in concs:
            edge = by.get(('object-service', op, size, conc))
            if not edge:
                continue
            peer = by.get(('s3proxy', op, size, conc))
            ceiling = by.get(('nginx', op, size, conc))
            buffered = by.get(('object-service-buffered', op, size, conc))
            baseline = by.get(('object-service-baseline', op, size, conc))
            lines.append(f"| {op} | {human(size)} | {conc} | {ratio(edge, peer)} | {ratio(edge, ceiling) if ceiling else '—'} | "
                         f"{ratio(buffered, peer) if buffered else '—'} | {ratio(edge, baseline) if baseline else '—'} | "
                         f"{ratio(baseline, peer) if baseline else '—'} |")
if any(r['server'] == 'object-service-s3' for r in rows):
    lines += ['', '| op | size | conc | object-service on the s3 store ÷ Ceph RGW direct | s3 store ÷ filesystem store |',
              '|---|---|---|---|---|']
    for op in ('get', 'put'):
        for size in sizes:
            for conc in concs:
                s3_store = by.get(('object-service-s3', op, size, conc))
                rgw = by.get(('ceph-rgw', op, size, conc))
                edge = by.get(('object-service', op, size, conc))
                if s3_store and rgw:
                    lines.append(f"| {op} | {human(size)} | {conc} | {ratio(s3_store, rgw)} | "
                                 f"{ratio(s3_store, edge) if edge else '—'} |")
(out / 'summary.md').write_text('\n'.join(lines) + '\n')

# One plot per operation: ops/s against concurrency, a line per server and size.
for op in ('get', 'put'):
    series = defaultdict(list)
    for r in rows:
        if r['op'] == op:
            series[(r['server'], int(r['size']))].append((int(r['concurrency']), float(r['ops_per_s'])))
    if not series:
        continue
    data = out / f'{op}.dat'
    blocks, titles = [], []
    for (server, size), points in sorted(series.items()):
        blocks.append('\n'.join(f'{c} {v}' for c, v in sorted(points)))
        titles.append(f'{server} {human(size)}')
    data.write_text('\n\n\n'.join(blocks) + '\n')
    plots = ', '.join(f"'{data}' index {i} with linespoints title '{t}'" for i, t in enumerate(titles))
    script = (f"set terminal pngcairo size 900,500; set output '{out / (op + '.png')}';"
              f"set title 'Presigned {op.upper()} throughput'; set xlabel 'concurrent connections';"
              f"set ylabel 'ops/s'; set logscale y; set key outside; set grid; plot {plots}")
    subprocess.run(['gnuplot', '-e', script], check=True)
print((out / 'summary.md').read_text())
