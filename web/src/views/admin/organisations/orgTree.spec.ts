import { describe, expect, it } from 'vitest'
import type { Organisation } from '@/api/organisations'
import type { RegionNode } from '@/utils/regions'
import { buildOrgTree, matchesFilter } from './orgTree'

function org(id: string, name: string, region: string, parent_id: string | null = null): Organisation {
  return {
    id,
    parent_id,
    region,
    region_name: '',
    type: 'emergency_bureau',
    name,
    contact_phone: '',
    duty_phone: '',
    external_id: null,
    status: 'active',
    version: 1,
  }
}

const county = (value: string, label: string): RegionNode => ({ value, label, level: 'county', parent: '140100', children: [] })
const REGIONS: RegionNode[] = [
  {
    value: '140000',
    label: '山西省',
    level: 'province',
    parent: null,
    children: [
      { value: '140100', label: '太原市', level: 'city', parent: '140000', children: [county('140105', '小店区'), county('140106', '迎泽区')] },
    ],
  },
]

describe('buildOrgTree', () => {
  const orgs = [
    org('1', '山西省应急管理厅', '140000'),
    org('2', '太原市应急管理局', '140100', '1'),
    org('3', '小店区应急管理局', '140105', '2'),
    org('4', '太原市消防救援支队', '140100', '2'),
    org('5', '太原市消防救援支队特勤站', '140100', '4'),
  ]

  it('puts organisations under their region, nested by parent within a region', () => {
    const [province] = buildOrgTree(REGIONS, orgs)
    expect(province?.key).toBe('r:140000')
    expect(province?.children.map((n) => n.key)).toEqual(['o:1', 'r:140100'])
    const taiyuan = province!.children[1]!
    // the city bureau is a root in its region (its parent is in the province), then the counties
    expect(taiyuan.children.map((n) => n.key)).toEqual(['o:2', 'r:140105', 'r:140106'])
    const bureau = taiyuan.children[0]!
    expect(bureau.children.map((n) => n.label)).toEqual(['太原市消防救援支队'])
    expect(bureau.children[0]!.children.map((n) => n.key)).toEqual(['o:5'])
    expect(taiyuan.children[1]!.children.map((n) => n.key)).toEqual(['o:3'])
  })

  it('counts organisations below each region', () => {
    const [province] = buildOrgTree(REGIONS, orgs)
    expect(province?.count).toBe(5)
    const taiyuan = province!.children[1]!
    expect(taiyuan.count).toBe(4)
    expect(taiyuan.children.find((n) => n.key === 'r:140106')?.count).toBe(0)
  })

  it('keeps every region even without organisations, and ignores orgs outside the tree', () => {
    const [province] = buildOrgTree(REGIONS, [org('9', '外省单位', '150000')])
    expect(province?.count).toBe(0)
    expect(buildOrgTree([], orgs)).toEqual([])
  })
})

describe('matchesFilter', () => {
  it('matches by name or region code prefix', () => {
    expect(matchesFilter('应急', { label: '太原市应急管理局', region: '140100' })).toBe(true)
    expect(matchesFilter('1401', { label: '太原市', region: '140100' })).toBe(true)
    expect(matchesFilter('大同', { label: '太原市', region: '140100' })).toBe(false)
    expect(matchesFilter('  ', { label: 'x', region: '1' })).toBe(true)
  })
})
