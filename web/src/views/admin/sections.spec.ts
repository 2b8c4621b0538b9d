import { describe, expect, it } from 'vitest'
import { satisfies, type Permission, type Requirement } from '@/utils/permissions'
import { ADMIN_SECTIONS, firstSectionPath } from './sections'
import { visibleOf } from '@/utils/sections'

const as =
  (...perms: Permission[]) =>
  (required: Requirement) =>
    satisfies(perms, required)

describe('admin sections', () => {
  it('has the eight sub-pages with unique paths', () => {
    expect(ADMIN_SECTIONS).toHaveLength(8)
    expect(new Set(ADMIN_SECTIONS.map((s) => s.path)).size).toBe(8)
  })

  it('shows each user only what their permissions allow; sessions to everyone', () => {
    expect(visibleOf(ADMIN_SECTIONS, as()).map((s) => s.key)).toEqual(['sessions'])
    expect(visibleOf(ADMIN_SECTIONS, as('users.read')).map((s) => s.key)).toEqual(['users', 'roles', 'sessions'])
    expect(visibleOf(ADMIN_SECTIONS, as('audit.read', 'tokens.manage')).map((s) => s.key)).toEqual(['tokens', 'audit', 'sessions'])
  })

  it('opens /admin on the first page the user may see', () => {
    expect(firstSectionPath(as('orgs.read', 'users.read'))).toBe('/admin/organisations')
    expect(firstSectionPath(as('audit.read'))).toBe('/admin/audit')
    expect(firstSectionPath(as())).toBe('/admin/sessions')
  })
})
