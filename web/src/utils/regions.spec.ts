import { describe, expect, it } from 'vitest'
import type { Region } from '@/api/reference'
import { buildRegionTree, flattenTree, isWithin, regionPath, regionPrefix } from './regions'

function region(code: string, name: string, level: Region['level'], parent: string | null): Region {
  return { code, name, level, parent, lon: 112, lat: 37, area_km2: null, population: null }
}

// Out of order on purpose: the server's order must not matter.
const REGIONS: Region[] = [
  region('140171', '山西转型综合改革示范区', 'zone', '140100'),
  region('140105', '小店区', 'county', '140100'),
  region('140000', '山西省', 'province', null),
  region('140200', '大同市', 'city', '140000'),
  region('140181', '古交市', 'county', '140100'),
  region('140100', '太原市', 'city', '140000'),
  region('140106', '迎泽区', 'county', '140100'),
  region('140213', '平城区', 'county', '140200'),
]

describe('buildRegionTree', () => {
  it('nests province → city → county with zones after the counties', () => {
    const tree = buildRegionTree(REGIONS)
    expect(tree).toHaveLength(1)
    const province = tree[0]!
    expect(province.label).toBe('山西省')
    expect(province.children.map((c) => c.value)).toEqual(['140100', '140200'])
    const taiyuan = province.children[0]!
    expect(taiyuan.children.map((c) => c.value)).toEqual(['140105', '140106', '140181', '140171'])
    expect(taiyuan.children.at(-1)?.level).toBe('zone')
    expect(flattenTree(tree)).toHaveLength(REGIONS.length)
  })

  it('limits the tree to a jurisdiction', () => {
    const tree = buildRegionTree(REGIONS, '140100')
    expect(tree.map((n) => n.value)).toEqual(['140100'])
    expect(flattenTree(tree).map((n) => n.value)).not.toContain('140213')
    expect(buildRegionTree(REGIONS, '140213').map((n) => n.value)).toEqual(['140213'])
  })

  it('makes an orphan a root rather than losing it', () => {
    const tree = buildRegionTree([region('140105', '小店区', 'county', '140100')])
    expect(tree.map((n) => n.value)).toEqual(['140105'])
    expect(buildRegionTree([])).toEqual([])
  })
})

describe('jurisdiction by prefix', () => {
  it('derives the prefix', () => {
    expect(regionPrefix('140000')).toBe('14')
    expect(regionPrefix('140100')).toBe('1401')
    expect(regionPrefix('140105')).toBe('140105')
    expect(regionPrefix('140171')).toBe('140171')
  })

  it('covers itself and below only', () => {
    expect(isWithin('140105', '140000')).toBe(true)
    expect(isWithin('140105', '140100')).toBe(true)
    expect(isWithin('140213', '140100')).toBe(false)
    expect(isWithin('140100', '140105')).toBe(false)
    expect(isWithin('140105', null)).toBe(true)
    // 1410xx must not fall under 1401xx
    expect(isWithin('141000', '140100')).toBe(false)
  })
})

describe('regionPath', () => {
  it('names the way down from the province', () => {
    const byCode = new Map(REGIONS.map((r) => [r.code, r]))
    expect(regionPath('140105', byCode)).toEqual(['山西省', '太原市', '小店区'])
    expect(regionPath('999999', byCode)).toEqual([])
  })
})
