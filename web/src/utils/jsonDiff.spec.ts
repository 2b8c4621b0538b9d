import { describe, expect, it } from 'vitest'
import { diffJson, showValue } from './jsonDiff'

describe('diffJson', () => {
  it('finds changed, added and removed leaves, changes first', () => {
    const rows = diffJson(
      { name: '张三', status: 'active', org: { id: '9', name: '局' }, roles: ['viewer'], gone: 1 },
      { name: '张三', status: 'disabled', org: { id: '9', name: '新局' }, roles: ['viewer', 'analyst'], added: true },
    )
    const byPath = Object.fromEntries(rows.map((r) => [r.path, r.kind]))
    expect(byPath).toEqual({
      added: 'added',
      gone: 'removed',
      'org.id': 'same',
      'org.name': 'changed',
      name: 'same',
      roles: 'changed',
      status: 'changed',
    })
    expect(rows.slice(0, 5).every((r) => r.kind !== 'same')).toBe(true)
  })

  it('treats a missing side as empty (create and delete)', () => {
    expect(diffJson(null, { name: 'x' })).toEqual([{ path: 'name', before: undefined, after: 'x', kind: 'added' }])
    expect(diffJson({ name: 'x' }, null)).toEqual([{ path: 'name', before: 'x', after: undefined, kind: 'removed' }])
    expect(diffJson(null, null)).toEqual([])
  })

  it('keeps an empty object or null as a leaf', () => {
    expect(diffJson({ a: {} }, { a: null })).toEqual([{ path: 'a', before: {}, after: null, kind: 'changed' }])
  })
})

describe('showValue', () => {
  it('shows strings bare and everything else as JSON', () => {
    expect(showValue('太原')).toBe('太原')
    expect(showValue(['a', 'b'])).toBe('["a","b"]')
    expect(showValue(null)).toBe('null')
    expect(showValue(undefined)).toBe('')
  })
})
