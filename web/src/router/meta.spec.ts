import { describe, expect, it } from 'vitest'
import { titleWithCount } from './meta'

describe('the tab title', () => {
  it('puts the unread count before the page title and takes it away at zero', () => {
    expect(titleWithCount('首页 - 烽火', 3)).toBe('(3) 首页 - 烽火')
    expect(titleWithCount('(3) 首页 - 烽火', 4)).toBe('(4) 首页 - 烽火')
    expect(titleWithCount('(4) 首页 - 烽火', 0)).toBe('首页 - 烽火')
    expect(titleWithCount('首页 - 烽火', 120)).toBe('(99+) 首页 - 烽火')
  })
})
