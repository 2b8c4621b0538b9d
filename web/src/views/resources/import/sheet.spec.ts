import { describe, expect, it } from 'vitest'
import type { ResourceKind } from '@/api/resources'
import kindsFixture from '../testdata/resource-kinds.json'
import { teamExportXlsx } from '../testdata/teamExport'
import { mapHeaders } from '../schema'
import { buildRows, cellText, dateText, fileKind, parseCsv, sheetLine, toSheet } from './sheet'
import { readFirstSheet } from './xlsx'

const KINDS = (kindsFixture as { items: ResourceKind[] }).items
const kind = (key: string) => KINDS.find((k) => k.key === key)!

describe('parseCsv', () => {
  it('reads RFC 4180: quotes, doubled quotes, commas and line breaks in cells, CRLF, a BOM', () => {
    const text = '\uFEFF名称,地址,备注\r\n"太原, 小店","第26街""A""座",\r\n乙,"两\n行",x\n'
    expect(parseCsv(text)).toEqual([
      ['名称', '地址', '备注'],
      ['太原, 小店', '第26街"A"座', ''],
      ['乙', '两\n行', 'x'],
    ])
  })

  it('keeps a last line without a newline and empty cells', () => {
    expect(parseCsv('a,b\n1,')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ])
  })
})

describe('rows for the import request', () => {
  const team = kind('team')

  it('maps columns to keys, keeps numbers of numeric fields, sends everything else as text, skips empty cells and rows', () => {
    const sheet = toSheet([
      ['编号', '名称', '队伍人数(人)', '值班电话', '行政区划代码', '备注', '经度'],
      [12, '甲队', 60, 3517654321, 140105, '无', 112.5],
      [null, '乙队', '45', '', '140106', null, ''],
      [null, null, null, null, null, null, null],
      ['', '  ', '', '', '', '说明', ''],
      [null, '丙队', 7.5, null, null, null, null],
      [null, null, null, null, null, null, null],
    ])
    const mapping = mapHeaders(team, sheet.headers)
    expect(mapping).toEqual(['id', 'name', 'size', 'duty_phone', 'region', null, 'lon'])
    const built = buildRows(team, sheet, mapping)
    expect(built.rows).toEqual([
      { id: '12', name: '甲队', size: 60, duty_phone: '3517654321', region: '140105', lon: 112.5 },
      { name: '乙队', size: '45', region: '140106' },
      { name: '丙队', size: 7.5 },
    ])
    // Sheet lines (header = 1) for the report; blank rows are not sent but keep their lines.
    expect(built.lines).toEqual([2, 3, 6])
    expect(sheetLine(built.lines, 3)).toBe(6)
    expect(sheetLine(built.lines, 9)).toBe(10)
    expect(sheet.rows).toHaveLength(5) // trailing empty row dropped
  })

  it('writes spreadsheet dates as YYYY-MM-DD', () => {
    const stock = kind('stock_line')
    const sheet = toSheet([
      ['物资名称', '有效期至'],
      ['帐篷', new Date(Date.UTC(2027, 5, 30))],
    ])
    expect(buildRows(stock, sheet, mapHeaders(stock, sheet.headers)).rows).toEqual([{ item: '帐篷', expires_on: '2027-06-30' }])
    expect(dateText(new Date(Date.UTC(2026, 0, 5)))).toBe('2026-01-05')
    expect(cellText(0.1 + 0.2)).toBe('0.3')
  })

  it('tells CSV from XLSX by name or by the zip signature', () => {
    expect(fileKind('队伍.CSV')).toBe('csv')
    expect(fileKind('队伍.xlsx')).toBe('xlsx')
    expect(fileKind('download', new Uint8Array([0x50, 0x4b, 3, 4]))).toBe('xlsx')
    expect(fileKind('队伍.xls')).toBeNull()
  })
})

describe('reading XLSX', () => {
  it('reads the server’s own export (libxlsxwriter) and maps it back to the kind’s fields', async () => {
    const sheet = toSheet(await readFirstSheet(teamExportXlsx()))
    expect(sheet.headers.slice(0, 4)).toEqual(['编号', '名称', '类别', '行政区划代码'])
    const mapping = mapHeaders(kind('team'), sheet.headers)
    expect(mapping.every((k) => k !== null)).toBe(true)
    const { rows } = buildRows(kind('team'), sheet, mapping)
    expect(rows.length).toBe(sheet.rows.length)
    expect(rows.length).toBeGreaterThan(10)
    expect(rows[0]).toMatchObject({ id: '1', name: '小店社会应急救援队', category: '社会应急救援队伍', region: '140105', size: 39 })
    expect(typeof rows[0]!.lon).toBe('number')
  })
})
