import { describe, expect, it } from 'vitest'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import { levelNameKey } from './levels'

function lookup(messages: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages)
}

describe('level names', () => {
  it('names geological disasters by size and the rest by seriousness, in both languages', () => {
    expect(lookup(zhCN, levelNameKey('I', 'geological'))).toBe('特大型')
    expect(lookup(zhCN, levelNameKey('IV', 'geological'))).toBe('小型')
    expect(lookup(zhCN, levelNameKey('I', 'general'))).toBe('特别重大')
    expect(lookup(zhCN, levelNameKey('III', undefined))).toBe('较大')
    for (const level of ['I', 'II', 'III', 'IV'] as const) {
      expect(typeof lookup(en, levelNameKey(level, 'geological'))).toBe('string')
    }
  })
})
