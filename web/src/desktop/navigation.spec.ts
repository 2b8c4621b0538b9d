import { describe, expect, it } from 'vitest'
import { satisfies, type Permission, type Requirement } from '@/utils/permissions'
import { activeNavPath, NAV_ITEMS, visibleNavItems } from './navigation'

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

  it('shows 系统管理 only to users with an administrative permission', () => {
    const as =
      (...perms: Permission[]) =>
      (required: Requirement) =>
        satisfies(perms, required)
    expect(visibleNavItems(as()).map((i) => i.key)).not.toContain('admin')
    expect(visibleNavItems(as()).map((i) => i.key)).toEqual(['knowledge'])
    expect(visibleNavItems(as('audit.read')).map((i) => i.key)).toContain('admin')
    expect(visibleNavItems(as('regions.read')).map((i) => i.key)).not.toContain('admin')
  })

  it('shows each role the modules it may use', () => {
    const as =
      (...perms: Permission[]) =>
      (required: Requirement) =>
        satisfies(perms, required)
    expect(visibleNavItems(as('regions.read', 'orgs.read', 'resources.read', 'resources.write')).map((i) => i.key)).toEqual([
      'resources',
      'knowledge',
      'admin', // the organisations they keep resources for
    ])
    expect(visibleNavItems(as('regions.read', 'alerts.read')).map((i) => i.key)).toEqual(['monitoring', 'knowledge'])
    expect(visibleNavItems(as('incidents.read', 'duty.read', 'alerts.read')).map((i) => i.key)).toEqual([
      'home',
      'duty',
      'monitoring',
      'analysis',
      'command',
      'review',
      'knowledge',
    ])
  })

  it('shows 应急资源 only to users who may read resources', () => {
    const as =
      (...perms: Permission[]) =>
      (required: Requirement) =>
        satisfies(perms, required)
    expect(visibleNavItems(as()).map((i) => i.key)).not.toContain('resources')
    expect(visibleNavItems(as('resources.read')).map((i) => i.key)).toContain('resources')
  })
})
