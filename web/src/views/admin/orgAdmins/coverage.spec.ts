import { describe, expect, it } from 'vitest'
import type { Coverage } from '@/api/orgAdmins'
import { coverageRows, missingCount } from './coverage'

const items: Coverage[] = [
  { region: '140105', region_name: '小店区', level: 'county', admins: 0 },
  { region: '140000', region_name: '山西省', level: 'province', admins: 2 },
  { region: '140100', region_name: '太原市', level: 'city', admins: 1 },
  { region: '140106', region_name: '迎泽区', level: 'county', admins: 3 },
  { region: '140200', region_name: '大同市', level: 'city', admins: 0 },
]
const parents = new Map<string, { parent: string | null }>([
  ['140000', { parent: null }],
  ['140100', { parent: '140000' }],
  ['140200', { parent: '140000' }],
  ['140105', { parent: '140100' }],
  ['140106', { parent: '140100' }],
])

describe('coverageRows', () => {
  it('nests regions and counts the uncovered ones below each', () => {
    const [province] = coverageRows(items, parents, false)
    expect(province?.region).toBe('140000')
    expect(province?.children?.map((c) => c.region)).toEqual(['140100', '140200'])
    expect(province?.missingBelow).toBe(2)
    expect(province?.children?.[0]?.missingBelow).toBe(1)
  })

  it('lists only the regions without administrators, flat', () => {
    const rows = coverageRows(items, parents, true)
    expect(rows.map((r) => r.region)).toEqual(['140105', '140200'])
    expect(rows.every((r) => !r.children)).toBe(true)
  })

  it('counts the uncovered regions', () => {
    expect(missingCount(items)).toBe(2)
  })
})
