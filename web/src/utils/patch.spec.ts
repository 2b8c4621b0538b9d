import { describe, expect, it } from 'vitest'
import { changedKeys, patchBody } from './patch'

const original = { id: '1', name: '张三', phone: '13800000001', roles: ['viewer', 'analyst'], org_id: '9', version: 4 }

describe('patchBody', () => {
  it('sends only what changed, with the version the edit started from', () => {
    const current = { name: '张三丰', phone: '13800000001', roles: ['analyst', 'viewer'], org_id: '9' }
    expect(patchBody(original, current, ['name', 'phone', 'roles', 'org_id'])).toEqual({ name: '张三丰', version: 4 })
  })

  it('sends the version alone when nothing changed', () => {
    expect(patchBody(original, { name: '张三' }, ['name'])).toEqual({ version: 4 })
  })

  it('treats a changed list as changed', () => {
    expect(patchBody(original, { roles: ['viewer'] }, ['roles'])).toEqual({ roles: ['viewer'], version: 4 })
  })
})

describe('changedKeys', () => {
  it('treats empty string, null and undefined alike', () => {
    expect(changedKeys({ a: null as string | null, b: '' }, { a: '', b: '' }, ['a', 'b'])).toEqual([])
    expect(changedKeys({ a: null as string | null }, { a: 'x' }, ['a'])).toEqual(['a'])
  })
})
