"""Helpers shared by the growth drivers: latency statistics, CSV rows, process and PostgreSQL probes.

Every driver fails (raises, so the process exits non-zero) when a request answers anything but what the
benchmark expects; a figure over failed requests would be meaningless.
"""
import csv
import os
import pathlib
import re
import subprocess
import time
import urllib.parse
import urllib.request
import sys

import boto3
from botocore.config import Config

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from localenv import internal_url  # noqa: E402  (deploy/bench/localenv.py)


class BenchFailure(Exception):
    """A request answered something other than what the benchmark expects."""


def log(message):
    print(f'[growth {time.strftime("%H:%M:%S")}] {message}', flush=True)


def percentile(sorted_ms, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_ms:
        return float('nan')
    rank = max(1, int(round(p / 100 * len(sorted_ms) + 0.4999)))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


def stats(latencies_ms):
    s = sorted(latencies_ms)
    return {'n': len(s), 'p50_ms': percentile(s, 50), 'p90_ms': percentile(s, 90), 'p99_ms': percentile(s, 99),
            'max_ms': s[-1] if s else float('nan')}


class Csv:
    """Appends rows to a CSV, writing the header when the file is new."""

    def __init__(self, path, fields):
        self.path = pathlib.Path(path)
        self.fields = fields
        if not self.path.exists():
            with self.path.open('w', newline='') as f:
                csv.DictWriter(f, fields).writeheader()

    def add(self, **row):
        with self.path.open('a', newline='') as f:
            csv.DictWriter(f, self.fields).writerow({k: _fmt(row.get(k, '')) for k in self.fields})


def _fmt(v):
    return f'{v:.3f}' if isinstance(v, float) else v


def s3_client(endpoint, access_key, secret_key):
    return boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                        region_name='us-east-1',
                        config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))


def path_of(url):
    """The request target (path and query) of an absolute URL."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + ('?' + parts.query if parts.query else '')


def proc_memory_mib(pid):
    """(VmRSS, VmHWM) of a process in MiB."""
    text = pathlib.Path(f'/proc/{pid}/status').read_text()
    rss = int(re.search(r'VmRSS:\s+(\d+)', text).group(1))
    hwm = int(re.search(r'VmHWM:\s+(\d+)', text).group(1))
    return rss / 1024, hwm / 1024


def proc_cpu_seconds(pid):
    """User + system CPU seconds a process has used so far."""
    fields = pathlib.Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def heap_used_mib(base_url):
    """JVM heap in use, from the service's Prometheus metrics (NaN when unavailable)."""
    try:
        text = urllib.request.urlopen(f'{internal_url(base_url)}/q/metrics', timeout=5).read().decode()
    except OSError:
        return float('nan')
    used = [float(m.group(1)) for m in re.finditer(r'^jvm_memory_used_bytes\{[^}]*area="heap"[^}]*\}\s+(\S+)', text, re.M)]
    return sum(used) / 1048576 if used else float('nan')


FULL_GC = True  # run.py turns it off for the smoke run (a full GC and jcmd take a second or two per service)
MEMORY_FIELDS = ['dimension', 'scale', 'service', 'rss_mib', 'hwm_mib', 'heap_mib', 'live_heap_mib', 'load']


def record_memory(out, dimension, scale, service, pid, base_url):
    """RSS and heap of one service; then a full GC (jcmd) and the heap again: the live set, which is what
    would grow if the service kept per-object or per-account state."""
    rss, hwm = proc_memory_mib(pid)
    heap = heap_used_mib(base_url)
    live = float('nan')
    try:
        if not FULL_GC:
            raise OSError('skipped')
        subprocess.run(['jcmd', str(pid), 'GC.run'], check=True, capture_output=True, timeout=60)
        live = heap_used_mib(base_url)
    except (OSError, subprocess.SubprocessError):
        pass
    Csv(pathlib.Path(out) / 'memory.csv', MEMORY_FIELDS).add(
        dimension=dimension, scale=scale, service=service, rss_mib=rss, hwm_mib=hwm, heap_mib=heap,
        live_heap_mib=live, load=loadavg())
    log(f'  {service} RSS {rss:.0f} MiB (peak {hwm:.0f} MiB), heap in use {heap:.0f} MiB'
        + (f', live after a full GC {live:.0f} MiB' if FULL_GC else ''))


