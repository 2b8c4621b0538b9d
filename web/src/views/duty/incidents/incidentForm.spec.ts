import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import type { Incident, IncidentType } from '@/api/incidents'
import {
  checkIncidentField,
  clearDraft,
  emptyIncidentForm,
  fieldRefusal,
  formFromIncident,
  gradingInputsOf,
  hasContent,
  incidentInput,
  incidentPatch,
  loadDraft,
  saveDraft,
  suggestTitle,
  typeMatches,
  typeTree,
  wanToYuan,
  yuanToWan,
  isFireType,
  type DraftStore,
} from './incidentForm'

const TYPES: IncidentType[] = [
  { code: 'N', name: '自然灾害', parent: '', category: 'natural', grading: 'none', inputs: [] },
  { code: 'N01', name: '地震', parent: 'N', category: 'natural', grading: 'earthquake', inputs: ['magnitude', 'dense_population'] },
  { code: 'N02', name: '森林草原火灾', parent: 'N', category: 'natural', grading: 'forest_fire', inputs: ['forest_area_ha', 'grassland_area_ha'] },
  { code: 'A', name: '事故灾难', parent: '', category: 'accident', grading: 'none', inputs: [] },
  { code: 'A08', name: '道路交通事故', parent: 'A', category: 'accident', grading: 'accident', inputs: [] },
  { code: 'X', name: '其他', parent: '', category: 'social', grading: 'none', inputs: [] },
]
const type = (code: string) => TYPES.find((x) => x.code === code)

function memoryStore(): DraftStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) }
}

describe('money', () => {
  it('types 万元 and sends yuan', () => {
    expect(wanToYuan(12.5)).toBe(125000)
    expect(wanToYuan(0.00015)).toBe(2)
    expect(wanToYuan(null)).toBeNull()
    expect(yuanToWan(125000)).toBe(12.5)
    expect(yuanToWan(1)).toBe(0.0001)
    expect(yuanToWan(null)).toBeNull()
  })
})

describe('incidentInput', () => {
  const form = () => ({
    ...emptyIncidentForm(Date.parse('2026-11-29T00:30:00Z'), '140105'),
    type: 'N01',
    title: '  小店区地震 ',
    direct_loss_wan: 3.2,
    magnitude: 4.6,
    dense_population: true,
    forest_area_ha: 12,
    people_to_relocate: 30,
  })

  it('sends only the grading inputs the type asks for, and money in yuan', () => {
    const body = incidentInput(form(), type('N01'))
    expect(body.title).toBe('小店区地震')
    expect(body.occurred_at).toBe('2026-11-29T00:30:00.000Z')
    expect(body.direct_loss_yuan).toBe(32000)
    expect(body.magnitude).toBe(4.6)
    expect(body.dense_population).toBe(true)
    expect(body.forest_area_ha).toBeNull()
    expect(body.people_to_relocate).toBeNull()
    expect(body.potential_loss_yuan).toBeNull()
    expect(body.attachments).toEqual([])
  })

  it('sends the circumstances of a fire to report at once for fire types only', () => {
    const fire = { ...form(), type: 'N02', fire_conditions: ['border' as const, 'settlements' as const] }
    expect(isFireType(type('N02'))).toBe(true)
    expect(isFireType(type('A08'))).toBe(false)
    expect(incidentInput(fire, type('N02')).fire_conditions).toEqual(['border', 'settlements'])
    expect(incidentInput({ ...fire, type: 'A08' }, type('A08')).fire_conditions).toEqual([])
  })

  it('sends lon and lat together or not at all', () => {
    expect(incidentInput({ ...form(), lon: '112.55', lat: '' }, type('N01'))).toMatchObject({ lon: null, lat: null })
    expect(incidentInput({ ...form(), lon: '112.55', lat: '37.86' }, type('N01'))).toMatchObject({ lon: 112.55, lat: 37.86 })
  })

  it('lists what a type grades by', () => {
    expect([...gradingInputsOf(type('N02'))]).toEqual(['forest_area_ha', 'grassland_area_ha'])
    expect(gradingInputsOf(type('A08')).size).toBe(0)
    expect(gradingInputsOf(undefined).size).toBe(0)
  })
})

describe('edit', () => {
  const incident = {
    ...incidentInput({ ...emptyIncidentForm(Date.parse('2026-11-29T00:30:00Z'), '140105'), type: 'A08', title: '车祸', deaths: 1 }, type('A08')),
    id: '9',
    attachments: [],
    version: 4,
  } as unknown as Incident

  it('round-trips an incident through the form without changes', () => {
    expect(incidentPatch(incident, formFromIncident(incident), type('A08'))).toEqual({ version: 4 })
  })

  it('sends the changed fields only', () => {
    const form = { ...formFromIncident(incident), deaths: 3, direct_loss_wan: 1 }
    expect(incidentPatch(incident, form, type('A08'))).toEqual({ version: 4, deaths: 3, direct_loss_yuan: 10000 })
  })
})

