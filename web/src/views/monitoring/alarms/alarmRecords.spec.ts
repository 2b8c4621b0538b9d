import { describe, expect, it } from 'vitest'
import type { Alarm } from '@/api/monitoring'
import { alarmEventConcerns, alarmRecordQuery, alarmRecordState, isNewAlarm, type AlarmRecordFilters } from './alarmRecords'
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

  it('highlights only alarms raised for the first time and not yet handled', () => {
    expect(isNewAlarm({ count: 1, acknowledged_at: null, closed_at: null })).toBe(true)
    expect(isNewAlarm({ count: 3, acknowledged_at: null, closed_at: null })).toBe(false)
    expect(isNewAlarm({ count: 1, acknowledged_at: '2026-11-30T09:00:00+08:00', closed_at: null })).toBe(false)
    expect(isNewAlarm({ count: 1, acknowledged_at: null, closed_at: '2026-11-30T09:00:00+08:00' })).toBe(false)
  })

  it('opens the theme page of the alarm', () => {
    expect(alarmStationPath({ theme: 'mine', station_id: '12' })).toBe('/monitoring/mine?station=12')
    expect(alarmStationPath({ theme: 'volcano', station_id: '12' })).toBeNull()
  })
})
