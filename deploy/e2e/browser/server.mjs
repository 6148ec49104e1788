// "Your backend": serves the page from its own origin and asks the Edge API for presigned URLs with the
// account's API token, which never reaches the browser.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
export const AVATAR_MAX_BYTES = 64 * 1024

export function startBackend ({ apiUrl, token, bucket, port = 5173 }) {
  const presign = async (body) => {
    const response = await fetch(`${apiUrl}/api/storage/buckets/${bucket}/presign`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    })
    if (!response.ok) throw new Error(`Edge API answered ${response.status}: ${await response.text()}`)
    return response.json()
  }
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, `http://${req.headers.host}`)
      if (url.pathname === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        res.end(await readFile(path.join(here, 'index.html')))
      } else if (url.pathname === '/api/upload-url') {
        const key = `avatars/${Date.now()}-${url.searchParams.get('name')}`
        const answer = await presign({ key, action: 'upload', expires: '15m' })
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ url: answer.url, key }))
      } else if (url.pathname === '/grants') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        res.end(await readFile(path.join(here, 'grants.html')))
      } else if (url.pathname === '/api/avatar-url') {
        // An avatar: one upload, images only, at most AVATAR_MAX_BYTES; the limits hold on the browser's plain PUT.
        const key = `avatars/limited-${Date.now()}-${url.searchParams.get('name')}`
        const answer = await presign({ key, action: 'upload', expires: '15m', maxBytes: AVATAR_MAX_BYTES, contentTypes: ['image/*'], uses: 1 })
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ url: answer.url, key }))
      } else if (url.pathname === '/api/download-url') {
        const answer = await presign({ key: url.searchParams.get('key'), expires: '15m' })
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ url: answer.url }))
      } else {
        res.writeHead(404).end()
      }
    } catch (e) {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(String(e))
    }
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}
