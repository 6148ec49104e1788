"""The seed's curl examples, the Edge API presign calls, and the AWS CLI (v1 from pip, v2 from Debian)."""
import hashlib
import os
import shutil
import subprocess

import pytest

from conftest import UNUSUAL_KEYS, edge_api

AWS_CLIS = {
    # The AWS CLI v1 comes with the Python environment, v2 from Debian's package (/usr/bin/aws).
    'v1': shutil.which('aws', path=os.pathsep.join(p for p in os.environ['PATH'].split(os.pathsep) if p != '/usr/bin')),
    'v2': '/usr/bin/aws' if os.path.exists('/usr/bin/aws') else None,
}


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def presign(env, body, token=None):
    status, answer = edge_api(env, 'POST', f"/api/storage/buckets/{env['EDGE_BUCKET']}/presign", body, token)
    assert status == 200, answer
    return answer


def test_seed_edge_api_upload_url_then_seed_curl_upload(env, tmp_path):
    answer = presign(env, {"key": "uploads/photo.jpg", "action": "upload", "expires": "1h"})
    assert answer['method'] == 'PUT'
    assert answer['url'].startswith(env['EDGE_S3_ENDPOINT'] + '/' + env['EDGE_BUCKET'] + '/uploads/photo.jpg?X-Amz-Algorithm=')
    photo = tmp_path / 'photo.jpg'
    photo.write_bytes(os.urandom(40_000))
    # The seed's curl call, verbatim.
    out = run('curl', '-sS', '-f', '-X', 'PUT', answer['url'], '-H', 'Content-Type: image/jpeg', '--data-binary', f'@{photo}')
    assert out.returncode == 0


def test_seed_edge_api_download_url_then_seed_curl_download(env, client, tmp_path):
    invoice = os.urandom(30_000)
    client.put_object(Bucket=env['EDGE_BUCKET'], Key='invoices/invoice-001.pdf', Body=invoice)
    answer = presign(env, {"key": "invoices/invoice-001.pdf", "expires": "15m"})
    assert answer['method'] == 'GET'
    run('curl', '-sS', '-f', '-o', 'invoice.pdf', answer['url'], cwd=tmp_path)
    assert (tmp_path / 'invoice.pdf').read_bytes() == invoice


def test_edge_api_upload_with_content_type_lists_the_header_to_send(env, tmp_path):
    answer = presign(env, {"key": "uploads/avatar.png", "action": "upload", "expires": "15m", "contentType": "image/png"})
    assert answer['headers'] == {'Content-Type': 'image/png'}
    avatar = tmp_path / 'a.png'
    avatar.write_bytes(os.urandom(1000))
    run('curl', '-sS', '-f', '-X', 'PUT', answer['url'], '-H', 'Content-Type: image/png', '--data-binary', f'@{avatar}')


@pytest.mark.parametrize('cli', ['v1', 'v2'])
def test_aws_cli_cp_and_presign(env, cli, tmp_path):
    aws = AWS_CLIS[cli]
    assert aws, f'AWS CLI {cli} is installed by deploy/e2e/run.sh'
    cli_env = {**os.environ, 'AWS_ACCESS_KEY_ID': env['EDGE_ACCESS_KEY'], 'AWS_SECRET_ACCESS_KEY': env['EDGE_SECRET_KEY'],
               'AWS_DEFAULT_REGION': 'us-east-1', 'AWS_CONFIG_FILE': '/dev/null', 'AWS_SHARED_CREDENTIALS_FILE': '/dev/null'}
    source = tmp_path / 'cli.bin'
    source.write_bytes(os.urandom(9 * 1024 * 1024))  # above the CLI's 8 MiB multipart threshold
    url = f"s3://{env['EDGE_BUCKET']}/cli/{cli}.bin"
    run(aws, '--endpoint-url', env['EDGE_S3_ENDPOINT'], 's3', 'cp', str(source), url, env=cli_env)
    run(aws, '--endpoint-url', env['EDGE_S3_ENDPOINT'], 's3', 'cp', url, str(tmp_path / 'back.bin'), env=cli_env)
    assert (tmp_path / 'back.bin').read_bytes() == source.read_bytes()
    presigned = run(aws, '--endpoint-url', env['EDGE_S3_ENDPOINT'], 's3', 'presign', url, '--expires-in', '300', env=cli_env).stdout.strip()
    run('curl', '-sS', '-f', '-o', str(tmp_path / 'via-url.bin'), presigned)
    assert hashlib.md5((tmp_path / 'via-url.bin').read_bytes()).digest() == hashlib.md5(source.read_bytes()).digest()


def test_unusual_keys_through_the_edge_api_and_curl(env, tmp_path):
    for key in UNUSUAL_KEYS:
        body = tmp_path / 'body'
        body.write_bytes(('edge api ' + key).encode())
        up = presign(env, {"key": key, "action": "upload", "expires": "90s"})
        run('curl', '-sS', '-f', '-X', 'PUT', up['url'], '--data-binary', f'@{body}')
        down = presign(env, {"key": key})
        assert run('curl', '-sS', '-f', down['url']).stdout == body.read_text()


def test_a_token_of_another_account_cannot_presign_for_this_bucket(env):
    status, problem = edge_api(env, 'POST', f"/api/storage/buckets/{env['EDGE_BUCKET']}/presign", {"key": "x"}, env['EDGE_ALT_TOKEN'])
    assert status == 404, problem


@pytest.mark.parametrize('cli', ['v1', 'v2'])
def test_unusual_keys_through_the_aws_cli(env, cli, tmp_path):
    aws = AWS_CLIS[cli]
    cli_env = {**os.environ, 'AWS_ACCESS_KEY_ID': env['EDGE_ACCESS_KEY'], 'AWS_SECRET_ACCESS_KEY': env['EDGE_SECRET_KEY'],
               'AWS_DEFAULT_REGION': 'us-east-1', 'AWS_CONFIG_FILE': '/dev/null', 'AWS_SHARED_CREDENTIALS_FILE': '/dev/null'}
    for key in UNUSUAL_KEYS:
        source = tmp_path / 'in.txt'
        source.write_text(f'{cli} {key}')
        url = f"s3://{env['EDGE_BUCKET']}/{key}"
        run(aws, '--endpoint-url', env['EDGE_S3_ENDPOINT'], 's3', 'cp', str(source), url, env=cli_env)
        run(aws, '--endpoint-url', env['EDGE_S3_ENDPOINT'], 's3', 'cp', url, str(tmp_path / 'out.txt'), env=cli_env)
        assert (tmp_path / 'out.txt').read_text() == source.read_text(), key


@pytest.mark.parametrize('path', ['bad%zz', 'bad%4'])
def test_a_malformed_escape_in_a_key_is_invalid_uri_in_s3_xml(env, path):
    # The packaged jar starts through ObjectServiceMain, which leaves URI checks to the S3 router.
    out = run('curl', '-sS', '--path-as-is', '-w', '\n%{http_code}', f"{env['EDGE_S3_ENDPOINT']}/{env['EDGE_BUCKET']}/{path}")
    body, status = out.stdout.rsplit('\n', 1)
    assert status == '400'
    assert '<Code>InvalidURI</Code>' in body
