import { describe, expect, it } from 'vitest'
import { auditQuery, toRfc3339 } from './auditQuery'

describe('auditQuery', () => {
  it('leaves out empty filters', () => {
    expect(auditQuery({ actor: '', entity_type: ' ', entity_id: '', action: '', range: null })).toEqual({
      actor: undefined,
      entity_type: undefined,
      entity_id: undefined,
      action: undefined,
      from: undefined,
      to: undefined,
    })
  })

  it('reads the picked range as Beijing time and sends it in RFC 3339 UTC', () => {
    // 2026-11-29 00:00 in Beijing is 2026-11-28 16:00 UTC, whatever the browser's zone
    const from = '2026-11-29 00:00:00'
    const to = '2026-11-29 23:59:59'
    expect(auditQuery({ actor: '7', entity_type: 'user', entity_id: '12', action: 'user.update', range: [from, to] })).toEqual({
      actor: '7',
      entity_type: 'user',
      entity_id: '12',
      action: 'user.update',
      from: '2026-11-28T16:00:00Z',
      to: '2026-11-29T15:59:59Z',
    })
  })

  it('drops milliseconds', () => {
    expect(toRfc3339(new Date(Date.UTC(2026, 10, 29, 8, 0, 0, 123)))).toBe('2026-11-29T08:00:00Z')
  })
})
