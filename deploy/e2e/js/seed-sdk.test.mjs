// The seed's JavaScript examples, verbatim but for the endpoint: presign with @aws-sdk/s3-request-presigner,
// then upload and download with fetch; plus ordinary SDK calls with a streamed body (aws-chunked + CRC32
// trailer, the SDK's default).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { S3Client, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { loadEnv, unusualKeys } from './env.mjs'

const env = loadEnv()
const client = new S3Client({
  endpoint: env.EDGE_S3_ENDPOINT,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: {
    accessKeyId: env.EDGE_ACCESS_KEY,
    secretAccessKey: env.EDGE_SECRET_KEY
  }
})
const md5 = (bytes) => createHash('md5').update(bytes).digest('hex')

test('seed: presigned upload URL (1 h) then fetch PUT with Content-Type', async () => {
  const photo = randomBytes(64 * 1024)
  const url = await getSignedUrl(client, new PutObjectCommand({
    Bucket: env.EDGE_BUCKET,
    Key: 'uploads/photo.jpg',
    ContentType: 'image/jpeg'
  }), { expiresIn: 3600 })
  assert.match(url, /X-Amz-Expires=3600/)

  const response = await fetch(url, { method: 'PUT', body: photo, headers: { 'Content-Type': 'image/jpeg' } })
  assert.equal(response.status, 200, await response.text())
  assert.equal(response.headers.get('etag'), `"${md5(photo)}"`)

  const download = await getSignedUrl(client, new GetObjectCommand({ Bucket: env.EDGE_BUCKET, Key: 'uploads/photo.jpg' }), { expiresIn: 900 })
  const got = await fetch(download)
  assert.equal(got.status, 200)
  assert.equal(got.headers.get('content-type'), 'image/jpeg')
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), photo)
})

test('seed: presigned download URL (15 min) of an invoice', async () => {
  const invoice = Buffer.from('%PDF-1.4 invoice 001\n' + 'x'.repeat(5000))
  await client.send(new PutObjectCommand({ Bucket: env.EDGE_BUCKET, Key: 'invoices/invoice-001.pdf', Body: invoice, ContentType: 'application/pdf' }))
  const url = await getSignedUrl(client, new GetObjectCommand({
    Bucket: env.EDGE_BUCKET,
    Key: 'invoices/invoice-001.pdf'
  }), { expiresIn: 900 })
  const response = await fetch(url)
  assert.equal(response.status, 200)
  assert.deepEqual(Buffer.from(await response.arrayBuffer()), invoice)
})

test('PutObject with a streamed body (aws-chunked, trailing CRC32) and GetObject', async () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 17)
  const put = await client.send(new PutObjectCommand({
    Bucket: env.EDGE_BUCKET, Key: 'streams/streamed.bin', Body: Readable.from([bytes.subarray(0, 1 << 20), bytes.subarray(1 << 20)]), ContentLength: bytes.length
  }))
  assert.equal(put.ETag, `"${md5(bytes)}"`)
  const got = await client.send(new GetObjectCommand({ Bucket: env.EDGE_BUCKET, Key: 'streams/streamed.bin' }))
  assert.deepEqual(Buffer.from(await got.Body.transformToByteArray()), bytes)
})

test('unusual keys round-trip through presigned URLs and SDK calls', async () => {
  for (const key of unusualKeys) {
    const body = Buffer.from(`content of ${key}`)
    const put = await getSignedUrl(client, new PutObjectCommand({ Bucket: env.EDGE_BUCKET, Key: key, ContentType: 'text/plain' }), { expiresIn: 60 })
    const putResponse = await fetch(put, { method: 'PUT', body, headers: { 'Content-Type': 'text/plain' } })
    assert.equal(putResponse.status, 200, `PUT ${key}: ${await putResponse.text()}`)
    const got = await client.send(new GetObjectCommand({ Bucket: env.EDGE_BUCKET, Key: key }))
    assert.deepEqual(Buffer.from(await got.Body.transformToByteArray()), body, key)
  }
})

test('another account\'s credentials cannot read this bucket', async () => {
  assert.ok(env.EDGE_ALT_ACCESS_KEY, 'up.sh writes a second account to the env file')
  const other = new S3Client({
    endpoint: env.EDGE_S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: env.EDGE_ALT_ACCESS_KEY, secretAccessKey: env.EDGE_ALT_SECRET_KEY }
  })
  await assert.rejects(other.send(new GetObjectCommand({ Bucket: env.EDGE_BUCKET, Key: 'uploads/photo.jpg' })),
    (e) => ['AccessDenied', 'NoSuchBucket'].includes(e.name))
})
