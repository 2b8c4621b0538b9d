#!/usr/bin/env node
// Checks the build output before it ships, then removes Vite's manifest:
//  - the JavaScript the first desktop page (/) and the first mobile page (/m/ → tasks)
//    load stays within budget (gzipped): desktop 400 KB, mobile 150 KB;
//  - nothing violates the server's CSP: no inline scripts in the HTML, no eval or
//    `new Function`, no http(s) or protocol-relative URLs to other hosts in CSS/HTML.
//   node scripts/check-dist.mjs [dist]
import { existsSync } from 'node:fs'
import { readFile, readdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

const dist = resolve(process.argv[2] ?? 'dist')
const manifestPath = join(dist, '.vite', 'manifest.json')
const KB = 1024
const budgets = [
  { name: 'desktop first page (/)', entry: 'index.html', page: 'src/views/home/HomeView.vue', budget: 400 * KB },
  { name: 'mobile first page (/m/)', entry: 'm/index.html', page: 'src/mobile/views/TasksView.vue', budget: 150 * KB },
]

const problems = []
if (!existsSync(manifestPath)) {
  console.error(`check-dist: ${manifestPath} is missing; run vite build first`)
  process.exit(1)
}
const manifest = JSON.parse(await readFile(manifestPath, 'utf8'))

/** Static closure of a manifest chunk: what the browser loads with it. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen
  const chunk = manifest[key]
  if (!chunk) {
    problems.push(`manifest has no entry ${key}`)
    return seen
  }
  seen.add(key)
  for (const dep of chunk.imports ?? []) closure(dep, seen)
  return seen
}

const gzipCache = new Map()
async function gzipSize(file) {
  if (!gzipCache.has(file)) gzipCache.set(file, gzipSync(await readFile(join(dist, file)), { level: 9 }).length)
  return gzipCache.get(file)
}

const report = []
for (const { name, entry, page, budget } of budgets) {
  const keys = closure(page, closure(entry))
  let total = 0
  for (const key of keys) total += await gzipSize(manifest[key].file)
  report.push({ name, kb: (total / KB).toFixed(1), budgetKb: budget / KB, chunks: keys.size })
  if (total > budget) problems.push(`${name}: ${(total / KB).toFixed(1)} KB gzipped JS exceeds ${budget / KB} KB`)
}

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== '.vite') yield* walk(path)
    } else yield path
  }
}

for await (const path of walk(dist)) {
  const rel = path.slice(dist.length + 1)
  if (path.endsWith('.html')) {
    const html = await readFile(path, 'utf8')
    for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      const attrs = match[1] ?? ''
      if (!/\bsrc=/.test(attrs) || (match[2] ?? '').trim() !== '') problems.push(`${rel}: inline script`)
    }
    if (/\son[a-z]+\s*=/i.test(html.replace(/<noscript>[\s\S]*?<\/noscript>/gi, ''))) {
      problems.push(`${rel}: inline event handler attribute`)
    }
  }
  if (path.endsWith('.js')) {
    const js = await readFile(path, 'utf8')
    if (/\bnew Function\s*\(/.test(js)) problems.push(`${rel}: new Function (blocked by CSP)`)
    if (/(^|[^.\w$])eval\s*\(/.test(js)) problems.push(`${rel}: eval (blocked by CSP)`)
  }
  if (path.endsWith('.css') || path.endsWith('.html')) {
    const text = await readFile(path, 'utf8')
    for (const match of text.matchAll(/(?:url\(\s*['"]?|(?:href|src)\s*=\s*['"])((?:https?:)?\/\/[^'")\s]+)/gi)) {
      problems.push(`${rel}: external URL ${match[1]}`)
    }
  }
}

for (const row of report) console.log(`check-dist: ${row.name}: ${row.kb} KB gzipped JS in ${row.chunks} chunks (budget ${row.budgetKb} KB)`)
if (problems.length > 0) {
  for (const problem of problems) console.error(`check-dist: ${problem}`)
  process.exit(1)
}
await rm(join(dist, '.vite'), { recursive: true, force: true })
console.log('check-dist: ok')
