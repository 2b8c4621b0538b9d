import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '@/locales'
import { shiftLabel } from './shifts'

afterEach(() => setLocale('zh-CN'))

describe('shift names', () => {
  it('words the default names in the UI language and keeps a duty room’s own', () => {
    setLocale('en')
    expect(shiftLabel('day', '白班')).toBe('Day')
    expect(shiftLabel('night', '夜班')).toBe('Night')
    expect(shiftLabel('all', '24小时班')).toBe('24 h')
    expect(shiftLabel('day', '')).toBe('Day')
    expect(shiftLabel('day', '早班')).toBe('早班')
    expect(shiftLabel('late', '中班')).toBe('中班')
    setLocale('zh-CN')
    expect(shiftLabel('day', 'Day')).toBe('白班')
    expect(shiftLabel('day', '白班')).toBe('白班')
  })
})
