import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, splitDuration } from './time'

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
