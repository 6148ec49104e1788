"""Prints a SigV4 presigned URL (boto3, s3v4) for the benchmark; also uploads the object when asked.

usage: presign.py ENDPOINT ACCESS_KEY SECRET_KEY BUCKET KEY get|put [--create-bucket] [--upload SIZE]
                  [--upload-file PATH] [--count N]

With --count N, prints N URLs, one per line, for the keys KEY-0 … KEY-(N-1) (PUT benchmarks spread over
many keys, as uploads do, instead of queueing on one key's row).
"""
import sys

import boto3
from botocore.config import Config

endpoint, access_key, secret_key, bucket, key, method = sys.argv[1:7]
flags = sys.argv[7:]
s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                  region_name='us-east-1', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
if '--create-bucket' in flags:
    try:
        s3.create_bucket(Bucket=bucket)
    except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
        pass
if '--upload' in flags:
    size = int(flags[flags.index('--upload') + 1])
    s3.put_object(Bucket=bucket, Key=key, Body=b'e' * size)
if '--upload-file' in flags:
    s3.upload_file(flags[flags.index('--upload-file') + 1], bucket, key)  # multipart, as large uploads are
operation = 'get_object' if method == 'get' else 'put_object'
count = int(flags[flags.index('--count') + 1]) if '--count' in flags else None
for k in [key] if count is None else [f'{key}-{i}' for i in range(count)]:
    print(s3.generate_presigned_url(operation, Params={'Bucket': bucket, 'Key': k}, ExpiresIn=7 * 24 * 3600))