def loadavg():
    return pathlib.Path('/proc/loadavg').read_text().split()[0]


def psql(*statements):
    """Runs SQL statements in one session against the services' database (EDGE_PG_*); unaligned output."""
    env = dict(os.environ, PGPASSWORD=os.environ.get('EDGE_PG_PASSWORD', 'edge'))
    cmd = ['psql', '-h', os.environ.get('EDGE_PG_HOST', '127.0.0.1'), '-p', os.environ.get('EDGE_PG_PORT', '5432'),
           '-U', os.environ.get('EDGE_PG_USER', 'edge'), '-d', os.environ.get('EDGE_PG_DB', 'edge'),
           '-v', 'ON_ERROR_STOP=1', '-qtAX', '-F', '\t']
    for sql in statements:
        cmd += ['-c', sql]
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def wrk(url, lua, seconds, connections, out_file):
    """One bounded wrk run (2 threads); returns (req/s, p50 ms, p99 ms, requests, failures)."""
    cmd = ['wrk', '-t2', f'-c{connections}', f'-d{seconds}s', '--latency', '-s', str(lua), url]
    text = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=seconds + 30).stdout
    pathlib.Path(out_file).write_text(text)

    def ms(label):
        m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', text, re.M)
        return float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)] if m else float('nan')

    requests = int(re.search(r'(\d+) requests in', text).group(1))
    seconds_taken = float(re.search(r'requests in ([\d.]+)(m?s)', text).group(1))
    failures = sum(int(x) for x in re.findall(r'Non-2xx or 3xx responses: (\d+)', text))
    socket = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', text)
    if socket:
        failures += sum(int(x) for x in socket.groups())
    return requests / seconds_taken, ms('50%'), ms('99%'), requests, failures


# A wrk script that sends one request per line of a file, picked at random: "METHOD<TAB>path[<TAB>header value]".
WRK_RANDOM_LINES = r'''
local lines = {}
local body = os.getenv("GROWTH_WRK_BODY")
init = function(args)
  for line in io.lines(os.getenv("GROWTH_WRK_LINES")) do lines[#lines + 1] = line end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
request = function()
  local line = lines[math.random(#lines)]
  local method, path, auth = line:match("^(%S+)\t(%S+)\t?(.*)$")
  local headers = {}
  if auth ~= nil and auth ~= "" then
    headers["Authorization"] = auth
    headers["Content-Type"] = "application/json"
  end
  local b = nil
  if method == "POST" then b = body end
  return wrk.format(method, path, headers, b)
end
'''


def run_main(main):
    """Runs a driver's main(); a BenchFailure ends the process with exit code 1 and its message."""
    try:
        main()
    except BenchFailure as e:
        log(f'FAILED: {e}')
        raise SystemExit(1)


def concurrent_run(rec, base_url, lua, args, work, label, what, **dimension):
    """One wrk run over the request lines in `lua`; records a CSV row `label` and logs; failures are
    recorded (run.py fails the whole run at its end, after the other steps)."""
    rps, p50, p99, requests, failures = wrk(base_url, lua, args.seconds, args.connections, work / f'wrk-{label}.txt')
    rec.add(**dimension, op=f'{what}-concurrent-{args.connections}', n=requests, p50_ms=p50, p99_ms=p99,
            req_per_s=rps, errors=failures, load=loadavg())
    log(f'  {what} with {args.connections} connections: {rps:.0f} req/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms')
    if failures:
        log(f'  WARNING: {failures} concurrent {what} requests failed (see {work}/wrk-{label}.txt)')
