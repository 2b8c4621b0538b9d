/**
 * Reads the first sheet of an XLSX file in the browser with read-excel-file (its
 * "universal" build: no Web Worker, which the CSP forbids). Imported lazily by the import
 * wizard only, so the library stays out of every other page.
 */
import type { Cell } from './sheet'

export async function readFirstSheet(buffer: ArrayBuffer): Promise<Cell[][]> {
  const { readSheet } = await import('read-excel-file/universal')
  const rows = await readSheet(buffer)
  return rows as unknown as Cell[][]
}
