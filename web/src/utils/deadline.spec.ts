import { describe, expect, it } from 'vitest'
import { t } from '@/locales'
import { dueInfo, dueText, formatSpan } from './deadline'
import { levelColour, levelRank, LEVEL_COLOURS } from './levels'

const NOW = Date.parse('2026-11-29T00:00:00Z')
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString()

describe('dueInfo', () => {
  it('has nothing to say without a deadline', () => {
    expect(dueInfo(null, NOW)).toEqual({ state: 'none', seconds: 0 })
    expect(dueInfo('not a time', NOW)).toEqual({ state: 'none', seconds: 0 })
  })

  it('counts down, and is "soon" in the last hour', () => {
    expect(dueInfo(at(90), NOW)).toEqual({ state: 'ok', seconds: 5400 })
    expect(dueInfo(at(60), NOW)).toEqual({ state: 'soon', seconds: 3600 })
    expect(dueInfo(at(0), NOW)).toEqual({ state: 'soon', seconds: 0 })
  })

  it('is late past the deadline, by how much', () => {
    expect(dueInfo(at(-12), NOW)).toEqual({ state: 'late', seconds: 720 })
  })

  it('is done once sent in time, late when sent after the deadline', () => {
    expect(dueInfo(at(-30), NOW, at(-40))).toEqual({ state: 'done', seconds: 0 })
    expect(dueInfo(at(-30), NOW, at(-25))).toEqual({ state: 'late', seconds: 300 })
  })
})

describe('countdown text', () => {
  it('reads as days, hours or minutes', () => {
    expect(formatSpan(2 * 86400 + 3 * 3600 + 5 * 60, t)).toBe('2 天 3 小时 5 分')
    expect(formatSpan(3600 + 5 * 60, t)).toBe('1 小时 05 分')
    expect(formatSpan(12 * 60 + 30, t)).toBe('12 分 30 秒')
    expect(formatSpan(9, t)).toBe('0 分 09 秒')
  })

  it('says what is left or how late', () => {
    expect(dueText({ state: 'soon', seconds: 750 }, t)).toBe('剩余 12 分 30 秒')
    expect(dueText({ state: 'late', seconds: 3900 }, t)).toBe('已超时 1 小时 05 分')
    expect(dueText({ state: 'done', seconds: 0 }, t)).toBe('已按时报送')
    expect(dueText({ state: 'none', seconds: 0 }, t)).toBe('')
  })
})

describe('levels', () => {
  it('have their fixed colours', () => {
    expect(LEVEL_COLOURS).toEqual({ I: '#d9001b', II: '#ff7d00', III: '#f7ba1e', IV: '#1e6fff' })
    expect(levelColour('III')).toBe('#f7ba1e')
    expect(levelColour('V')).toBe('#909399')
  })

  it('sort from the most severe', () => {
    expect(['IV', 'I', undefined, 'III', 'II'].sort((a, b) => levelRank(a) - levelRank(b))).toEqual(['I', 'II', 'III', 'IV', undefined])
  })
})
