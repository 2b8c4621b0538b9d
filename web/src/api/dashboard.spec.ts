import { afterEach, describe, expect, it, vi } from 'vitest'
import { getDashboard, normaliseDashboard } from './dashboard'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('dashboard', () => {
  it('asks for the region given (or the jurisdiction) and fills what is missing', async () => {
    const urls: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        urls.push(String(input))
        return new Response(JSON.stringify({ today: { total: 3, by_level: { I: 1 } }, unsigned_faxes: 2 }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        })
      }),
    )
    const d = await getDashboard('140100')
    await getDashboard(null)
    expect(urls).toEqual(['/api/v1/dashboard?region=140100', '/api/v1/dashboard'])
    expect(d.today).toEqual({ total: 3, by_level: { I: 1, II: 0, III: 0, IV: 0 }, by_type: [], by_region: [] })
    expect(d.month.total).toBe(0)
    expect(d.unsigned_faxes).toBe(2)
    expect(d.on_duty).toEqual([])
    expect(d.reports_overdue).toEqual([])
  })

  it('keeps a full answer as it is', () => {
    const counts = { total: 1, by_level: { I: 0, II: 0, III: 1, IV: 0 }, by_type: [{ type: 'A07', name: '火灾事故', count: 1 }], by_region: [] }
    const full = {
      today: counts,
      month: counts,
      active_incidents: [],
      on_duty: [],
      reports_due: [],
      reports_overdue: [],
      unsigned_faxes: 0,
      warnings: [],
    }
    expect(normaliseDashboard(full)).toEqual(full)
    expect(normaliseDashboard(null).today.total).toBe(0)
  })

  it('keeps 待办 as the server counted it, only the kinds it sent', () => {
    expect(normaliseDashboard({ todo: { approve: 2, sign: 0, alarms: 154 } }).todo).toEqual({ approve: 2, sign: 0, alarms: 154 })
    expect(normaliseDashboard({ todo: { sign: 1 } }).todo).toEqual({ sign: 1 })
    expect(normaliseDashboard({ todo: { sign: 'x' } as never }).todo).toEqual({})
    expect('todo' in normaliseDashboard({ unsigned_faxes: 1 })).toBe(false)
  })

  it('keeps the alarms part only when the answer has it, filling what it leaves out', () => {
    expect('alarms' in normaliseDashboard({ unsigned_faxes: 1 })).toBe(false)
    const d = normaliseDashboard({ alarms: { stations: 351, reporting: 294, open_alarms: 3, by_level: { red: 1, yellow: 2 } } as never })
    expect(d.alarms).toEqual({
      stations: 351,
      reporting: 294,
      open_alarms: 3,
      unacknowledged: 0,
      by_level: { red: 1, orange: 0, yellow: 2, blue: 0 },
      top: [],
    })
    const full = {
      stations: 2,
      reporting: 1,
      open_alarms: 1,
      unacknowledged: 1,
      by_level: { red: 0, orange: 1, yellow: 0, blue: 0 },
      top: [{ id: '9', station_name: '壶关矿山监测站3', theme: 'mine', level: 'orange' }],
    }
    expect(normaliseDashboard({ alarms: full as never }).alarms).toEqual(full)
  })
})