describe('type search', () => {
  it('nests types under their category, categories not choosable', () => {
    const tree = typeTree(TYPES)
    expect(tree.map((n) => n.value)).toEqual(['N', 'A', 'X'])
    expect(tree[0]!.disabled).toBe(true)
    expect(tree[0]!.children!.map((n) => n.value)).toEqual(['N01', 'N02'])
    expect(tree[2]!.disabled).toBeUndefined()
  })

  it('matches part of the name or the start of the code', () => {
    expect(typeMatches('交通', { label: '道路交通事故', code: 'A08' })).toBe(true)
    expect(typeMatches('a0', { label: '道路交通事故', code: 'A08' })).toBe(true)
    expect(typeMatches('08', { label: '道路交通事故', code: 'A08' })).toBe(false)
    expect(typeMatches('', { label: '地震', code: 'N01' })).toBe(true)
  })

  it('suggests a title from place and type', () => {
    expect(suggestTitle('小店区', '道路交通事故', ' 龙城大街 ')).toBe('小店区龙城大街 道路交通事故')
    expect(suggestTitle('', '地震', '')).toBe('地震')
  })
})

describe('the draft', () => {
  it('keeps what was typed and gives it back', () => {
    const store = memoryStore()
    const form = { ...emptyIncidentForm(1000, '140105'), type: 'A08', description: '货车侧翻', deaths: 2 }
    saveDraft('u1', form, 5000, store)
    const draft = loadDraft('u1', store)
    expect(draft?.saved_at).toBe(5000)
    expect(draft?.form).toEqual(form)
    clearDraft('u1', store)
    expect(loadDraft('u1', store)).toBeNull()
  })

  it('does not keep an untouched form, and ignores broken or foreign data', () => {
    const store = memoryStore()
    saveDraft('u1', emptyIncidentForm(1000, '140105'), 5000, store)
    expect(store.data.size).toBe(0)
    store.setItem('fenghuo.incidentDraft.u2', '{not json')
    expect(loadDraft('u2', store)).toBeNull()
    store.setItem('fenghuo.incidentDraft.u3', JSON.stringify({ saved_at: 1, form: { deaths: 'many', title: '旧草稿', extra: 1 } }))
    const old = loadDraft('u3', store)!
    expect(old.form.title).toBe('旧草稿')
    expect(old.form.deaths).toBe(0)
    expect('extra' in old.form).toBe(false)
  })

  it('knows when a form has content', () => {
    expect(hasContent(emptyIncidentForm(1, '140105'))).toBe(false)
    expect(hasContent({ ...emptyIncidentForm(1, '140105'), drill: true })).toBe(true)
  })
})

describe('checks name the field', () => {
  const form = () => emptyIncidentForm(Date.now(), '')
  it('requires type, time and region', () => {
    expect(checkIncidentField('type', form())).toBe('请选择事件类型')
    expect(checkIncidentField('region', form())).toBe('请选择行政区划')
    expect(checkIncidentField('occurred_at', { ...form(), occurred_at: null })).toBe('请选择发生时间')
    expect(checkIncidentField('occurred_at', { ...form(), occurred_at: Date.now() + 3600_000 })).toBe('发生时间不能晚于当前时间')
  })

  it('checks coordinates as a pair and in range', () => {
    expect(checkIncidentField('lat', { ...form(), lon: '112.5' })).toBe('请同时填写纬度，或将经度、纬度都留空')
    expect(checkIncidentField('lon', { ...form(), lon: '212', lat: '37' })).toBe('经度应在 73 到 136 之间')
    expect(checkIncidentField('lon', { ...form(), lon: '112.5', lat: '37.8' })).toBeNull()
  })

  it('checks the reporter phone', () => {
    expect(checkIncidentField('reporter_phone', { ...form(), reporter_phone: '电话' })).toBe('联系电话格式不正确，请填写固定电话或手机号')
    expect(checkIncidentField('reporter_phone', { ...form(), reporter_phone: '0351-4040123' })).toBeNull()
  })

  it('puts a server refusal under the form field, in 万元 terms', () => {
    const refusal = fieldRefusal(
      new ApiError({ status: 422, code: 'validation_failed', message: 'direct_loss_yuan must not be negative', field: 'direct_loss_yuan' }),
    )
    expect(refusal).toEqual({ field: 'direct_loss_wan', message: '直接经济损失（万元）填写有误，请检查后重试' })
    expect(fieldRefusal(new ApiError({ status: 400, code: 'validation_failed', message: 'type is required', field: 'type' }))).toEqual({
      field: 'type',
      message: '请填写事件类型',
    })
    expect(fieldRefusal(new ApiError({ status: 409, code: 'conflict', message: 'stale', field: 'version' }))).toBeNull()
  })
})
