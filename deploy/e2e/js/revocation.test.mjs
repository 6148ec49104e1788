// Rotating, then deleting, an access key through the Edge API kills the URLs the JavaScript SDK signed with it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { loadEnv, edgeApi } from './env.mjs'

const env = loadEnv()

// Revocation travels key-service → Kafka → every verifier: it lands within milliseconds, not within the
// same instant as the API response (deploy/bench/revocation.sh measures the distribution). Poll briefly.
async function rejectedWithin (url, ms = 2000) {
  const deadline = Date.now() + ms
  for (;;) {
    const response = await fetch(url)
    if (response.status !== 200 || Date.now() > deadline) return response
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
const clientFor = (accessKeyId, secretAccessKey) => new S3Client({
  endpoint: env.EDGE_S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }
})

test('URLs signed by the JS SDK stop working at their next use after rotate and after delete', async () => {
  const created = await edgeApi(env, 'POST', '/api/storage/keys', { name: 'js-revocation-e2e' })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  const { accessKeyId, secretAccessKey } = created.json
  const owner = clientFor(accessKeyId, secretAccessKey)
  await owner.send(new PutObjectCommand({ Bucket: env.EDGE_BUCKET, Key: 'revocation/js.txt', Body: 'js revocation' }))
  const before = await getSignedUrl(owner, new GetObjectCommand({ Bucket: env.EDGE_BUCKET, Key: 'revocation/js.txt' }), { expiresIn: 3600 })
  assert.equal((await fetch(before)).status, 200)

  const rotated = await edgeApi(env, 'POST', `/api/storage/keys/${accessKeyId}/rotate`)
  assert.equal(rotated.status, 200)
  const afterRotate = await rejectedWithin(before)
  assert.equal(afterRotate.status, 403)
  assert.match(await afterRotate.text(), /<Code>SignatureDoesNotMatch<\/Code>/)

  const fresh = await getSignedUrl(clientFor(accessKeyId, rotated.json.secretAccessKey),
    new GetObjectCommand({ Bucket: env.EDGE_BUCKET, Key: 'revocation/js.txt' }), { expiresIn: 3600 })
  assert.equal((await fetch(fresh)).status, 200)

  assert.equal((await edgeApi(env, 'DELETE', `/api/storage/keys/${accessKeyId}`)).status, 204)
  const afterDelete = await rejectedWithin(fresh)
  assert.equal(afterDelete.status, 403)
  assert.match(await afterDelete.text(), /<Code>InvalidAccessKeyId<\/Code>/)
})
