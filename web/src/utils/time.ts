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

/** How far the display zone's wall clock is ahead of UTC at `ms`, in milliseconds. */
function zoneOffsetMs(ms: number): number {
  const p = parts(new Date(ms))
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second))
  return wall - Math.floor(ms / 1000) * 1000
}

/** The display zone's wall clock at `ms`, as date pickers take it: `2026-11-29 08:00:05`. */
export function toWallClock(ms: number): string {
  return formatDateTime(ms, { seconds: true })
}

/**
 * The instant a wall-clock time in the display zone stands for (`2026-11-29 08:00` or with
 * seconds): what a date picker shows is read as Beijing time whatever the browser's zone.
 * NaN when the text is not such a time.
 */
export function fromWallClock(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim())
  if (!m) return Number.NaN
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number]
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  // The offset at the guess; once more at the result, for a zone whose offset changes.
  const first = wall - zoneOffsetMs(wall)
  return wall - zoneOffsetMs(first)
}

/**
 * A Date whose wall clock in the browser's zone reads as the display zone's wall clock at
 * `ms`: for pickers that format Dates by the browser's clock (range shortcuts).
 */
export function pickerDate(ms: number): Date {
  const [date, time] = toWallClock(ms).split(' ') as [string, string]
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number]
  return new Date(y, mo - 1, d, h, mi, s)
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
