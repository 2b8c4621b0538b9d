import { describe, expect, it } from 'vitest'
import type { Alarm } from '@/api/monitoring'
import {
  alarmClosedBy,
  alarmCloseReason,
  alarmEventConcerns,
  alarmRecordQuery,
  alarmRecordState,
  isNewAlarm,
  mergeHeld,
  type AlarmRecordFilters,
} from './alarmRecords'
import { alarmStationPath } from '../themes/themeLogic'

type Ev = Pick<Alarm, 'id' | 'theme' | 'region' | 'closed_at'>
const ev = (over: Partial<Ev> = {}): Ev => ({ id: 'a9', theme: 'mine', region: '140105', closed_at: null, ...over })
const filters = (over: Partial<AlarmRecordFilters> = {}): AlarmRecordFilters => ({ state: 'open', theme: '', region: '140100', ...over })
const none = new Set<string>()

describe('报警记录', () => {
  it('asks the server with the filters, leaving out the empty ones', () => {
    expect(alarmRecordQuery(filters())).toEqual({ state: 'open', theme: undefined, region: '140100' })
    expect(alarmRecordQuery(filters({ state: 'closed', theme: 'flood', region: null }))).toEqual({
      state: 'closed',
      theme: 'flood',
      region: undefined,
    })
    expect(alarmRecordQuery(filters({ state: 'all', region: '' }))).toEqual({ state: 'all', theme: undefined, region: undefined })
  })

  it('names the state: 活动, 已恢复, 已关闭', () => {
    expect(alarmRecordState({ active: true, closed_at: null })).toBe('active')
    expect(alarmRecordState({ active: false, closed_at: null })).toBe('cleared')
    expect(alarmRecordState({ active: false, closed_at: '2026-11-30T09:00:00+08:00' })).toBe('closed')
    // Closed while the condition was still present: closed all the same.
    expect(alarmRecordState({ active: true, closed_at: '2026-11-30T09:00:00+08:00' })).toBe('closed')
  })

  it('reloads for an event of an alarm on the page, whatever it is now', () => {
    const shown = new Set(['a9'])
    expect(alarmEventConcerns(ev({ closed_at: '2026-11-30T09:00:00+08:00' }), filters(), shown)).toBe(true)
    expect(alarmEventConcerns(ev({ theme: 'flood', region: '150000' }), filters({ theme: 'mine' }), shown)).toBe(true)
  })

  it('reloads for other alarms only when they match the filters', () => {
    // open list: a new or changed open alarm may belong on the page; a closed one not shown does not.
    expect(alarmEventConcerns(ev(), filters(), none)).toBe(true)
    expect(alarmEventConcerns(ev({ closed_at: '2026-11-30T09:00:00+08:00' }), filters(), none)).toBe(false)
    // closed list: the other way round.
    expect(alarmEventConcerns(ev({ closed_at: '2026-11-30T09:00:00+08:00' }), filters({ state: 'closed' }), none)).toBe(true)
    expect(alarmEventConcerns(ev(), filters({ state: 'closed' }), none)).toBe(false)
    // all: both.
    expect(alarmEventConcerns(ev(), filters({ state: 'all' }), none)).toBe(true)
    expect(alarmEventConcerns(ev({ closed_at: '2026-11-30T09:00:00+08:00' }), filters({ state: 'all' }), none)).toBe(true)
    // theme and region
    expect(alarmEventConcerns(ev({ theme: 'flood' }), filters({ theme: 'mine' }), none)).toBe(false)
    expect(alarmEventConcerns(ev({ theme: 'mine' }), filters({ theme: 'mine' }), none)).toBe(true)
    expect(alarmEventConcerns(ev({ region: '140200' }), filters(), none)).toBe(false)
    expect(alarmEventConcerns(ev({ region: '140200' }), filters({ region: null }), none)).toBe(true)
  })

  it('words who closed an alarm and why from the codes the server sends, in the UI language', () => {
    const t = (key: string) => `«${key}»`
    const at = '2026-11-30T09:00:00+08:00'
    const bySystem = { closed_at: at, closed_by: '', close_code: 'recovered' as const, close_reason: '' }
    expect(alarmClosedBy(bySystem, t)).toBe('«monitoring.records.closedBySystem»')
    expect(alarmCloseReason(bySystem, t)).toBe('«monitoring.records.closeCodes.recovered»')
    // Seen after it recovered: the person, with the same code.
    const seen = { ...bySystem, closed_by: '小店值班员' }
    expect(alarmClosedBy(seen, t)).toBe('小店值班员')
    expect(alarmCloseReason(seen, t)).toBe('«monitoring.records.closeCodes.recovered»')
    // Closed by hand: the person's own words.
    const manual = { closed_at: at, closed_by: '小店值班员', close_code: 'manual' as const, close_reason: '传感器标校' }
    expect(alarmClosedBy(manual, t)).toBe('小店值班员')
    expect(alarmCloseReason(manual, t)).toBe('传感器标校')
    const open = { closed_at: null, closed_by: '', close_code: null, close_reason: '' }
    expect(alarmClosedBy(open, t)).toBe('')
    expect(alarmCloseReason(open, t)).toBe('')
  })

  it('highlights only alarms raised for the first time and not yet handled', () => {
    expect(isNewAlarm({ count: 1, acknowledged_at: null, closed_at: null })).toBe(true)
    expect(isNewAlarm({ count: 3, acknowledged_at: null, closed_at: null })).toBe(false)
    expect(isNewAlarm({ count: 1, acknowledged_at: '2026-11-30T09:00:00+08:00', closed_at: null })).toBe(false)
    expect(isNewAlarm({ count: 1, acknowledged_at: null, closed_at: '2026-11-30T09:00:00+08:00' })).toBe(false)
  })

  it("opens the theme page of the alarm, its station charting the alarm's own metric", () => {
    expect(alarmStationPath({ theme: 'mine', station_id: '12' })).toBe('/monitoring/mine?station=12')
    expect(alarmStationPath({ theme: 'metallurgy', station_id: '12', metric: 'co' })).toBe('/monitoring/metallurgy?station=12&metric=co')
    expect(alarmStationPath({ theme: 'volcano', station_id: '12' })).toBeNull()
  })

  describe('held order (the pointer over the list, or a row just acted on)', () => {
    type Row = { id: string; version: number; level: string; acknowledged: boolean }
    const row = (id: string, version = 1, over: Partial<Row> = {}): Row => ({ id, version, level: 'yellow', acknowledged: false, ...over })
    const ids = (rows: readonly Row[]) => rows.map((r) => r.id)

    it('keeps every row in its place while the server ranks them anew', () => {
      const shown = [row('a'), row('b'), row('c')]
      // b was acknowledged: the server ranks it after c now.
      const latest = [row('a'), row('c'), row('b', 2, { acknowledged: true })]
      const held = mergeHeld(shown, latest)
      expect(ids(held.rows)).toEqual(['a', 'b', 'c'])
      expect(held.rows[1]).toEqual(row('b', 2, { acknowledged: true }))
      expect(held.added).toBe(0)
      expect(held.gone.size).toBe(0)
      expect(held.stale).toBe(true)
    })

    it('counts new alarms instead of inserting them: n 条新报警', () => {
      const shown = [row('a'), row('b')]
      const latest = [row('x', 1, { level: 'red' }), row('a'), row('y', 1, { level: 'red' }), row('b')]
      const held = mergeHeld(shown, latest)
      expect(ids(held.rows)).toEqual(['a', 'b'])
      expect(held.added).toBe(2)
      expect(held.stale).toBe(true)
    })

    it('holds a row the page no longer has where it was, marked gone', () => {
      const shown = [row('a'), row('b'), row('c')]
      const latest = [row('a'), row('c'), row('d')]
      const held = mergeHeld(shown, latest)
      expect(ids(held.rows)).toEqual(['a', 'b', 'c'])
      expect([...held.gone]).toEqual(['b'])
      expect(held.added).toBe(1)
    })

    it('takes the newest state of a row, heard live or answered by an action', () => {
      const shown = [row('a'), row('b')]
      // The page fetched before the close was answered: the answer is newer than the page.
      const latest = [row('a', 1), row('b', 2, { acknowledged: true })]
      const closed = row('b', 3, { acknowledged: true, level: 'closed' })
      const held = mergeHeld(shown, latest, new Map([['b', closed]]))
      expect(held.rows[1]).toBe(closed)
      // An older answer does not undo a newer page.
      const older = mergeHeld(shown, [row('a'), row('b', 4)], new Map([['b', closed]]))
      expect(older.rows[1]!.version).toBe(4)
    })

    it('has nothing to apply when the page is the same', () => {
      const shown = [row('a'), row('b')]
      const held = mergeHeld(shown, [row('a', 2), row('b')])
      expect(held.stale).toBe(false)
      expect(held.added).toBe(0)
      expect(held.rows[0]!.version).toBe(2)
      expect(mergeHeld([], []).stale).toBe(false)
    })
  })
})
