import { describe, expect, it } from 'vitest'
import type { ShiftDef } from '@/api/duty'
import { parseCsv } from '@/views/resources/import/sheet'
import { headerColumns, lineOf, matchShift, normaliseDate, normaliseOfficers, parseRoster, rosterTemplate } from './rosterImport'

const SHIFTS: ShiftDef[] = [
  { code: 'day', name: '白班', start: '08:00', end: '20:00' },
  { code: 'night', name: '夜班', start: '20:00', end: '08:00' },
]

describe('roster sheet parsing', () => {
  it('reads a CSV with a Chinese header in any column order', () => {
    const csv = '\uFEFF值班员,日期,班次,带班领导\r\n"李娜、王强",2026-11-01,白班,张伟\r\n孙丽,2026/11/1,night,13800000002\r\n\r\n'
    const parsed = parseRoster(parseCsv(csv), SHIFTS)
    expect(parsed.hasHeader).toBe(true)
    expect(parsed.errors).toEqual([])
    expect(parsed.rows).toEqual([
      { date: '2026-11-01', shift: 'day', leader: '张伟', officers: '李娜,王强' },
      { date: '2026-11-01', shift: 'night', leader: '13800000002', officers: '孙丽' },
    ])
    expect(parsed.lines).toEqual([2, 3])
  })

  it('takes date, shift, leader, officers in that order when there is no header', () => {
    const parsed = parseRoster([['2026-11-02', '夜班', '张伟', '李娜']], SHIFTS)
    expect(parsed.hasHeader).toBe(false)
    expect(parsed.rows).toEqual([{ date: '2026-11-02', shift: 'night', leader: '张伟', officers: '李娜' }])
    expect(parsed.lines).toEqual([1])
  })

  it('reads English headers and XLSX cells (dates, serial numbers)', () => {
    const table = [
      ['Date', 'Shift', 'Leader', 'Officers'],
      [new Date(Date.UTC(2026, 10, 3)), 'day', '张伟', '李娜; 王强'],
      [46329, 'Day', '张伟', '李娜'],
    ]
    const parsed = parseRoster(table, SHIFTS)
    expect(parsed.errors).toEqual([])
    expect(parsed.rows.map((r) => r.date)).toEqual(['2026-11-03', '2026-11-03'])
    expect(parsed.rows[0]!.officers).toBe('李娜,王强')
  })

  it('reports bad dates, unknown shifts and rows without people with their sheet line', () => {
    const csv = '日期,班次,带班领导,值班员\n2026-11-31,白班,张伟,\n2026-11-05,中班,,\n'
    const parsed = parseRoster(parseCsv(csv), SHIFTS)
    expect(parsed.errors).toEqual([
      { line: 2, field: 'date', problem: 'date', value: '2026-11-31' },
      { line: 3, field: 'shift', problem: 'shift', value: '中班' },
      { line: 3, field: 'officers', problem: 'people', value: '' },
    ])
    // The rows still go out as read, so the preview shows them.
    expect(parsed.rows[1]).toEqual({ date: '2026-11-05', shift: '中班', leader: '', officers: '' })
  })

  it('normalises dates, shifts and officers', () => {
    expect(normaliseDate('2026年11月1日')).toBe('2026-11-01')
    expect(normaliseDate('2026.11.01')).toBe('2026-11-01')
    expect(normaliseDate('2026-11-01 08:00')).toBe('2026-11-01')
    expect(normaliseDate('11/01/2026')).toBeNull()
    expect(normaliseDate(3)).toBeNull()
    expect(matchShift(' 白班 ', SHIFTS)).toBe('day')
    expect(matchShift('NIGHT', SHIFTS)).toBe('night')
    expect(matchShift('', SHIFTS)).toBeNull()
    expect(normaliseOfficers(' 李娜，王强 / 孙丽 ')).toBe('李娜,王强,孙丽')
  })

  it('finds header columns, or none', () => {
    expect(headerColumns(['日期', '班次', '带班领导', '值班人员'])).toEqual({ date: 0, shift: 1, leader: 2, officers: 3 })
    expect(headerColumns(['日期', '班次'])).toEqual({ date: 0, shift: 1, leader: -1, officers: -1 })
    expect(headerColumns(['2026-11-01', '白班'])).toBeNull()
  })

  it('maps a server error row to the sheet line', () => {
    expect(lineOf([2, 3, 5], 3)).toBe(5)
    expect(lineOf([2], 4)).toBe(4)
  })

  it('builds a template that reads back without problems', () => {
    const table = rosterTemplate({ date: '日期', shift: '班次', leader: '带班领导', officers: '值班员' }, [
      { date: '2026-11-01', shift: '白班', leader: '张伟', officers: '李娜、王强' },
    ])
    const parsed = parseRoster(table, SHIFTS)
    expect(parsed.errors).toEqual([])
    expect(parsed.rows).toEqual([{ date: '2026-11-01', shift: 'day', leader: '张伟', officers: '李娜,王强' }])
  })
})
