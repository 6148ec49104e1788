"""Shared fixtures: the env file up.sh writes, clients built exactly as the seed builds them."""
import json
import os
import pathlib
import urllib.request

import boto3
import pytest
from botocore.config import Config

ENV_FILE = pathlib.Path(os.environ.get(
    "EDGE_ENV_FILE", pathlib.Path(__file__).resolve().parents[2] / "local" / ".run" / "env"))

UNUSUAL_KEYS = [
    "with space/file name.txt",
    "plus+sign+key.txt",
    "percent%20literal%2F.txt",
    "unicode/ünïcödé/日本語/😀.txt",
    "deep//runs///of////slashes/x.txt",
    "k" * 1020 + ".bin",
]


def load_env():
    values = {}
    for line in ENV_FILE.read_text().splitlines():
        if line.startswith("export ") and "=" in line:
            name, value = line[len("export "):].split("=", 1)
            values[name] = value
    return values


@pytest.fixture(scope="session")
def env():
    values = load_env()
    for name in ("EDGE_API_URL", "EDGE_S3_ENDPOINT", "EDGE_TOKEN", "EDGE_ACCESS_KEY", "EDGE_SECRET_KEY", "EDGE_BUCKET"):
        assert values.get(name), f"{name} missing from {ENV_FILE}: run deploy/local/up.sh first"
    os.environ.update(values)
    return values


def seed_client(env, access_key=None, secret_key=None, **extra):
    """The seed's construction, verbatim but for the endpoint."""
    return boto3.client(
        's3',
        endpoint_url=env['EDGE_S3_ENDPOINT'],
        aws_access_key_id=access_key or env['EDGE_ACCESS_KEY'],
        aws_secret_access_key=secret_key or env['EDGE_SECRET_KEY'],
        region_name='us-east-1',
        **extra,
    )


@pytest.fixture(scope="session")
def client(env):
    return seed_client(env)


@pytest.fixture(scope="session")
def v4_client(env):
    return seed_client(env, config=Config(signature_version='s3v4'))


def edge_api(env, method, path, body=None, token=None):
    """The Edge API as the seed's curl calls use it; returns (status, parsed JSON or None)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(env["EDGE_API_URL"] + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token or env['EDGE_TOKEN']}",
        **({"Content-Type": "application/json"} if body is not None else {}),
    })
    try:
        with urllib.request.urlopen(request) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read()
        return error.code, json.loads(text) if text else None
