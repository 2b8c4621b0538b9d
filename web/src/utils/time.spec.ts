import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { formatDate, formatDateTime, fromWallClock, pickerDate, splitDuration, toWallClock } from './time'

describe('formatDateTime', () => {
  it('shows a UTC time in Asia/Shanghai (UTC+8), 24-hour', () => {
    expect(formatDateTime('2026-11-29T00:00:00Z')).toBe('2026-11-29 08:00')
    expect(formatDateTime('2026-11-29T13:05:00Z')).toBe('2026-11-29 21:05')
  })

  it('rolls over the date at Shanghai midnight, not UTC midnight', () => {
    expect(formatDateTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30')
    expect(formatDate('2026-12-31T16:30:00Z')).toBe('2027-01-01')
  })

  it('honours an explicit offset in the input', () => {
    expect(formatDateTime('2026-11-29T08:00:00+08:00')).toBe('2026-11-29 08:00')
    expect(formatDateTime('2026-11-29T08:00:00-05:00')).toBe('2026-11-29 21:00')
  })

  it('accepts epoch milliseconds and Date objects', () => {
    const ms = Date.UTC(2026, 10, 29, 0, 0, 0)
    expect(formatDateTime(ms)).toBe('2026-11-29 08:00')
    expect(formatDateTime(new Date(ms))).toBe('2026-11-29 08:00')
  })

  it('adds seconds on request', () => {
    expect(formatDateTime('2026-11-29T00:00:07Z', { seconds: true })).toBe('2026-11-29 08:00:07')
  })

  it('never prints hour 24 at midnight', () => {
    expect(formatDateTime('2026-11-28T16:00:00Z')).toBe('2026-11-29 00:00')
  })

  it('returns an empty string for an invalid time', () => {
    expect(formatDateTime('not a time')).toBe('')
    expect(formatDate(Number.NaN)).toBe('')
  })
})

describe('splitDuration', () => {
  it('splits seconds into days, hours, minutes and seconds', () => {
    expect(splitDuration(0)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 })
    expect(splitDuration(3 * 86400 + 4 * 3600 + 5 * 60 + 6)).toEqual({
      days: 3,
      hours: 4,
      minutes: 5,
      seconds: 6,
    })
  })

  it('clamps negative and non-finite input to zero and drops fractions', () => {
    expect(splitDuration(-5)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 })
    expect(splitDuration(Number.POSITIVE_INFINITY).days).toBe(0)
    expect(splitDuration(59.9).seconds).toBe(59)
  })
})

describe('wall clock in Beijing, whatever the browser zone', () => {
  // A browser in New York (UTC-5): pickers must still read and show Beijing time.
  beforeAll(() => {
    vi.stubEnv('TZ', 'America/New_York')
  })
  afterAll(() => {
    vi.unstubAllEnvs()
  })

  it('reads a picked wall-clock time as Beijing time', () => {
    expect(fromWallClock('2026-11-29 08:00')).toBe(Date.UTC(2026, 10, 29, 0, 0))
    expect(fromWallClock('2026-11-29 08:00:05')).toBe(Date.UTC(2026, 10, 29, 0, 0, 5))
    expect(fromWallClock('2027-01-01 00:30:00')).toBe(Date.UTC(2026, 11, 31, 16, 30))
  })

  it('answers NaN for text that is not a wall-clock time', () => {
    expect(fromWallClock('')).toBeNaN()
    expect(fromWallClock('2026-11-29')).toBeNaN()
    expect(fromWallClock('yesterday 08:00')).toBeNaN()
  })

  it('round-trips through the picker form', () => {
    const ms = Date.UTC(2026, 10, 29, 4, 33, 0)
    expect(toWallClock(ms)).toBe('2026-11-29 12:33:00')
    expect(fromWallClock(toWallClock(ms))).toBe(ms)
  })

  it('hands range pickers Dates that read as the Beijing wall clock', () => {
    expect(new Date(Date.UTC(2026, 10, 29, 4, 33)).getHours()).toBe(23) // the browser's own clock
    const d = pickerDate(Date.UTC(2026, 10, 29, 4, 33, 0))
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2026, 10, 29, 12, 33])
  })
})
