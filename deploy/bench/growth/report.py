"""Turns a growth run's CSVs into summary.md (tables, growth ratios) and PNG plots drawn by gnuplot.

usage: report.py RESULTS_DIR
"""
import csv
import math
import pathlib
import subprocess
import sys

out = pathlib.Path(sys.argv[1])


def rows(name):
    path = out / name
    return list(csv.DictReader(path.open())) if path.exists() else []


objects, accounts, fill, memory = rows('objects.csv'), rows('accounts.csv'), rows('fill.csv'), rows('memory.csv')
obj = {(int(r['objects']), r['op']): r for r in objects}
acc = {(int(r['accounts']), r['op']): r for r in accounts}
sizes = sorted({int(r['objects']) for r in objects})
counts = sorted({int(r['accounts']) for r in accounts})


def num(row, field):
    try:
        v = float(row[field])
        return v if not math.isnan(v) else None
    except (TypeError, ValueError, KeyError):
        return None


def ms(row, field='p50_ms'):
    v = num(row, field) if row else None
    return '–' if v is None else (f'{v:.2f}' if v < 10 else f'{v:.1f}' if v < 100 else f'{v:.0f}')


def ratio(table, scales, op, field='p50_ms'):
    """Largest scale ÷ smallest scale: 1.0 is flat."""
    first, last = table.get((scales[0], op)), table.get((scales[-1], op))
    a, b = (num(first, field) if first else None), (num(last, field) if last else None)
    return f'{b / a:.2f}×' if a and b else '–'


def human(n):
    return f'{n // 1000000} M' if n >= 1000000 and n % 1000000 == 0 else f'{n // 1000} k' if n >= 1000 and n % 1000 == 0 else str(n)


lines = ['# How cost grows', '']
if sizes:
    lines += ['## Objects in one bucket', '',
              '| objects | GET p50 / p99 ms | HEAD p50 / p99 ms | GET ×16 conns req/s (p50 / p99 ms) | '
              'object-service CPU ms per GET | ceiling /q/health/live p50 ms | load |',
              '|---|---|---|---|---|---|---|']
    for n in sizes:
        g, h, c, live = (obj.get((n, op)) for op in ('get-sequential', 'head-sequential', 'get-concurrent-16',
                                                     'ceiling-health-sequential'))
        lines.append(f"| {human(n)} | {ms(g)} / {ms(g, 'p99_ms')} | {ms(h)} / {ms(h, 'p99_ms')} | "
                     f"{num(c, 'req_per_s') or 0:,.0f} ({ms(c)} / {ms(c, 'p99_ms')}) | {ms(g, 'cpu_ms_per_op')} | "
                     f"{ms(live)} | {g['load'] if g else '–'} |")
    lines.append(f"| **{human(sizes[-1])} ÷ {human(sizes[0])}** | {ratio(obj, sizes, 'get-sequential')} / "
                 f"{ratio(obj, sizes, 'get-sequential', 'p99_ms')} | {ratio(obj, sizes, 'head-sequential')} / "
                 f"{ratio(obj, sizes, 'head-sequential', 'p99_ms')} | "
                 f"{ratio(obj, sizes, 'get-concurrent-16', 'req_per_s')} | | | |")
    list_ops = [op for op in dict.fromkeys(r['op'] for r in objects) if op.startswith('list-')]
    lines += ['', '| ListObjectsV2, max-keys 1000: p50 ms (max) [entries] | ' + ' | '.join(human(n) for n in sizes)
              + f' | {human(sizes[-1])} ÷ {human(sizes[0])} |', '|---|' + '---|' * (len(sizes) + 1)]
    for op in list_ops:
        cells = [f"{ms(obj.get((n, op)))} ({ms(obj.get((n, op)), 'max_ms')}) [{obj[(n, op)]['result_count']}]"
                 if (n, op) in obj else '–' for n in sizes]
        lines.append(f'| {op[5:]} | ' + ' | '.join(cells) + f' | {ratio(obj, sizes, op)} |')
    for op in list_ops:
        cells = [ms(obj.get((n, op)), 'cpu_ms_per_op') for n in sizes]
        lines.append(f'| {op[5:]}: object-service CPU ms | ' + ' | '.join(cells) + ' | |')
    lines += ['', '| PostgreSQL alone (EXPLAIN ANALYZE, median ms) | ' + ' | '.join(human(n) for n in sizes) + ' |',
              '|---|' + '---|' * len(sizes)]
    for op in ('pg-object-lookup', 'pg-list-first-1000', 'pg-list-prefix-folder'):
        lines.append(f'| {op[3:]} | ' + ' | '.join(f"{num(obj.get((n, op)), 'p50_ms') or 0:.3f}" for n in sizes) + ' |')
if fill:
    lines += ['', '| fill to | rows added | INSERT s | hard links s | VACUUM ANALYZE s | table MiB | indexes MiB | load |',
              '|---|---|---|---|---|---|---|---|']
    for r in fill:
        lines.append(f"| {human(int(r['objects']))} | {int(r['rows_added']):,} | {float(r['insert_s']):.1f} | "
                     f"{float(r['link_s']):.1f} | {float(r['vacuum_s']):.1f} | {float(r['table_mib']):.0f} | "
                     f"{float(r['index_mib']):.0f} | {r['load']} |")
