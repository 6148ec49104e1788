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


def internal_url(public_url):
    """A local service's internal listener (health, metrics): its public port + 100 (gateway, presign-service,
    key-service) or + 180 (object-service and its bench replicas: 9000 -> 9180), as deploy/local/up.sh starts them."""
    import urllib.parse
    parts = urllib.parse.urlsplit(public_url)
    offset = 100 if 8080 <= parts.port <= 8082 else 180
    return f'{parts.scheme}://{parts.hostname}:{parts.port + offset}'
