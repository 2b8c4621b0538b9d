import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import * as api from '@/api/resources'
import type { ResourceKind, ResourceRecord } from '@/api/resources'
import { ApiError } from '@/api/http'
import { useReferenceStore } from '@/stores/reference'
import { useResourceKindsStore } from '@/stores/resourceKinds'
import kindsFixture from '../testdata/resource-kinds.json'
import { useResourceForm } from './useResourceForm'

const KINDS = (kindsFixture as { items: ResourceKind[] }).items
const team = KINDS.find((k) => k.key === 'team')!
const valid = async () => true

function record(patch: Partial<ResourceRecord> = {}): ResourceRecord {
  return {
    id: '7',
    kind: 'team',
    category: 'social',
    name: '小店社会应急救援队',
    region: '140105',
    lon: 112.576133,
    lat: 37.720032,
    address: '小店第26街264号',
    contact_person: '王芳',
    contact_phone: '0351-5454908',
    data_source: '演示数据',
    owner_org_id: null,
    parent_id: null,
    size: 39,
    leader: '吴杰',
    quality: 100,
    verified_at: '2026-11-30T00:00:00Z',
    updated_at: '2026-11-30T00:00:00Z',
    updated_by: 'user:1 张三',
    days_since_verified: 0,
    stale: false,
    version: 1,
    ...patch,
  }
}

beforeEach(() => {
  setActivePinia(createPinia())
  useResourceKindsStore().kinds = KINDS
  useReferenceStore().regions = [
    { code: '140105', name: '小店区', level: 'county', parent: '140100', lon: 112.5, lat: 37.7, area_km2: null, population: null },
    { code: '140106', name: '迎泽区', level: 'county', parent: '140100', lon: 112.6, lat: 37.8, area_km2: null, population: null },
  ]
})

describe('the record form', () => {
  it('sends the changed fields with the version, and closes on success', async () => {
    const update = vi.spyOn(api, 'updateResource').mockResolvedValue(record({ size: 77, version: 2 }))
    const form = useResourceForm(() => team)
    form.openEdit(record())
    form.form.size = '77'
    const saved = await form.save(valid)
    expect(update).toHaveBeenCalledWith('7', { version: 1, size: 77 })
    expect(saved?.version).toBe(2)
    expect(form.visible.value).toBe(false)
  })

  it('puts a refusal under its field in Chinese, keeps every input, and clears the error when the field is edited', async () => {
    vi.spyOn(api, 'updateResource').mockRejectedValue(
      new ApiError({
        status: 400,
        code: 'validation_failed',
        field: 'region',
        message: 'region: the point lies in county 140105, not in region 140106; correct the region or the coordinates',
      }),
    )
    const form = useResourceForm(() => team)
    form.openEdit(record())
    form.form.region = '140106'
    form.form.name = '新名称'
    expect(await form.save(valid)).toBeNull()
    expect(form.errors.region).toBe('坐标位于小店区（140105），不在所填的迎泽区（140106）内；请更正行政区划或坐标')
    expect(form.failure.value).toBe('')
    expect(form.form.name).toBe('新名称')
    expect(form.visible.value).toBe(true)
    form.form.region = '140105'
    await nextTick()
    expect(form.errors.region).toBe('')
  })

  it('after a conflict, reloads the latest version keeping what the user changed', async () => {
    vi.spyOn(api, 'updateResource').mockRejectedValueOnce(new ApiError({ status: 409, code: 'conflict', field: 'version', message: 'changed' }))
    vi.spyOn(api, 'getResource').mockResolvedValue(record({ leader: '李明', size: 40, version: 2 }))
    const form = useResourceForm(() => team)
    form.openEdit(record())
    form.form.size = '77'
    expect(await form.save(valid)).toBeNull()
    expect(form.conflict.value).toBe(true)
    await form.reloadLatest()
    expect(form.conflict.value).toBe(false)
    expect(form.form.size).toBe('77') // mine
    expect(form.form.leader).toBe('李明') // theirs
    expect(form.changedMeanwhile.value).toEqual(['队伍人数（人）', '队长'])
    const update = vi.spyOn(api, 'updateResource').mockResolvedValue(record({ version: 3 }))
    await form.save(valid)
    expect(update).toHaveBeenCalledWith('7', { version: 2, size: 77 })
  })

  it('creates with the kind and the filled fields only', async () => {
    const create = vi.spyOn(api, 'createResource').mockResolvedValue(record({ id: '8' }))
    const form = useResourceForm(() => team)
    form.openCreate({ region: '140105' })
    Object.assign(form.form, { name: '新队伍', category: 'social', lon: '112.5', lat: '37.7', size: '12' })
    await form.save(valid)
    expect(create).toHaveBeenCalledWith({ kind: 'team', name: '新队伍', category: 'social', region: '140105', lon: 112.5, lat: 37.7, size: 12 })
  })
})
