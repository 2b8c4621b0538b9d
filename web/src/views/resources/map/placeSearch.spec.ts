import { describe, expect, it } from 'vitest'
import type { Region } from '@/api/reference'
import { matchRegions } from './placeSearch'

const region = (code: string, name: string, level: Region['level'], parent: string | null): Region => ({
  code,
  name,
  level,
  parent,
  lon: 112.5,
  lat: 37.8,
  area_km2: null,
  population: null,
})
const REGIONS = [
  region('140000', '山西省', 'province', null),
  region('140100', '太原市', 'city', '140000'),
  region('140105', '小店区', 'county', '140100'),
  region('140106', '迎泽区', 'county', '140100'),
  region('140400', '长治市', 'city', '140000'),
  region('140403', '潞州区', 'county', '140400'),
  region('140121', '清徐县', 'county', '140100'),
  region('140700', '晋中市', 'city', '140000'),
  region('140702', '榆次区', 'county', '140700'),
  region('140781', '介休市', 'county', '140700'),
]

describe('place search', () => {
  it('finds counties and cities by part of the name, the exact and leading matches first', () => {
    expect(matchRegions(REGIONS, '小店', null).map((r) => r.code)).toEqual(['140105'])
    expect(matchRegions(REGIONS, '太原市', null).map((r) => r.code)).toEqual(['140100'])
    // 市: cities before the county-level city 介休市.
    expect(matchRegions(REGIONS, '市', null).map((r) => r.code)).toEqual(['140100', '140400', '140700', '140781'])
    expect(matchRegions(REGIONS, '140106', null).map((r) => r.name)).toEqual(['迎泽区'])
    expect(matchRegions(REGIONS, '  ', null)).toEqual([])
    expect(matchRegions(REGIONS, '区', null, 2)).toHaveLength(2)
  })

  it('stays inside the jurisdiction', () => {
    expect(matchRegions(REGIONS, '区', '140100').map((r) => r.code)).toEqual(['140105', '140106'])
    expect(matchRegions(REGIONS, '榆次', '140100')).toEqual([])
    expect(matchRegions(REGIONS, '榆次', '140000').map((r) => r.code)).toEqual(['140702'])
  })
})
