// A real browser on another origin uploads a file chosen in <input type="file"> with the seed's fetch PUT,
// reads the ETag (CORS configured through the Edge API), and shows the image through a download URL.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { loadEnv, edgeApi } from './env.mjs'
import { startBackend, AVATAR_MAX_BYTES } from '../browser/server.mjs'

const env = loadEnv()
const here = path.dirname(fileURLToPath(import.meta.url))
const buildDir = path.resolve(here, '../target')
const origin = 'http://127.0.0.1:5173'

/** A real 64×64 PNG (a gradient), so the browser has something to decode and show. */
function png (size = 64) {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0 })
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0 }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type), data])
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body))
    return Buffer.concat([len, body, sum])
  }
  const header = Buffer.alloc(13); header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4); header[8] = 8; header[9] = 2
  const rows = []
  for (let y = 0; y < size; y++) { rows.push(0); for (let x = 0; x < size; x++) rows.push(x * 4, y * 4, 128) }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))])
}

let browser, backend
after(async () => { await browser?.close(); backend?.close() })

test('browser on another origin uploads with fetch PUT, reads the ETag and shows the image', async () => {
  const cors = await edgeApi(env, 'PUT', `/api/storage/buckets/${env.EDGE_BUCKET}/cors`, {
    rules: [{ allowedOrigins: [origin], allowedMethods: ['PUT', 'GET'], allowedHeaders: ['*'], exposeHeaders: ['ETag'], maxAgeSeconds: 600 }]
  })
  assert.ok([200, 204].includes(cors.status), JSON.stringify(cors.json))

  backend = await startBackend({ apiUrl: env.EDGE_API_URL, token: env.EDGE_TOKEN, bucket: env.EDGE_BUCKET })
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  })
  const page = await browser.newPage()
  const image = png()
  mkdirSync(buildDir, { recursive: true })
  const file = path.join(buildDir, 'avatar.png')
  writeFileSync(file, image)

  await page.goto(origin + '/')
  await page.setInputFiles('input[type="file"]', file)
  await page.click('#upload')
  await page.waitForFunction(() => document.querySelector('#status').textContent !== 'Choose a file.', null, { timeout: 15000 })
  assert.equal(await page.textContent('#status'), 'Upload complete')
  assert.equal(await page.textContent('#etag'), `"${createHash('md5').update(image).digest('hex')}"`)
  assert.equal(await page.evaluate(() => document.querySelector('#preview').naturalWidth), 64)

  const shown = await page.evaluate(() => document.querySelector('#preview').src)
  const bytes = Buffer.from(await (await fetch(shown)).arrayBuffer())
  assert.deepEqual(bytes, image)
  await page.screenshot({ path: path.join(buildDir, 'browser-upload.png') })
})

test('a file over the URL\'s maxBytes gets a readable refusal in the page, then a small image goes through', async () => {
  const page = await browser.newPage()
  await page.goto(origin + '/grants')
  const upload = async (name, bytes, type) => {
    await page.setInputFiles('input[type="file"]', { name, mimeType: type, buffer: bytes })
    await page.evaluate(() => { document.querySelector('#status').textContent = 'Uploading' })
    await page.click('#upload')
    await page.waitForFunction(() => document.querySelector('#status').textContent !== 'Uploading', null, { timeout: 30000 })
    return page.textContent('#status')
  }
  // Four times over the limit, and far over it: the answer is read, with CORS headers, not a network error.
  for (const size of [4 * AVATAR_MAX_BYTES, 32 * 1024 * 1024]) {
    const shown = await upload('big.png', Buffer.alloc(size, 1), 'image/png')
    assert.equal(shown, `Upload refused (400 EntityTooLarge): This URL accepts at most ${AVATAR_MAX_BYTES} bytes`, `file of ${size} bytes`)
  }
  assert.match(await upload('notes.txt', Buffer.from('not an image'), 'text/plain'), /^Upload refused \(403 AccessDenied\): .*image\/\*/)
  assert.equal(await upload('avatar.png', png(), 'image/png'), 'Upload complete')
  await page.screenshot({ path: path.join(buildDir, 'browser-grants.png') })
})
