import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'

// Every source file of the app as text (Vite reads them at test time).
const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.vue', '!../**/*.spec.ts', '!../**/*.d.ts', '!../locales/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
})

function has(key: string): boolean {
  let node: unknown = zhCN
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !(part in node)) return false
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string'
}

describe('message keys', () => {
  it('reads the sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50)
  })

  it('every literal key passed to t() exists', () => {
    const missing: string[] = []
    for (const [file, text] of Object.entries(sources)) {
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        const key = match[1]!
        if (!has(key)) missing.push(`${file}: ${key}`)
      }
    }
    expect(missing).toEqual([])
  })
})
