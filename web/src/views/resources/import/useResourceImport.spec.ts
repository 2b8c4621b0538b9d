import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import * as api from '@/api/resources'
import type { ResourceKind } from '@/api/resources'
import { useReferenceStore } from '@/stores/reference'
import { useResourceKindsStore } from '@/stores/resourceKinds'
import kindsFixture from '../testdata/resource-kinds.json'
import { useResourceImport } from './useResourceImport'

const KINDS = (kindsFixture as { items: ResourceKind[] }).items

function csvFile(text: string, name = 'shelters.csv'): File {
  return new File([new TextEncoder().encode(text)], name, { type: 'text/csv' })
}

beforeEach(() => {
  setActivePinia(createPinia())
  useResourceKindsStore().kinds = KINDS
  useReferenceStore().regions = [
    { code: '140105', name: '小店区', level: 'county', parent: '140100', lon: 112.5, lat: 37.7, area_km2: null, population: null },
  ]
})

describe('the import wizard', () => {
  it('reads a CSV, maps its headers, dry-runs the mapped rows and reports the bad one by sheet line', async () => {
    const post = vi.spyOn(api, 'importResources').mockResolvedValue({
      applied: false,
      created: 1,
      updated: 0,
      existing: 0,
      existing_rows: [],
      rejected: [{ row: 2, field: 'capacity', reason: 'capacity: must be a number' }],
    })
    const wizard = useResourceImport('shelter')
    const csv = '名称,类别,行政区划代码,容纳人数（人）,有效面积(m²),备注\n甲,广场类,140105,100,500,x\n\n乙,广场类,140105,很多,500,\n'
    expect(await wizard.choose(csvFile(csv))).toBeNull()
    expect(wizard.mapping.value).toEqual(['name', 'category', 'region', 'capacity', 'area_m2', null])
    expect(wizard.built.value.lines).toEqual([2, 4])
    expect(wizard.missingRequired.value).toEqual(['经度', '纬度'])
    expect(wizard.step.value).toBe(1)

    expect(await wizard.dryRun()).toBe(true)
    expect(post).toHaveBeenCalledWith(
      'shelter',
      [
        { name: '甲', category: '广场类', region: '140105', capacity: '100', area_m2: '500' },
        { name: '乙', category: '广场类', region: '140105', capacity: '很多', area_m2: '500' },
      ],
      { dryRun: true, partial: false },
    )
    expect(wizard.rejectedRows.value).toEqual([{ line: 4, field: '容纳人数（人）', reason: '容纳人数（人）应为数字' }])
    expect(wizard.blocked.value).toBe(true)
    expect(wizard.canApply.value).toBe(false)

    // Partial import invalidates the dry run; a new one allows applying.
    wizard.partial.value = true
    await nextTick()
    expect(wizard.report.value).toBeNull()
    await wizard.dryRun()
    expect(wizard.canApply.value).toBe(true)
    post.mockResolvedValue({
      applied: true,
      created: 1,
      updated: 0,
      existing: 0,
      existing_rows: [],
      rejected: [{ row: 2, field: 'capacity', reason: 'capacity: must be a number' }],
    })
    await wizard.apply()
    expect(post).toHaveBeenLastCalledWith('shelter', expect.any(Array), { dryRun: false, partial: true })
    expect(wizard.step.value).toBe(3)
  })

  it('reports the rows already there by sheet line, and offers no import once it ran or when nothing is new', async () => {
    const post = vi.spyOn(api, 'importResources').mockResolvedValue({
      applied: false,
      created: 1,
      updated: 0,
      existing: 0,
      existing_rows: [],
      rejected: [],
    })
    const wizard = useResourceImport('shelter')
    const csv =
      '名称,类别,行政区划代码,经度,纬度,容纳人数(人),有效面积(m²)\n\n甲,广场类,140105,112.5,37.7,100,500\n乙,广场类,140105,112.5,37.7,100,500\n'
    expect(await wizard.choose(csvFile(csv))).toBeNull()
    await wizard.dryRun()
    expect(wizard.canApply.value).toBe(true)
    post.mockResolvedValue({ applied: true, created: 1, updated: 0, existing: 0, existing_rows: [], rejected: [] })
    await wizard.apply()
    expect(wizard.reportKind.value).toBe('applied')
    expect(wizard.canApply.value).toBe(false)

    // The same file again: both rows are there; nothing to import.
    post.mockResolvedValue({
      applied: false,
      created: 0,
      updated: 0,
      existing: 2,
      existing_rows: [
        { row: 1, id: '7' },
        { row: 2, id: '8' },
      ],
      rejected: [],
    })
    await wizard.dryRun()
    expect(wizard.existingRows.value).toEqual([
      { line: 3, id: '7' },
      { line: 4, id: '8' },
    ])
    expect(wizard.wouldChange.value).toBe(false)
    expect(wizard.canApply.value).toBe(false)
  })

  it('lets a column be mapped by hand, one column per field', async () => {
    const wizard = useResourceImport('shelter')
    await wizard.choose(csvFile('场所名称,人数\n甲,100\n'))
    expect(wizard.mapping.value).toEqual([null, null])
    wizard.setMapping(0, 'name')
    wizard.setMapping(1, 'capacity')
    wizard.setMapping(0, 'capacity')
    expect(wizard.mapping.value).toEqual(['capacity', null])
  })

  it('refuses files it cannot read', async () => {
    const wizard = useResourceImport('team')
    expect(await wizard.choose(new File(['x'], '队伍.xls'))).toBe('unsupported')
    expect(await wizard.choose(csvFile('名称\n'))).toBe('empty')
    expect(wizard.sheet.value).toBeNull()
  })
})
