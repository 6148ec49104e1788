"""Rotating or deleting an access key through the Edge API kills every URL it signed, from every client."""
import time

import requests

from conftest import edge_api, seed_client
from botocore.config import Config


def urls_signed_with(env, access_key, secret_key, key):
    v2 = seed_client(env, access_key, secret_key)
    v4 = seed_client(env, access_key, secret_key, config=Config(signature_version='s3v4'))
    params = {'Bucket': env['EDGE_BUCKET'], 'Key': key}
    return [v2.generate_presigned_url('get_object', Params=params, ExpiresIn=3600),
            v4.generate_presigned_url('get_object', Params=params, ExpiresIn=3600)]


def rejected_within(url, seconds=2.0):
    """Revocation travels key-service → Kafka → every verifier: it lands within milliseconds, not in the
    same instant as the API response (deploy/bench/revocation.sh measures the distribution)."""
    deadline = time.monotonic() + seconds
    while True:
        response = requests.get(url)
        if response.status_code != 200 or time.monotonic() > deadline:
            return response
        time.sleep(0.01)


def test_rotate_then_delete_invalidates_every_url_of_the_key(env, client):
    client.put_object(Bucket=env['EDGE_BUCKET'], Key='revocation/target.txt', Body=b'secret report')
    status, created = edge_api(env, 'POST', '/api/storage/keys', {'name': 'revocation-e2e'})
    assert status == 201, created
    key_id, secret = created['accessKeyId'], created['secretAccessKey']

    status, via_api = edge_api(env, 'POST', f"/api/storage/buckets/{env['EDGE_BUCKET']}/presign",
                               {'key': 'revocation/target.txt', 'keyId': key_id})
    assert status == 200, via_api
    before = urls_signed_with(env, key_id, secret, 'revocation/target.txt') + [via_api['url']]
    for url in before:
        assert requests.get(url).status_code == 200, url

    status, rotated = edge_api(env, 'POST', f'/api/storage/keys/{key_id}/rotate')
    assert status == 200, rotated
    for url in before:
        response = rejected_within(url)
        assert response.status_code == 403, url
        assert '<Code>SignatureDoesNotMatch</Code>' in response.text or '<Code>InvalidAccessKeyId</Code>' in response.text

    after_rotation = urls_signed_with(env, key_id, rotated['secretAccessKey'], 'revocation/target.txt')
    for url in after_rotation:
        assert requests.get(url).status_code == 200, url

    status, _ = edge_api(env, 'DELETE', f'/api/storage/keys/{key_id}')
    assert status == 204
    for url in after_rotation:
        response = rejected_within(url)
        assert response.status_code == 403, url
        assert '<Code>InvalidAccessKeyId</Code>' in response.text
