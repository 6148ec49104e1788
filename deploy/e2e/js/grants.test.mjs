// Grants from the Edge API used with fetch, and an object revocation against URLs the JavaScript SDK presigned.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { loadEnv, edgeApi } from './env.mjs'

const env = loadEnv()
const s3 = new S3Client({
  endpoint: env.EDGE_S3_ENDPOINT,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: env.EDGE_ACCESS_KEY, secretAccessKey: env.EDGE_SECRET_KEY }
})

async function presign (body) {
  const answer = await edgeApi(env, 'POST', `/api/storage/buckets/${env.EDGE_BUCKET}/presign`, body)
  assert.equal(answer.status, 200, JSON.stringify(answer.json))
  assert.match(answer.json.grantId, /^gr_[a-z2-7]{26}$/)
  return answer.json
}

// Revocations reach every replica over Kafka within milliseconds, not in the API call's instant.
async function refusedWithin (url, ms = 2000) {
  const deadline = Date.now() + ms
  for (;;) {
    const response = await fetch(url)
    if (response.status !== 200 || Date.now() > deadline) return response
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

test('an avatar URL takes images up to its size limit, from fetch, and nothing else', async () => {
  const key = `grants/js-avatar-${randomUUID()}`
  const { url } = await presign({ key, action: 'upload', maxBytes: 4096, contentTypes: ['image/png', 'image/jpeg'] })

  const tooLarge = await fetch(url, { method: 'PUT', body: new Uint8Array(5000), headers: { 'Content-Type': 'image/png' } })
  assert.equal(tooLarge.status, 400)
  assert.match(await tooLarge.text(), /<Code>EntityTooLarge<\/Code>/)

  const wrongType = await fetch(url, { method: 'PUT', body: 'GIF89a', headers: { 'Content-Type': 'image/gif' } })
  assert.equal(wrongType.status, 403)
  assert.match(await wrongType.text(), /image\/png, image\/jpeg/)

  const edited = url.replace('X-Edge-Max-Bytes=4096', 'X-Edge-Max-Bytes=999999')
  assert.notEqual(edited, url)
  const forged = await fetch(edited, { method: 'PUT', body: new Uint8Array(5000), headers: { 'Content-Type': 'image/png' } })
  assert.equal(forged.status, 403)
  assert.match(await forged.text(), /<Code>SignatureDoesNotMatch<\/Code>/)

  const ok = await fetch(url, { method: 'PUT', body: new Uint8Array(4096), headers: { 'Content-Type': 'image/png' } })
  assert.equal(ok.status, 200)
})

test('a URL of three uses serves three GETs, then says it has been used', async () => {
  const key = `grants/js-three-${randomUUID()}.txt`
  await s3.send(new PutObjectCommand({ Bucket: env.EDGE_BUCKET, Key: key, Body: 'three times' }))
  const { url, grantId } = await presign({ key, uses: 3, context: { customer: 'acme' } })
  for (let i = 0; i < 3; i++) assert.equal((await fetch(url)).status, 200)
  const used = await fetch(url)
  assert.equal(used.status, 403)
  assert.match(await used.text(), /This URL has been used/)

  const shown = await edgeApi(env, 'GET', `/api/storage/grants/${grantId}`)
  assert.equal(shown.status, 200)
  assert.equal(shown.json.uses, 3)
  assert.equal(shown.json.used, 3)
  assert.deepEqual(shown.json.context, { customer: 'acme' })
  const listed = await edgeApi(env, 'GET', `/api/storage/grants?bucket=${env.EDGE_BUCKET}&key=${encodeURIComponent(key)}&state=used`)
  assert.equal(listed.status, 200)
  assert.deepEqual(listed.json.grants.map((g) => g.grantId), [grantId])
})

test('an object revocation kills URLs the JS SDK presigned, not its header-signed requests', async () => {
  const key = `grants/js-takedown-${randomUUID()}.txt`
  await s3.send(new PutObjectCommand({ Bucket: env.EDGE_BUCKET, Key: key, Body: 'taken down' }))
  const sdkUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: env.EDGE_BUCKET, Key: key }), { expiresIn: 3600 })
  assert.equal((await fetch(sdkUrl)).status, 200)
  await new Promise((resolve) => setTimeout(resolve, 1100)) // X-Amz-Date has whole seconds

  const revoked = await edgeApi(env, 'POST', `/api/storage/buckets/${env.EDGE_BUCKET}/revocations`, { key })
  assert.equal(revoked.status, 201, JSON.stringify(revoked.json))
  const refused = await refusedWithin(sdkUrl)
  assert.equal(refused.status, 403)
  assert.match(await refused.text(), /<Code>AccessDenied<\/Code>/)

  const viaHeaders = await s3.send(new GetObjectCommand({ Bucket: env.EDGE_BUCKET, Key: key }))
  assert.equal(await viaHeaders.Body.transformToString(), 'taken down')
})
