/**
 * A roster sheet (CSV or the first sheet of an XLSX) as the rows `POST
 * /api/v1/duty/shifts/import` takes: 日期, 班次, 带班领导, 值班员. The header row is
 * recognised by name (Chinese or English); without one the columns are taken in that order.
 * Dates and shifts are checked here first so the user sees the sheet's own line numbers.
 */
import type { RosterImportRow, ShiftDef } from '@/api/duty'
import { cellText, dateText, type Cell } from '@/views/resources/import/sheet'
import { isDate } from './calendar'

export type RosterField = keyof RosterImportRow

export const ROSTER_FIELDS: readonly RosterField[] = ['date', 'shift', 'leader', 'officers']

/** Header names per field, compared without spaces and case. */
const ALIASES: Record<RosterField, string[]> = {
  date: ['日期', '值班日期', '排班日期', 'date', 'day'],
  shift: ['班次', '班别', 'shift'],
  leader: ['带班领导', '带班', '领导', '值班领导', 'leader'],
  officers: ['值班员', '值班人员', '值班干部', '人员', 'officers', 'officer'],
}

export type RowProblem = 'date' | 'shift' | 'people'

export interface RowError {
  /** The sheet's line (the header, when there is one, is line 1). */
  line: number
  field: RosterField
  problem: RowProblem
  /** The cell as read. */
  value: string
}

export interface ParsedRoster {
  rows: RosterImportRow[]
  /** The sheet line of each row. */
  lines: number[]
  errors: RowError[]
  hasHeader: boolean
}

const norm = (text: string) => text.replace(/\s+/g, '').toLowerCase()

/** Which column holds each field, from the header row; null when the row is not a header. */
export function headerColumns(head: readonly Cell[]): Record<RosterField, number> | null {
  const columns = {} as Record<RosterField, number>
  let found = 0
  head.forEach((cell, index) => {
    const text = norm(cellText(cell))
    for (const field of ROSTER_FIELDS) {
      if (columns[field] === undefined && ALIASES[field].some((a) => norm(a) === text)) {
        columns[field] = index
        found++
      }
    }
  })
  if (found === 0) return null
  ROSTER_FIELDS.forEach((field) => {
    if (columns[field] === undefined) columns[field] = -1
  })
  return columns
}

/** Days from 1899-12-30 (spreadsheet serial dates) to a date. */
function serialDate(serial: number): string {
  const ms = Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000
  return dateText(new Date(ms))
}

/** A date cell as `YYYY-MM-DD`: a Date, a spreadsheet serial, `2026-11-01`, `2026/11/1`, `2026.11.1`, `2026年11月1日`. */
export function normaliseDate(cell: Cell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : dateText(cell)
  if (typeof cell === 'number') return cell > 20000 && cell < 80000 ? serialDate(cell) : null
  const text = cellText(cell).trim()
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(text)
  if (!m) return null
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  return isDate(date) ? date : null
}

/** The shift code for a cell holding a shift's code or name; null when none matches. */
export function matchShift(text: string, shifts: readonly ShiftDef[]): string | null {
  const key = norm(text)
  if (!key) return null
  const found = shifts.find((s) => norm(s.code) === key || norm(s.name) === key)
  return found ? found.code : null
}

/** Officers as the server takes them: comma-separated, whatever the sheet used (、，; / spaces). */
export function normaliseOfficers(text: string): string {
  return text
    .split(/[,，、;；/\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',')
}

function isBlank(row: readonly Cell[]): boolean {
  return row.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))
}

/** The rows of a roster sheet and the problems found before asking the server. */
export function parseRoster(table: readonly (readonly Cell[])[], shifts: readonly ShiftDef[]): ParsedRoster {
  const head = table[0] ?? []
  const found = headerColumns(head)
  const columns = found ?? { date: 0, shift: 1, leader: 2, officers: 3 }
  const start = found ? 1 : 0
  const rows: RosterImportRow[] = []
  const lines: number[] = []
  const errors: RowError[] = []
  for (let i = start; i < table.length; i++) {
    const cells = table[i]!
    if (isBlank(cells)) continue
    const line = i + 1
    const at = (field: RosterField): Cell => (columns[field] >= 0 ? cells[columns[field]] : undefined)
    const rawDate = at('date')
    const date = normaliseDate(rawDate)
    if (!date) errors.push({ line, field: 'date', problem: 'date', value: cellText(rawDate) })
    const shiftText = cellText(at('shift')).trim()
    const shift = matchShift(shiftText, shifts)
    if (!shift) errors.push({ line, field: 'shift', problem: 'shift', value: shiftText })
    const leader = cellText(at('leader')).trim()
    const officers = normaliseOfficers(cellText(at('officers')))
    if (!leader && !officers) errors.push({ line, field: 'officers', problem: 'people', value: '' })
    rows.push({ date: date ?? cellText(rawDate).trim(), shift: shift ?? shiftText, leader, officers })
    lines.push(line)
  }
  return { rows, lines, errors, hasHeader: !!found }
}

/** The sheet line of a server error (`row` is the 1-based position in the rows sent). */
export function lineOf(lines: readonly number[], row: number): number {
  return lines[row - 1] ?? row
}

/** A template to fill in: the header and two example rows. */
export function rosterTemplate(headers: Record<RosterField, string>, example: RosterImportRow[]): string[][] {
  return [ROSTER_FIELDS.map((f) => headers[f]), ...example.map((r) => ROSTER_FIELDS.map((f) => r[f]))]
}
