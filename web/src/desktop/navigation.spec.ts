import { describe, expect, it } from 'vitest'
import { activeNavPath, NAV_ITEMS } from './navigation'

describe('navigation', () => {
  it('lists the nine modules in the order of UI.md', () => {
    expect(NAV_ITEMS.map((item) => item.path)).toEqual([
      '/',
      '/duty',
      '/resources',
      '/monitoring',
      '/analysis',
      '/command',
      '/review',
      '/knowledge',
      '/admin',
    ])
  })

  it('highlights the module a deep path belongs to', () => {
    expect(activeNavPath('/')).toBe('/')
    expect(activeNavPath('/resources')).toBe('/resources')
    expect(activeNavPath('/resources/teams/3')).toBe('/resources')
    expect(activeNavPath('/administrative')).toBe('/')
    expect(activeNavPath('/nowhere')).toBe('/')
  })
})
