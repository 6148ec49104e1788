// The values deploy/local/up.sh wrote to deploy/local/.run/env, as a user would `source` them.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
export const envFile = process.env.EDGE_ENV_FILE ?? path.resolve(here, '../../local/.run/env')

export function loadEnv () {
  const env = {}
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = line.match(/^export (\w+)=(.*)$/)
    if (m) env[m[1]] = m[2]
  }
  for (const name of ['EDGE_API_URL', 'EDGE_S3_ENDPOINT', 'EDGE_TOKEN', 'EDGE_ACCESS_KEY', 'EDGE_SECRET_KEY', 'EDGE_BUCKET']) {
    if (!env[name]) throw new Error(`${name} is missing from ${envFile}: run deploy/local/up.sh first`)
  }
  return env
}

/** Calls the Edge API the way the seed's curl examples do. */
export async function edgeApi (env, method, path, body, token = env.EDGE_TOKEN) {
  const response = await fetch(env.EDGE_API_URL + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null }
}

/** Keys every client must handle: spaces, +, %, unicode, runs of / and the 1024-byte maximum. */
export const unusualKeys = [
  'with space/file name.txt',
  'plus+sign+key.txt',
  'percent%20literal%2F.txt',
  'unicode/ünïcödé/日本語/😀.txt',
  'deep//runs///of////slashes/x.txt',
  'k'.repeat(1020) + '.bin'
]
