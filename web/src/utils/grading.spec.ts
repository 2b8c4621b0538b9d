import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '@/locales'
import type { LevelBasis } from '@/api/incidents'
import { levelBasisText } from './grading'
import { amountText, unitText } from './units'

const TABLE = '生产安全事故报告和调查处理条例 第三条'
const basis: LevelBasis = {
  level: 'III',
  table_id: 'accident-2007',
  table_name: TABLE,
  reached: [
    { field: 'deaths_and_missing', label: '死亡(含失踪)', unit: '人', value: 3, bound: 3 },
    { field: 'direct_loss_yuan', label: '直接经济损失', unit: '元', value: 12000000, bound: 10000000 },
  ],
}

afterEach(() => setLocale('zh-CN'))

describe('the level rule in the UI language', () => {
  it('reads as the regulation in Chinese', () => {
    setLocale('zh-CN')
    expect(levelBasisText(basis)).toBe(`死亡(含失踪) 3人 ≥ 3人；直接经济损失 1200万元 ≥ 1000万元：较大(III)；依据 ${TABLE}`)
    expect(levelBasisText({ ...basis, level: 'IV', reached: [] })).toBe(`未达到较大及以上标准：一般(IV)；依据 ${TABLE}`)
    expect(levelBasisText({ ...basis, level: 'IV', table_name: '', reached: [] })).toContain('带班领导')
  })

  it('has no Chinese but the cited regulation in English', () => {
    setLocale('en')
    const text = levelBasisText(basis)
    expect(text).toBe(
      `Deaths (incl. missing) 3 people ≥ 3 people; Direct economic loss 12,000,000 yuan ≥ 10,000,000 yuan: serious (III); under ${TABLE}`,
    )
    expect(text.replace(TABLE, '')).not.toMatch(/[\u4e00-\u9fff]/)
    expect(levelBasisText({ ...basis, level: 'IV', reached: [] }).replace(TABLE, '')).not.toMatch(/[\u4e00-\u9fff]/)
    // Geological disasters name their levels by size.
    expect(levelBasisText({ ...basis, reached: [basis.reached[0]!] }, 'geological')).toContain('medium (III)')
    // A column of a deployment's own table keeps the table's label.
    expect(levelBasisText({ ...basis, reached: [{ field: 'evacuated', label: '转移人数', unit: '人', value: 5, bound: 5 }] })).toContain(
      '转移人数 5 people',
    )
  })

  it('words units: 人 in English is people, unknown units stay', () => {
    setLocale('en')
    expect(unitText('人')).toBe('people')
    expect(unitText('辆')).toBe('vehicles')
    expect(unitText('m²')).toBe('m²')
    expect(amountText(5.5, '级')).toBe('5.5')
    setLocale('zh-CN')
    expect(unitText('人')).toBe('人')
    expect(amountText(5.5, '级')).toBe('5.5级')
  })
})
