/**
 * The roster's calendar arithmetic: months as weeks of days (Monday first), the times a
 * shift covers in Asia/Shanghai, and checks of an organisation's shift settings. Dates are
 * `YYYY-MM-DD` strings, months `YYYY-MM`; calendar steps are done in UTC so the browser's
 * own time zone never shifts a day.
 */
import type { DutyShift, ShiftDef } from '@/api/duty'
import { formatDate } from '@/utils/time'
import { shiftLabel } from '@/utils/shifts'

export interface CalendarDay {
  date: string
  day: number
  /** Part of the month shown (else a day of the month before or after, to fill the week). */
  inMonth: boolean
  /** 0 = Monday … 6 = Sunday. */
  weekday: number
  isToday: boolean
  isWeekend: boolean
}

const pad = (n: number) => String(n).padStart(2, '0')

function parseDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1))
}

function dateString(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
}

export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  return dateString(parseDate(value)) === value
}

/** `date` plus `days` (negative for earlier). */
export function addDays(date: string, days: number): string {
  const d = parseDate(date)
  d.setUTCDate(d.getUTCDate() + days)
  return dateString(d)
}

/** The month `delta` months from `month`. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number)
  const d = new Date(Date.UTC(y!, m! - 1 + delta, 1))
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`
}

/** Today in Asia/Shanghai. */
export function todayInShanghai(now: number | Date = Date.now()): string {
  return formatDate(now)
}

/** This month in Asia/Shanghai. */
export function monthInShanghai(now: number | Date = Date.now()): string {
  return todayInShanghai(now).slice(0, 7)
}

/**
 * The weeks shown for `month`: Monday to Sunday, from the week holding the 1st to the week
 * holding the last day (4 to 6 weeks).
 */
export function monthWeeks(month: string, today = ''): CalendarDay[][] {
  const first = `${month}-01`
  const firstWeekday = (parseDate(first).getUTCDay() + 6) % 7
  const last = addDays(`${addMonths(month, 1)}-01`, -1)
  const lastWeekday = (parseDate(last).getUTCDay() + 6) % 7
  const start = addDays(first, -firstWeekday)
  const end = addDays(last, 6 - lastWeekday)
  const weeks: CalendarDay[][] = []
  let date = start
  let week: CalendarDay[] = []
  while (date <= end) {
    const weekday = week.length
    week.push({
      date,
      day: Number(date.slice(8)),
      inMonth: date.startsWith(month),
      weekday,
      isToday: date === today,
      isWeekend: weekday >= 5,
    })
    if (week.length === 7) {
      weeks.push(week)
      week = []
    }
    date = addDays(date, 1)
  }
  return weeks
}

/** `HH:MM` from 00:00 to 23:59. */
export function isTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value)
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number)
  return h! * 60 + m!
}

/** How long a shift lasts in minutes: an end not after the start is on the next day (24 h when equal). */
export function shiftMinutes(def: Pick<ShiftDef, 'start' | 'end'>): number {
  const start = minutesOf(def.start)
  const end = minutesOf(def.end)
  return end > start ? end - start : end + 1440 - start
}

/** Whether the shift ends on the day after it starts. */
export function endsNextDay(def: Pick<ShiftDef, 'start' | 'end'>): boolean {
  return minutesOf(def.end) <= minutesOf(def.start)
}

/** When the shift of `date` starts and ends, as RFC 3339 times in Asia/Shanghai (+08:00). */
export function shiftWindow(date: string, def: Pick<ShiftDef, 'start' | 'end'>): { startsAt: string; endsAt: string } {
  const endDate = endsNextDay(def) ? addDays(date, 1) : date
  return { startsAt: `${date}T${def.start}:00+08:00`, endsAt: `${endDate}T${def.end}:00+08:00` }
}

/** `08:00–20:00`, `20:00–次日08:00` (with the next-day word given). */
export function shiftRange(def: Pick<ShiftDef, 'start' | 'end'>, nextDay: string): string {
  return `${def.start}–${endsNextDay(def) ? nextDay : ''}${def.end}`
}