if counts:
    lines += ['', '## Accounts', '',
              '| accounts | first presign of an account p50 / p99 ms | presign p50 / p99 ms | the same, tokens of 100 of '
              'the accounts only | presign ×16 conns req/s (p50 / p99 ms) | ceiling gateway /q/health/live p50 ms | load |',
              '|---|---|---|---|---|---|---|']
    for n in counts:
        f, s, hot, c, live = (acc.get((n, op)) for op in ('presign-first-of-account', 'presign-sequential',
                                                          'presign-sequential-hot-100', 'presign-concurrent-16',
                                                          'ceiling-gateway-health-sequential'))
        lines.append(f"| {n:,} | {ms(f)} / {ms(f, 'p99_ms')} (n {f['n'] if f else 0}) | {ms(s)} / {ms(s, 'p99_ms')} | "
                     f"{ms(hot)} / {ms(hot, 'p99_ms')} | "
                     f"{num(c, 'req_per_s') or 0:,.0f} ({ms(c)} / {ms(c, 'p99_ms')}) | {ms(live)} | {s['load'] if s else '–'} |")
    lines.append(f"| **{counts[-1]:,} ÷ {counts[0]:,}** | {ratio(acc, counts, 'presign-first-of-account')} | "
                 f"{ratio(acc, counts, 'presign-sequential')} / {ratio(acc, counts, 'presign-sequential', 'p99_ms')} | | "
                 f"{ratio(acc, counts, 'presign-concurrent-16', 'req_per_s')} | | |")
if memory:
    lines += ['', '## Memory', '', '| at | service | RSS MiB | peak RSS MiB | heap in use MiB | live heap after a full GC MiB |',
              '|---|---|---|---|---|---|']
    for r in memory:
        scale = int(r['scale'])
        label = f"{human(scale)} objects" if r['dimension'] == 'objects' else f"{scale:,} accounts"
        lines.append(f"| {label} | {r['service']} | {float(r['rss_mib']):.0f} | {float(r['hwm_mib']):.0f} | "
                     f"{num(r, 'heap_mib') or 0:.0f} | {num(r, 'live_heap_mib') or 0:.0f} |")
(out / 'summary.md').write_text('\n'.join(lines) + '\n')


# --- plots ------------------------------------------------------------------------------------------

def plot(name, title, xlabel, ylabel, series, logy=True):
    """series: [(title, [(x, y)…])]; draws out/name with log x (and log y)."""
    series = [(t, [(x, y) for x, y in pts if y is not None]) for t, pts in series]
    series = [(t, pts) for t, pts in series if pts]
    if not series or len({x for _, pts in series for x, _ in pts}) < 2:
        return  # one scale only (the smoke run): nothing to draw
    data = out / 'work' / (name + '.dat')
    data.parent.mkdir(exist_ok=True)
    data.write_text('\n\n\n'.join('\n'.join(f'{x} {y}' for x, y in pts) for _, pts in series) + '\n')
    plots = ', '.join(f"'{data}' index {i} with linespoints title '{t}'" for i, (t, _) in enumerate(series))
    script = (f"set terminal pngcairo size 900,500; set output '{out / name}'; set title '{title}';"
              f"set xlabel '{xlabel}'; set ylabel '{ylabel}'; set logscale x; {'set logscale y;' if logy else 'set yrange [0:*];'}"
              f"set key outside; set grid; plot {plots}")
    subprocess.run(['gnuplot', '-e', script], check=True)


def points(table, scales, op, field='p50_ms'):
    return [(n, num(table.get((n, op)), field) if table.get((n, op)) else None) for n in scales]


if sizes:
    plot('growth-objects.png', 'Presigned GET/HEAD latency against objects in the bucket', 'objects in the bucket', 'ms',
         [('GET p50', points(obj, sizes, 'get-sequential')), ('GET p99', points(obj, sizes, 'get-sequential', 'p99_ms')),
          ('HEAD p50', points(obj, sizes, 'head-sequential')), ('HEAD p99', points(obj, sizes, 'head-sequential', 'p99_ms')),
          ('GET x16 p50', points(obj, sizes, 'get-concurrent-16')),
          ('ceiling /q/health/live p50', points(obj, sizes, 'ceiling-health-sequential'))])
    plot('growth-list.png', 'ListObjectsV2 page time (p50, max-keys 1000)', 'objects in the bucket', 'ms',
         [(op[5:], points(obj, sizes, op)) for op in list_ops])
if counts:
    plot('growth-presign.png', 'Presign through the gateway against accounts', 'accounts', 'ms',
         [('first presign of an account p50', points(acc, counts, 'presign-first-of-account')),
          ('presign p50', points(acc, counts, 'presign-sequential')),
          ('presign p99', points(acc, counts, 'presign-sequential', 'p99_ms')),
          ('presign p50, tokens of 100 accounts', points(acc, counts, 'presign-sequential-hot-100')),
          ('presign x16 p50', points(acc, counts, 'presign-concurrent-16')),
          ('ceiling gateway /q/health/live p50', points(acc, counts, 'ceiling-gateway-health-sequential'))])
if memory:
    mem = {(r['dimension'], int(r['scale']), r['service']): r for r in memory}
    plot('growth-memory.png', 'RSS against scale (objects for object-service, accounts for the others)', 'objects / accounts',
         'MiB', [(f'{svc} RSS', [(s, num(mem[(dim, s, svc)], 'rss_mib')) for (d, s, sv) in sorted(mem) if d == dim and sv == svc])
                 for dim, svc in dict.fromkeys((d, sv) for d, _, sv in sorted(mem))] +
         [(f'{svc} live heap', [(s, num(mem[(d, s, sv)], 'live_heap_mib')) for (d, s, sv) in sorted(mem) if sv == svc])
          for svc in dict.fromkeys(sv for _, _, sv in sorted(mem))],
         logy=False)
print((out / 'summary.md').read_text())
