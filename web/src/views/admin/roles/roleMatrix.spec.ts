import { describe, expect, it } from 'vitest'
import { permissionKey, roleMatrix } from './roleMatrix'

const roles = [
  { code: 'system_admin', name: '系统管理员', name_en: 'System administrator', permissions: ['orgs.read', 'orgs.write', 'alerts.publish'] },
  { code: 'viewer', name: '只读用户', name_en: 'Viewer', permissions: ['orgs.read'] },
]

describe('roleMatrix', () => {
  it('has a row per known permission, then the unknown ones', () => {
    const rows = roleMatrix(roles)
    expect(rows[0]?.permission).toBe('regions.read')
    expect(rows.at(-1)?.permission).toBe('alerts.publish')
    expect(rows).toHaveLength(25)
  })

  it('marks what each role grants', () => {
    const rows = new Map(roleMatrix(roles).map((r) => [r.permission, r.granted]))
    expect(rows.get('orgs.write')).toEqual({ system_admin: true, viewer: false })
    expect(rows.get('orgs.read')).toEqual({ system_admin: true, viewer: true })
    expect(rows.get('audit.read')).toEqual({ system_admin: false, viewer: false })
  })

  it('names permissions with i18n keys without dots', () => {
    expect(permissionKey('identity.import')).toBe('permissionNames.identity_import')
  })
})
