import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { Handover } from '@/api/duty'
import type { Fax } from '@/api/faxes'
import { concernsOrg, receivedState } from './fax/useFaxes'
import { waitingFor } from './handover/useHandover'
import { dayRange } from './log/useDutyLog'
import { useDebounced } from './useDebounced'
import { mergePeople } from './useOrgPeople'

afterEach(() => {
  vi.useRealTimers()
})

describe('duty page logic', () => {
  it('turns a range of Shanghai days into from/to times', () => {
    expect(dayRange(['2026-11-01', '2026-11-30'])).toEqual({ from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' })
    expect(dayRange([])).toEqual({})
    expect(dayRange(null)).toEqual({})
  })

  it('finds handovers waiting for me, oldest first', () => {
    const h = (id: string, to: string, accepted: string | null, at: string): Handover => ({
      id,
      org_id: '7',
      from: { id: '1', name: '甲' },
      to: { id: to, name: '乙' },
      notes: '',
      snapshot: {},
      created_at: at,
      accepted_at: accepted,
    })
    const items = [
      h('1', '5', null, '2026-11-29T02:00:00Z'),
      h('2', '5', '2026-11-29T03:00:00Z', '2026-11-29T01:00:00Z'),
      h('3', '6', null, '2026-11-29T01:00:00Z'),
      h('4', '5', null, '2026-11-29T01:00:00Z'),
    ]
    expect(waitingFor(items, '5').map((x) => x.id)).toEqual(['4', '1'])
    expect(waitingFor(items, null)).toEqual([])
  })

  it('tells a received fax’s state for my organisation', () => {
    const r = (org: string, read: boolean, signed: boolean) => ({
      org_id: org,
      org_name: org,
      delivered_at: 'x',
      read_at: read ? 'x' : null,
      signed_at: signed ? 'x' : null,
      signed_by: null,
      reminded_at: null,
    })
    const fax = { recipients: [r('2', true, false), r('3', true, true), r('4', false, false)] } as Pick<Fax, 'recipients'>
    expect(receivedState(fax, '2')).toBe('read')
    expect(receivedState(fax, '3')).toBe('signed')
    expect(receivedState(fax, '4')).toBe('unread')
    expect(receivedState(fax, '9')).toBe('unread')
  })

  it('follows fax events about my organisation only', () => {
    expect(concernsOrg({ id: '1', org_ids: ['2', '3'] }, '3')).toBe(true)
    expect(concernsOrg({ id: '1', org_ids: [2, 4] }, '3')).toBe(false)
    expect(concernsOrg({ id: '1', org_ids: [2] }, '2')).toBe(true)
    expect(concernsOrg({ id: '1' }, '3')).toBe(true)
  })

  it('offers known people the users list lacks, once each', () => {
    const list = [{ id: '1', name: '张伟', phone: '138' }]
    expect(
      mergePeople(list, [
        { id: '1', name: '张伟', phone: '138' },
        { id: '2', name: '李娜', phone: '139' },
        null,
        { id: '2', name: '李娜', phone: '139' },
      ]),
    ).toEqual([
      { id: '1', name: '张伟', phone: '138' },
      { id: '2', name: '李娜', phone: '139' },
    ])
  })

  it('runs a burst of calls once, after the last', () => {
    vi.useFakeTimers()
    const fn = vi.fn()
    const scope = effectScope()
    const call = scope.run(() => useDebounced(fn, 300))!
    call()
    vi.advanceTimersByTime(200)
    call()
    vi.advanceTimersByTime(200)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(100)
    expect(fn).toHaveBeenCalledTimes(1)
    call()
    scope.stop()
    vi.advanceTimersByTime(1000)
    expect(fn).toHaveBeenCalledTimes(1)
  })
})
