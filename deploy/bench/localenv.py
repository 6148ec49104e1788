"""The local system's settings for benchmark drivers: what deploy/local/up.sh wrote to .run/env."""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load_env():
    env = {}
    for line in (ROOT / 'deploy/local/.run/env').read_text().splitlines():
        if line.startswith('export ') and '=' in line:
            k, v = line[7:].split('=', 1)
            env[k] = v
    return env
