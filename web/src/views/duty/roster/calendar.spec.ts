import { describe, expect, it } from 'vitest'
import type { DutyShift, ShiftDef } from '@/api/duty'
import {
  addDays,
  addMonths,
  daySlots,
  endsNextDay,
  isCurrent,
  isDate,
  monthInShanghai,
  monthWeeks,
  presetShifts,
  settingsProblem,
  shiftMinutes,
  shiftRange,
  shiftsByDate,
  shiftWindow,
  todayInShanghai,
  uncoveredMinutes,
} from './calendar'

const DAY_NIGHT: ShiftDef[] = [
  { code: 'day', name: '白班', start: '08:00', end: '20:00' },
  { code: 'night', name: '夜班', start: '20:00', end: '08:00' },
]

function shift(date: string, code: string, extra: Partial<DutyShift> = {}): DutyShift {
  return {
    id: `${date}-${code}`,
    org_id: '7',
    date,
    shift: code,
    shift_name: code,
    starts_at: '',
    ends_at: '',
    leader: null,
    officers: [],
    note: '',
    version: 1,
    ...extra,
  }
}

describe('month building', () => {
  it('lays November 2026 out in Monday-first weeks', () => {
    const weeks = monthWeeks('2026-11', '2026-11-29')
    // 2026-11-01 is a Sunday: the first week starts on Monday 26 October.
    expect(weeks[0]![0]!.date).toBe('2026-10-26')
    expect(weeks[0]![6]).toMatchObject({ date: '2026-11-01', inMonth: true, weekday: 6, isWeekend: true })
    expect(weeks.at(-1)!.at(-1)!.date).toBe('2026-12-06')
    expect(weeks).toHaveLength(6)
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(30)
    expect(
      weeks
        .flat()
        .filter((d) => d.isToday)
        .map((d) => d.date),
    ).toEqual(['2026-11-29'])
    expect(weeks.every((w) => w.length === 7)).toBe(true)
  })

  it('needs only four weeks for a February that starts on a Monday', () => {
    const weeks = monthWeeks('2027-02')
    expect(weeks).toHaveLength(4)
    expect(weeks[0]![0]!.date).toBe('2027-02-01')
    expect(weeks[3]![6]!.date).toBe('2027-02-28')
  })

  it('handles leap years and steps across years', () => {
    expect(
      monthWeeks('2028-02')
        .flat()
        .filter((d) => d.inMonth),
    ).toHaveLength(29)
    expect(addMonths('2026-12', 1)).toBe('2027-01')
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(isDate('2026-02-30')).toBe(false)
    expect(isDate('2026-02-28')).toBe(true)
  })

  it('takes today and the month in Asia/Shanghai, not UTC', () => {
    // 2026-11-30 17:30 UTC is 2026-12-01 01:30 in Shanghai.
    const at = Date.UTC(2026, 10, 30, 17, 30)
    expect(todayInShanghai(at)).toBe('2026-12-01')
    expect(monthInShanghai(at)).toBe('2026-12')
  })
})

describe('shift times', () => {
  it('computes a day shift on the same day and a night shift into the next', () => {
    expect(shiftWindow('2026-11-30', DAY_NIGHT[0]!)).toEqual({ startsAt: '2026-11-30T08:00:00+08:00', endsAt: '2026-11-30T20:00:00+08:00' })
    expect(shiftWindow('2026-11-30', DAY_NIGHT[1]!)).toEqual({ startsAt: '2026-11-30T20:00:00+08:00', endsAt: '2026-12-01T08:00:00+08:00' })
    expect(shiftWindow('2026-12-31', { start: '08:00', end: '08:00' }).endsAt).toBe('2027-01-01T08:00:00+08:00')
  })

  it('measures shifts, 24 hours when start and end are equal', () => {
    expect(shiftMinutes(DAY_NIGHT[0]!)).toBe(720)
    expect(shiftMinutes(DAY_NIGHT[1]!)).toBe(720)
    expect(shiftMinutes({ start: '08:00', end: '08:00' })).toBe(1440)
    expect(endsNextDay({ start: '08:30', end: '17:30' })).toBe(false)
    expect(shiftRange(DAY_NIGHT[1]!, '次日')).toBe('20:00–次日08:00')
    expect(shiftRange(DAY_NIGHT[0]!, '次日')).toBe('08:00–20:00')
  })

  it('tells whether a shift is under way', () => {
    const s = { starts_at: '2026-11-30T12:00:00Z', ends_at: '2026-12-01T00:00:00Z' }
    expect(isCurrent(s, Date.parse('2026-11-30T12:00:00Z'))).toBe(true)
    expect(isCurrent(s, Date.parse('2026-12-01T00:00:00Z'))).toBe(false)
    expect(isCurrent({ starts_at: '', ends_at: '' }, 0)).toBe(false)
  })
})

describe('shift settings', () => {
  it('accepts the presets', () => {
    const names = { day: '白班', night: '夜班', full: '24小时' }
    expect(settingsProblem(presetShifts('dayNight', names))).toBeNull()
    expect(settingsProblem(presetShifts('fullDay', names))).toBeNull()
    expect(uncoveredMinutes(presetShifts('dayNight', names))).toBe(0)
  })

  it('finds the first problem', () => {
    expect(settingsProblem([])).toEqual({ kind: 'none' })
    expect(settingsProblem([{ code: '白 班', name: '白班', start: '08:00', end: '20:00' }])).toEqual({ kind: 'code', index: 0 })
    expect(settingsProblem([DAY_NIGHT[0]!, { ...DAY_NIGHT[1]!, code: 'day' }])).toEqual({ kind: 'duplicate', index: 1 })
    expect(settingsProblem([{ ...DAY_NIGHT[0]!, name: ' ' }])).toEqual({ kind: 'name', index: 0 })
    expect(settingsProblem([{ ...DAY_NIGHT[0]!, end: '24:00' }])).toEqual({ kind: 'time', index: 0 })
    expect(settingsProblem([DAY_NIGHT[0]!, { code: 'n', name: '夜', start: '19:00', end: '08:00' }])).toEqual({ kind: 'overlap', index: 1, other: 0 })
    expect(settingsProblem([DAY_NIGHT[0]!, { code: 'f', name: '全', start: '20:00', end: '20:00' }])).toEqual({ kind: 'overlap', index: 1, other: 0 })
  })

  it('counts the gap between shifts', () => {
    expect(uncoveredMinutes([{ code: 'a', name: 'a', start: '08:00', end: '17:30' }])).toBe(1440 - 570)
  })
})

describe('day slots', () => {
  it('lists every shift of the settings, filled or not, then shifts no longer in the settings', () => {
    const byDate = shiftsByDate([shift('2026-11-30', 'night'), shift('2026-11-30', 'old', { shift_name: '旧班' }), shift('2026-12-01', 'day')])
    const slots = daySlots(DAY_NIGHT, byDate.get('2026-11-30'))
    expect(slots.map((s) => [s.code, s.name, !!s.shift])).toEqual([
      ['day', '白班', false],
      ['night', '夜班', true],
      ['old', '旧班', true],
    ])
    expect(daySlots(DAY_NIGHT, undefined).every((s) => s.shift === null)).toBe(true)
  })
})
