#!/usr/bin/env node
// Writes `<file>.gz` beside every .js/.css/.html/.svg/.json file larger than 1 KB in the
// build output, so the server can send precompressed files. Node's zlib only.
//   node scripts/precompress.mjs [dist]
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { constants, gzipSync } from 'node:zlib'

const EXTENSIONS = new Set(['.js', '.css', '.html', '.svg', '.json'])
const MIN_BYTES = 1024

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else if (entry.isFile()) yield path
  }
}

function extension(path) {
  const dot = path.lastIndexOf('.')
  return dot < 0 ? '' : path.slice(dot).toLowerCase()
}

const root = resolve(process.argv[2] ?? 'dist')
let count = 0
let before = 0
let after = 0
for await (const path of files(root)) {
  if (!EXTENSIONS.has(extension(path))) continue
  const info = await stat(path)
  if (info.size <= MIN_BYTES) continue
  const data = await readFile(path)
  const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION })
  await writeFile(`${path}.gz`, gz)
  count += 1
  before += data.length
  after += gz.length
  if (process.env.PRECOMPRESS_VERBOSE) console.log(`${relative(root, path)}: ${data.length} → ${gz.length}`)
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
console.log(`precompress: ${count} files, ${kb(before)} → ${kb(after)} gzip`)
