"""The seed's Python examples with boto3 at its defaults (SigV2 presigned URLs against a custom
endpoint), then with signature_version='s3v4', then ordinary calls and a multipart upload_file."""
import hashlib
import os

import requests

from conftest import UNUSUAL_KEYS


def test_seed_presigned_upload_url_then_put(client, env):
    url = client.generate_presigned_url(
        'put_object',
        Params={
            'Bucket': env['EDGE_BUCKET'],
            'Key': 'uploads/photo.jpg',
            'ContentType': 'image/jpeg',
        },
        ExpiresIn=3600
    )
    photo = os.urandom(50_000)
    response = requests.put(url, data=photo, headers={'Content-Type': 'image/jpeg'})
    assert response.status_code == 200, response.text
    assert response.headers['ETag'] == '"%s"' % hashlib.md5(photo).hexdigest()


def test_seed_presigned_download_url_then_get(client, env):
    invoice = b'%PDF-1.4 invoice' + os.urandom(10_000)
    client.put_object(Bucket=env['EDGE_BUCKET'], Key='invoices/invoice-001.pdf', Body=invoice)
    url = client.generate_presigned_url(
        'get_object',
        Params={
            'Bucket': env['EDGE_BUCKET'],
            'Key': 'invoices/invoice-001.pdf',
        },
        ExpiresIn=900
    )
    response = requests.get(url)
    assert response.status_code == 200, response.text
    assert response.content == invoice


def test_seed_default_client_makes_sigv2_urls_which_work(client, env):
    url = client.generate_presigned_url('get_object', Params={'Bucket': env['EDGE_BUCKET'], 'Key': 'invoices/invoice-001.pdf'}, ExpiresIn=60)
    if 'AWSAccessKeyId=' in url:
        assert 'Signature=' in url and 'Expires=' in url
    else:
        assert 'X-Amz-Signature=' in url
    assert requests.get(url).status_code == 200


def test_sigv4_presigned_put_and_get(v4_client, env):
    body = os.urandom(12_345)
    put = v4_client.generate_presigned_url('put_object', Params={'Bucket': env['EDGE_BUCKET'], 'Key': 'v4/object.bin', 'ContentType': 'application/octet-stream'}, ExpiresIn=3600)
    assert 'X-Amz-Signature=' in put
    assert requests.put(put, data=body, headers={'Content-Type': 'application/octet-stream'}).status_code == 200
    get = v4_client.generate_presigned_url('get_object', Params={'Bucket': env['EDGE_BUCKET'], 'Key': 'v4/object.bin'}, ExpiresIn=900)
    assert requests.get(get).content == body


def test_put_object_and_get_object(client, env):
    body = os.urandom(200_000)
    client.put_object(Bucket=env['EDGE_BUCKET'], Key='sdk/put.bin', Body=body, ContentType='application/x-test', Metadata={'owner': 'e2e'})
    got = client.get_object(Bucket=env['EDGE_BUCKET'], Key='sdk/put.bin')
    assert got['Body'].read() == body
    assert got['ContentType'] == 'application/x-test'
    assert got['Metadata'] == {'owner': 'e2e'}


def test_upload_file_of_20_mib_goes_multipart_and_round_trips(client, env, tmp_path):
    source = tmp_path / 'big.bin'
    source.write_bytes(os.urandom(20 * 1024 * 1024))
    client.upload_file(str(source), env['EDGE_BUCKET'], 'big/20mib.bin')
    head = client.head_object(Bucket=env['EDGE_BUCKET'], Key='big/20mib.bin')
    assert head['ContentLength'] == 20 * 1024 * 1024
    assert head['ETag'].endswith('-3"'), 'boto3 uploads 20 MiB as three 8 MiB-bounded parts'
    target = tmp_path / 'back.bin'
    client.download_file(env['EDGE_BUCKET'], 'big/20mib.bin', str(target))
    assert target.read_bytes() == source.read_bytes()


def test_unusual_keys_round_trip(client, v4_client, env):
    for key in UNUSUAL_KEYS:
        body = ('content of ' + key).encode()
        for signer in (client, v4_client):
            url = signer.generate_presigned_url('put_object', Params={'Bucket': env['EDGE_BUCKET'], 'Key': key}, ExpiresIn=60)
            assert requests.put(url, data=body).status_code == 200, key
            assert signer.get_object(Bucket=env['EDGE_BUCKET'], Key=key)['Body'].read() == body
