"""Grants through the Edge API, used by plain HTTP clients: limits, single use, revoking one URL, the takedown."""
import concurrent.futures
import time
import uuid

import requests

from conftest import edge_api, seed_client
from test_revocation import rejected_within as refused_within
from botocore.config import Config


def presign(env, body):
    status, answer = edge_api(env, 'POST', f"/api/storage/buckets/{env['EDGE_BUCKET']}/presign", body)
    assert status == 200, answer
    assert answer['grantId'].startswith('gr_'), answer
    return answer


def test_an_upload_over_max_bytes_is_refused_and_nothing_is_published(env, client):
    key = f'grants/limited-{uuid.uuid4().hex}.bin'
    answer = presign(env, {'key': key, 'action': 'upload', 'maxBytes': 1024})
    refused = requests.put(answer['url'], data=b'x' * 1025)
    assert refused.status_code == 400
    assert '<Code>EntityTooLarge</Code>' in refused.text
    assert client.list_objects_v2(Bucket=env['EDGE_BUCKET'], Prefix=key).get('KeyCount') == 0
    assert requests.put(answer['url'], data=b'x' * 1024).status_code == 200


def test_content_types_and_overwrite_hold_on_a_plain_put(env, client):
    key = f'grants/typed-{uuid.uuid4().hex}.png'
    answer = presign(env, {'key': key, 'action': 'upload', 'contentTypes': ['image/*'], 'overwrite': False})
    wrong = requests.put(answer['url'], data=b'text', headers={'Content-Type': 'text/plain'})
    assert wrong.status_code == 403
    assert '<Code>AccessDenied</Code>' in wrong.text and 'image/*' in wrong.text
    assert requests.put(answer['url'], data=b'png', headers={'Content-Type': 'image/png'}).status_code == 200
    again = requests.put(answer['url'], data=b'png2', headers={'Content-Type': 'image/png'})
    assert again.status_code == 412
    assert client.get_object(Bucket=env['EDGE_BUCKET'], Key=key)['Body'].read() == b'png'


def test_a_single_use_link_raced_by_twenty_clients_serves_exactly_one(env, client):
    key = f'grants/invoice-{uuid.uuid4().hex}.pdf'
    client.put_object(Bucket=env['EDGE_BUCKET'], Key=key, Body=b'%PDF invoice')
    url = presign(env, {'key': key, 'uses': 1})['url']
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        statuses = sorted(pool.map(lambda _: requests.get(url).status_code, range(20)))
    assert statuses == [200] + [403] * 19
    used = requests.get(url)
    assert used.status_code == 403 and 'This URL has been used' in used.text


def test_revoking_one_grant_leaves_its_siblings_working(env, client):
    key = f'grants/shared-{uuid.uuid4().hex}.txt'
    client.put_object(Bucket=env['EDGE_BUCKET'], Key=key, Body=b'shared')
    leaked, sibling = presign(env, {'key': key}), presign(env, {'key': key})
    status, _ = edge_api(env, 'DELETE', f"/api/storage/grants/{leaked['grantId']}")
    assert status == 204
    assert refused_within(leaked['url']).status_code == 403
    assert requests.get(sibling['url']).status_code == 200
    status, shown = edge_api(env, 'GET', f"/api/storage/grants/{leaked['grantId']}")
    assert status == 200 and shown['revokedAt'], shown


def test_an_object_revocation_kills_sdk_presigned_urls_but_not_header_auth(env, client):
    key = f'grants/takedown-{uuid.uuid4().hex}.txt'
    client.put_object(Bucket=env['EDGE_BUCKET'], Key=key, Body=b'leaked')
    params = {'Bucket': env['EDGE_BUCKET'], 'Key': key}
    sigv2 = client.generate_presigned_url('get_object', Params=params, ExpiresIn=3600)
    sigv4 = seed_client(env, config=Config(signature_version='s3v4')).generate_presigned_url(
        'get_object', Params=params, ExpiresIn=3600)
    via_api = presign(env, {'key': key})['url']
    for url in (sigv2, sigv4, via_api):
        assert requests.get(url).status_code == 200, url
    # SigV4 URLs are judged by X-Amz-Date, which has whole seconds: let a second pass after the URLs were made.
    time.sleep(1.1)

    status, revocation = edge_api(env, 'POST', f"/api/storage/buckets/{env['EDGE_BUCKET']}/revocations", {'key': key})
    assert status == 201, revocation
    assert revocation['key'] == key and revocation['notBefore']
    for url in (sigv2, sigv4, via_api):
        refused = refused_within(url)
        assert refused.status_code == 403, url
        assert '<Code>AccessDenied</Code>' in refused.text
    assert client.get_object(Bucket=env['EDGE_BUCKET'], Key=key)['Body'].read() == b'leaked'
    status, listed = edge_api(env, 'GET', f"/api/storage/buckets/{env['EDGE_BUCKET']}/revocations")
    assert status == 200 and any(r['id'] == revocation['id'] for r in listed), listed
    time.sleep(1.1)
    fresh = seed_client(env, config=Config(signature_version='s3v4')).generate_presigned_url(
        'get_object', Params=params, ExpiresIn=3600)
    assert requests.get(fresh).status_code == 200