/** Whether `now` (epoch ms) lies inside the shift. */
export function isCurrent(shift: Pick<DutyShift, 'starts_at' | 'ends_at'>, now: number): boolean {
  const start = Date.parse(shift.starts_at)
  const end = Date.parse(shift.ends_at)
  return !Number.isNaN(start) && !Number.isNaN(end) && start <= now && now < end
}

export type SettingsProblem =
  | { kind: 'none' }
  | { kind: 'code'; index: number }
  | { kind: 'duplicate'; index: number }
  | { kind: 'name'; index: number }
  | { kind: 'time'; index: number }
  | { kind: 'overlap'; index: number; other: number }

/**
 * The first problem of a set of shifts, or null: at least one shift; each with a code
 * (letters, digits, `_`, `-`), a unique code, a name and valid times; no two overlapping
 * within the 24 hours they repeat over (so together at most 24 hours).
 */
export function settingsProblem(shifts: readonly ShiftDef[]): SettingsProblem | null {
  if (shifts.length === 0) return { kind: 'none' }
  const seen = new Set<string>()
  for (const [index, s] of shifts.entries()) {
    const code = s.code.trim()
    if (!/^[A-Za-z0-9_-]{1,20}$/.test(code)) return { kind: 'code', index }
    if (seen.has(code)) return { kind: 'duplicate', index }
    seen.add(code)
    if (!s.name.trim()) return { kind: 'name', index }
    if (!isTime(s.start) || !isTime(s.end)) return { kind: 'time', index }
  }
  // Minutes of the day each shift covers (a night shift wraps past midnight).
  const cover = new Array<number>(1440).fill(-1)
  for (const [index, s] of shifts.entries()) {
    const start = minutesOf(s.start)
    for (let i = 0; i < shiftMinutes(s); i++) {
      const minute = (start + i) % 1440
      const other = cover[minute]!
      if (other >= 0) return { kind: 'overlap', index, other }
      cover[minute] = index
    }
  }
  return null
}

/** Minutes of the day no shift covers (a gap in the roster). */
export function uncoveredMinutes(shifts: readonly ShiftDef[]): number {
  const cover = new Array<boolean>(1440).fill(false)
  for (const s of shifts) {
    if (!isTime(s.start) || !isTime(s.end)) continue
    const start = minutesOf(s.start)
    for (let i = 0; i < shiftMinutes(s); i++) cover[(start + i) % 1440] = true
  }
  return cover.filter((c) => !c).length
}

/** The roster as `date → shift code → shift`. */
export function shiftsByDate(items: readonly DutyShift[]): Map<string, Map<string, DutyShift>> {
  const out = new Map<string, Map<string, DutyShift>>()
  for (const item of items) {
    let day = out.get(item.date)
    if (!day) {
      day = new Map()
      out.set(item.date, day)
    }
    day.set(item.shift, item)
  }
  return out
}

export interface DaySlot {
  code: string
  name: string
  def: ShiftDef | null
  shift: DutyShift | null
}

/**
 * The slots of one day: every shift of the settings (filled or not) in their order, then
 * any shift on the roster whose code the settings no longer have.
 */
export function daySlots(defs: readonly ShiftDef[], day: Map<string, DutyShift> | undefined): DaySlot[] {
  const slots: DaySlot[] = defs.map((def) => ({ code: def.code, name: shiftLabel(def.code, def.name), def, shift: day?.get(def.code) ?? null }))
  if (day) {
    for (const [code, shift] of day) {
      if (!defs.some((d) => d.code === code)) slots.push({ code, name: shiftLabel(code, shift.shift_name), def: null, shift })
    }
  }
  return slots
}

/** The preset shift plans (names in the user's language). */
export function presetShifts(preset: 'dayNight' | 'fullDay', names: { day: string; night: string; full: string }): ShiftDef[] {
  if (preset === 'fullDay') return [{ code: 'full', name: names.full, start: '08:00', end: '08:00' }]
  return [
    { code: 'day', name: names.day, start: '08:00', end: '20:00' },
    { code: 'night', name: names.night, start: '20:00', end: '08:00' },
  ]
}
