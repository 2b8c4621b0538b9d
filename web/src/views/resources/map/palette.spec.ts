import { describe, expect, it } from 'vitest'
import { clusterLabel, clusterRadius, clusterSlices, kindColour, POINT_RADIUS } from './palette'

const LEVEL_COLOURS = ['#d9001b', '#ff7d00', '#f7ba1e', '#1e6fff']
const LOCATED = [
  'team',
  'depot',
  'expert',
  'info_officer',
  'station',
  'camera',
  'shelter',
  'protection_target',
  'hazard_point',
  'enterprise',
  'gas_station',
  'water_facility',
  'major_hazard',
]

describe('cluster sizing', () => {
  it('grows with the count, in steps per order of magnitude, within bounds', () => {
    expect(clusterRadius(1)).toBe(POINT_RADIUS)
    expect(clusterRadius(2)).toBe(16)
    expect(clusterRadius(10)).toBe(20)
    expect(clusterRadius(100)).toBe(26)
    expect(clusterRadius(1000)).toBe(32)
    expect(clusterRadius(1_000_000)).toBe(34)
    let last = 0
    for (const n of [2, 3, 5, 9, 10, 50, 99, 100, 500, 5000, 50_000]) {
      const r = clusterRadius(n)
      expect(r, String(n)).toBeGreaterThanOrEqual(last)
      expect(r).toBeGreaterThan(POINT_RADIUS)
      last = r
    }
  })

  it('writes big counts short', () => {
    expect(clusterLabel(7)).toBe('7')
    expect(clusterLabel(999)).toBe('999')
    expect(clusterLabel(1000)).toBe('1k')
    expect(clusterLabel(1234)).toBe('1.2k')
    expect(clusterLabel(23_456)).toBe('23k')
  })

  it('draws a ring of kind shares that closes the circle, largest first', () => {
    const slices = clusterSlices({ team: 1, shelter: 3, depot: 0 })
    expect(slices.map((s) => s.kind)).toEqual(['shelter', 'team'])
    expect(slices[0]!.start).toBeCloseTo(-Math.PI / 2)
    expect(slices[0]!.end - slices[0]!.start).toBeCloseTo((3 / 4) * 2 * Math.PI)
    expect(slices.at(-1)!.end).toBeCloseTo(1.5 * Math.PI)
    expect(clusterSlices({})).toEqual([])
  })
})

describe('kind colours', () => {
  it('are distinct for the located kinds and never a warning-level colour', () => {
    const colours = LOCATED.map(kindColour)
    expect(new Set(colours).size).toBe(LOCATED.length)
    for (const c of colours) expect(LEVEL_COLOURS).not.toContain(c.toLowerCase())
  })

  it('are stable for kinds the server adds later', () => {
    expect(kindColour('drone_base')).toBe(kindColour('drone_base'))
    expect(kindColour('drone_base')).toMatch(/^#[0-9a-f]{6}$/)
  })
})
