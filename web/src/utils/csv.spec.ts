import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv'

describe('csv', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('他说"好"')).toBe('"他说""好"""')
    expect(csvCell('x\ny')).toBe('"x\ny"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(['viewer', 'analyst'])).toBe('viewer analyst')
  })

  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('-12.5')).toBe('-12.5')
  })

  it('starts with a BOM and ends rows with CRLF', () => {
    expect(toCsv(['姓名', '手机号'], [['张三', '13800000001']])).toBe('\uFEFF姓名,手机号\r\n张三,13800000001\r\n')
  })
})
