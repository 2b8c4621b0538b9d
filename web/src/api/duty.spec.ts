import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  acceptHandover,
  addLogEntry,
  authorName,
  createHandover,
  deleteShift,
  dutyNow,
  getDutySettings,
  handoverPreview,
  importShifts,
  listHandovers,
  listLog,
  listShifts,
  saveDutySettings,
  saveShift,
  snapshotPart,
} from './duty'

interface Call {
  url: string
  method: string
  body: unknown
}

/** Records every request and answers `answer` (JSON). */
function recordFetch(answer: unknown = {}, status = 200): Call[] {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body })
      return new Response(status === 204 ? null : JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } })
    }),
  )
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('duty settings and shifts', () => {
  it('reads and writes the shift settings of an organisation', async () => {
    const settings = { org_id: '7', shifts: [{ code: 'day', name: '白班', start: '08:00', end: '20:00' }], version: 2 }
    const calls = recordFetch(settings)
    await expect(getDutySettings('7')).resolves.toEqual(settings)
    await saveDutySettings(settings)
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/duty/settings?org=7', 'PUT /api/v1/duty/settings'])
    expect(calls[1]!.body).toEqual(settings)
  })

  it('lists the shifts of a month', async () => {
    const calls = recordFetch({ items: [{ id: '1' }] })
    await expect(listShifts('7', '2026-11')).resolves.toEqual([{ id: '1' }])
    expect(calls[0]!.url).toBe('/api/v1/duty/shifts?org=7&month=2026-11')
  })

  it('creates a shift without a version and changes one with the version read', async () => {
    const calls = recordFetch({ id: '9' })
    await saveShift({ org_id: '7', date: '2026-11-30', shift: 'day', leader_id: '', officer_ids: ['3', '4'], note: '' })
    await saveShift({ org_id: '7', date: '2026-11-30', shift: 'day', leader_id: '2', officer_ids: [], note: 'x', version: 3 })
    expect(calls[0]).toEqual({
      url: '/api/v1/duty/shifts',
      method: 'PUT',
      body: { org_id: '7', date: '2026-11-30', shift: 'day', leader_id: null, officer_ids: ['3', '4'], note: '' },
    })
    expect(calls[1]!.body).toEqual({ org_id: '7', date: '2026-11-30', shift: 'day', leader_id: '2', officer_ids: [], note: 'x', version: 3 })
  })

  it('deletes a shift', async () => {
    const calls = recordFetch(undefined, 204)
    await deleteShift('12')
    expect(calls[0]).toMatchObject({ url: '/api/v1/duty/shifts/12', method: 'DELETE' })
  })

  it('imports rows as a dry run or for real', async () => {
    const calls = recordFetch({ applied: 2, errors: [] })
    const rows = [{ date: '2026-11-01', shift: 'day', leader: '张伟', officers: '李娜,王强' }]
    await expect(importShifts('7', rows, true)).resolves.toEqual({ applied: 2, errors: [] })
    expect(calls[0]).toEqual({ url: '/api/v1/duty/shifts/import', method: 'POST', body: { org_id: '7', dry_run: true, rows } })
  })

  it('answers refused rows (422 with the result body) as the result', async () => {
    recordFetch({ applied: 0, errors: [{ row: 2, field: 'shift', message: "shift xx is not one of this duty room's shifts" }] }, 422)
    await expect(importShifts('7', [], true)).resolves.toEqual({
      applied: 0,
      errors: [{ row: 2, field: 'shift', message: "shift xx is not one of this duty room's shifts" }],
    })
  })

  it('still fails on other refusals', async () => {
    recordFetch({ error: { code: 'forbidden', message: 'no' } }, 403)
    await expect(importShifts('7', [], true)).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('asks who is on duty now, optionally in a region', async () => {
    const calls = recordFetch({ items: [] })
    await dutyNow()
    await dutyNow('140100')
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/duty/now', '/api/v1/duty/now?region=140100'])
  })
})

describe('duty log', () => {
  it('writes an entry without empty optional fields', async () => {
    const calls = recordFetch({ id: '1' })
    await addLogEntry({ kind: 'call', text: '县消防大队来电' })
    expect(calls[0]).toEqual({ url: '/api/v1/duty/log', method: 'POST', body: { kind: 'call', text: '县消防大队来电' } })
  })

  it('lists with the filters given', async () => {
    const calls = recordFetch({ items: [], total: 0 })
    await listLog({ org: '7', from: '2026-11-01T00:00:00+08:00', to: undefined, limit: 50, offset: 0 })
    const url = new URL(calls[0]!.url, 'http://x')
    expect(url.pathname).toBe('/api/v1/duty/log')
    expect(Object.fromEntries(url.searchParams)).toEqual({ org: '7', from: '2026-11-01T00:00:00+08:00', limit: '50', offset: '0' })
  })

  it('names the author whichever shape the server sends', () => {
    expect(authorName('张伟')).toBe('张伟')
    expect(authorName({ id: '1', name: '李娜' })).toBe('李娜')
    expect(authorName(null)).toBe('')
  })
})

describe('handovers', () => {
  it('previews, hands over, accepts and lists', async () => {
    const calls = recordFetch({ items: [], total: 0 })
    await handoverPreview()
    await createHandover({ notes: '跟进小店区火灾', to_user_id: '5' })
    await acceptHandover('3')
    await listHandovers({ org: '7', limit: 20, offset: 0 })
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/duty/handover/preview',
      'POST /api/v1/duty/handovers',
      'POST /api/v1/duty/handovers/3/accept',
      'GET /api/v1/duty/handovers?org=7&limit=20&offset=0',
    ])
    expect(calls[1]!.body).toEqual({ notes: '跟进小店区火灾', to_user_id: '5' })
    expect(calls[2]!.body).toEqual({})
  })

  it('reads a snapshot part from counts, lists or {count, titles}', () => {
    expect(snapshotPart({ open_incidents: 2 }, 'open_incidents')).toEqual({ count: 2, titles: [] })
    expect(snapshotPart({ open_incidents: ['甲', { title: '乙' }] }, 'open_incidents')).toEqual({ count: 2, titles: ['甲', '乙'] })
    expect(snapshotPart({ pending_reports: { count: 3, titles: ['丙'] } }, 'pending_reports')).toEqual({ count: 3, titles: ['丙'] })
    expect(snapshotPart({ unsigned_faxes: { items: [{ title: '丁' }] } }, 'unsigned_faxes')).toEqual({ count: 1, titles: ['丁'] })
    expect(snapshotPart({}, 'unsigned_faxes')).toEqual({ count: 0, titles: [] })
    expect(snapshotPart(null, 'x')).toEqual({ count: 0, titles: [] })
  })
})
