import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'
import { i18n, isLocale, setLocale, t } from './index'

function leaves(obj: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value && typeof value === 'object') {
      for (const [k, v] of leaves(value as object, path)) out.set(k, v)
    } else {
      out.set(path, value)
    }
  }
  return out
}

describe('locales', () => {
  it('zh-CN and en have the same keys and no empty strings', () => {
    const zh = leaves(zhCN)
    const e = leaves(en)
    expect([...e.keys()].sort()).toEqual([...zh.keys()].sort())
    for (const [key, value] of [...zh, ...e]) {
      expect(typeof value, key).toBe('string')
      expect((value as string).trim(), key).not.toBe('')
    }
  })

  it('uses the same placeholders in both languages', () => {
    const zh = leaves(zhCN)
    const e = leaves(en)
    const names = (s: unknown) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, value] of zh) expect(names(e.get(key)), key).toEqual(names(value))
  })

  it('defaults to zh-CN and switches to en', () => {
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(t('nav.resources')).toBe('应急资源')
    expect(t('modules.building', { module: t('nav.duty') })).toBe('值班值守模块建设中')
    setLocale('en')
    expect(t('nav.resources')).toBe('Resources')
    setLocale('zh-CN')
    expect(isLocale('fr')).toBe(false)
  })
})
