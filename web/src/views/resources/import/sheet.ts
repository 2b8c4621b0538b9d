/**
 * The import wizard's spreadsheet handling: CSV parsing (RFC 4180), XLSX cells to text,
 * and the JSON rows sent to `POST /api/v1/resources/import` built from a sheet and the
 * column mapping. Kept free of the XLSX library so it is tested without it.
 */
import type { ResourceKind } from '@/api/resources'

export type Cell = string | number | boolean | Date | null | undefined

export interface Sheet {
  headers: string[]
  /** The rows under the header, as read. */
  rows: Cell[][]
}

/** Parses CSV text (quotes, doubled quotes, CRLF or LF, a BOM) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const input = text.replace(/^\uFEFF/, '')
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let i = 0
  const endCell = () => {
    row.push(cell)
    cell = ''
  }
  const endRow = () => {
    endCell()
    rows.push(row)
    row = []
  }
  while (i < input.length) {
    const ch = input[i]!
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      cell += ch
      i++
      continue
    }
    if (ch === '"' && cell === '') {
      quoted = true
    } else if (ch === ',') {
      endCell()
    } else if (ch === '\r') {
      endRow()
      if (input[i + 1] === '\n') i++
    } else if (ch === '\n') {
      endRow()
    } else {
      cell += ch
    }
    i++
  }
  if (cell !== '' || row.length > 0) endRow()
  return rows
}

function isBlankRow(row: readonly Cell[]): boolean {
  return row.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))
}

/** The header row and the rows below it; trailing empty rows dropped. */
export function toSheet(table: readonly (readonly Cell[])[]): Sheet {
  const [head, ...body] = table
  const rows = body.map((r) => [...r])
  while (rows.length > 0 && isBlankRow(rows[rows.length - 1]!)) rows.pop()
  return { headers: (head ?? []).map((h) => (h === null || h === undefined ? '' : String(h).trim())), rows }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** A date cell as YYYY-MM-DD (spreadsheet dates carry no zone: read as UTC). */
export function dateText(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

/** A cell as shown in the preview. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return ''
  if (cell instanceof Date) return dateText(cell)
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(15)))
  return String(cell)
}

/** Field keys whose values go as numbers when the sheet holds numbers. */
function numericKeys(kind: ResourceKind): Set<string> {
  const keys = new Set(['lon', 'lat'])
  for (const f of kind.fields) if (f.type === 'integer' || f.type === 'number') keys.add(f.key)
  return keys
}

export interface BuiltRows {
  /** The JSON rows, keys from the mapping, empty cells left out (an update keeps them). */
  rows: Record<string, string | number>[]
  /** The sheet line of each row (the header is line 1), for the report. */
  lines: number[]
}

/**
 * The rows to send: each non-empty row as an object of the mapped columns. Numbers stay
 * numbers for numeric fields; everything else goes as text (a phone or region code
 * typed as a number in Excel becomes its digits; ids are strings, as the API asks).
 */
export function buildRows(kind: ResourceKind, sheet: Sheet, mapping: readonly (string | null)[]): BuiltRows {
  const numeric = numericKeys(kind)
  const rows: Record<string, string | number>[] = []
  const lines: number[] = []
  sheet.rows.forEach((cells, index) => {
    if (isBlankRow(cells)) return
    const row: Record<string, string | number> = {}
    mapping.forEach((key, col) => {
      if (!key) return
      const cell = cells[col]
      if (cell === null || cell === undefined) return
      if (typeof cell === 'number' && numeric.has(key)) {
        row[key] = cell
        return
      }
      const text = cellText(cell).trim()
      if (text !== '') row[key] = text
    })
    if (Object.keys(row).length === 0) return
    rows.push(row)
    lines.push(index + 2)
  })
  return { rows, lines }
}

/** The sheet line of a rejection (`row` is the 1-based position in the JSON rows). */
export function sheetLine(lines: readonly number[], row: number): number {
  return lines[row - 1] ?? row + 1
}

export type FileKind = 'csv' | 'xlsx'

/** CSV or XLSX by name, else by the zip signature of XLSX; null for anything else. */
export function fileKind(name: string, head?: Uint8Array): FileKind | null {
  const lower = name.toLowerCase()
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv'
  if (lower.endsWith('.xlsx')) return 'xlsx'
  if (head && head[0] === 0x50 && head[1] === 0x4b) return 'xlsx'
  return null
}
