/**
 * Times are stored in UTC and shown in Asia/Shanghai, 24-hour, as `2026-11-29 08:00`
 * (UI.md), whatever the browser's own time zone is.
 */

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

type TimeInput = string | number | Date

function toDate(input: TimeInput): Date | null {
  const date = input instanceof Date ? input : new Date(input)
  return Number.isNaN(date.getTime()) ? null : date
}

function parts(date: Date): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of dateTimeFormat.formatToParts(date)) out[part.type] = part.value
  return out
}

/**
 * `2026-11-29 08:00` in Asia/Shanghai; with `seconds`, `2026-11-29 08:00:05`.
 * Accepts an RFC 3339 string, epoch milliseconds or a Date; returns '' for an invalid time.
 */
export function formatDateTime(input: TimeInput, options: { seconds?: boolean } = {}): string {
  const date = toDate(input)
  if (!date) return ''
  const p = parts(date)
  const base = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
  return options.seconds ? `${base}:${p.second}` : base
}

/** `2026-11-29` in Asia/Shanghai; '' for an invalid time. */
export function formatDate(input: TimeInput): string {
  const date = toDate(input)
  if (!date) return ''
  const p = parts(date)
  return `${p.year}-${p.month}-${p.day}`
}

export interface DurationParts {
  days: number
  hours: number
  minutes: number
  seconds: number
}

/** Splits a non-negative number of seconds into days, hours, minutes and seconds. */
export function splitDuration(totalSeconds: number): DurationParts {
  const s = Math.max(0, Math.floor(Number.isFinite(totalSeconds) ? totalSeconds : 0))
  return {
    days: Math.floor(s / 86400),
    hours: Math.floor((s % 86400) / 3600),
    minutes: Math.floor((s % 3600) / 60),
    seconds: s % 60,
  }
}
