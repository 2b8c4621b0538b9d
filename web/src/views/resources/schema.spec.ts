import { afterEach, describe, expect, it } from 'vitest'
import type { ResourceKind, ResourceRecord } from '@/api/resources'
import { setLocale } from '@/locales'
import kindsFixture from './testdata/resource-kinds.json'
import {
  checkValue,
  createBody,
  displayValue,
  emptyForm,
  formFromRecord,
  formRules,
  formSpecs,
  isIsoDate,
  isResourcePhone,
  listColumns,
  mapHeaders,
  normaliseHeader,
  patchBody,
  templateColumns,
  valueMessage,
  type FieldSpec,
} from './schema'

/** The schema as the real server serves it (GET /api/v1/resource-kinds). */
const KINDS = (kindsFixture as { items: ResourceKind[] }).items
const kind = (key: string) => KINDS.find((k) => k.key === key)!

afterEach(() => setLocale('zh-CN'))

/** A value of the field's type that the server accepts. */
function goodValue(spec: FieldSpec): string {
  switch (spec.input) {
    case 'integer':
      return String(Math.max(spec.min ?? 0, 1))
    case 'number':
      return String(Math.max(spec.min ?? 0, 1.5))
    case 'coordinate':
      return spec.key === 'lon' ? '112.56' : '37.74'
    case 'phone':
      return '0351-1234567'
    case 'date':
      return '2026-11-29'
    case 'url':
      return 'https://video.example.net/live/1.m3u8'
    case 'enum':
    case 'category':
      return spec.options![0]!.code
    case 'region':
      return '140105'
    case 'parent':
      return '7'
    default:
      return '太原市小店区'
  }
}

/** A value of the field's type that the server refuses (null when every text is fine). */
function badValue(spec: FieldSpec): string | null {
  switch (spec.input) {
    case 'integer':
      return '1.5'
    case 'number':
    case 'coordinate':
      return '很多'
    case 'phone':
      return '电话'
    case 'date':
      return '2026-02-30'
    case 'url':
      return 'ftp://video'
    case 'enum':
    case 'category':
      return 'no_such_code'
    case 'text':
      return '字'.repeat(400)
    default:
      return null
  }
}

describe('the form generated from the schema', () => {
  it('covers every kind the server declares', () => {
    expect(KINDS.map((k) => k.key)).toEqual([
      'team',
      'team_member',
      'equipment',
      'depot',
      'stock_line',
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
    ])
  })

  it('has the common fields first, then the kind’s own fields in order, labelled with units', () => {
    const specs = formSpecs(kind('team'), 'zh-CN')
    expect(specs.map((s) => s.key)).toEqual([
      'name',
      'category',
      'region',
      'lon',
      'lat',
      'address',
      'contact_person',
      'contact_phone',
      'data_source',
      'size',
      'leader',
      'leader_phone',
      'duty_phone',
      'vehicles',
      'specialties',
    ])
    expect(specs.find((s) => s.key === 'size')).toMatchObject({ label: '队伍人数（人）', required: true, unit: '人', min: 1, max: 100000 })
    expect(formSpecs(kind('team'), 'en').find((s) => s.key === 'size')?.label).toBe('Members (people)')
  })

  it('asks for coordinates only for located kinds and for a parent only where the kind has one', () => {
    for (const k of KINDS) {
      const specs = formSpecs(k, 'zh-CN')
      expect(specs.find((s) => s.key === 'lon')?.required, k.key).toBe(k.located)
      const parent = specs.find((s) => s.key === 'parent_id')
      if (k.parent_kind) expect(parent?.required, k.key).toBe(k.parent_required)
      else expect(parent, k.key).toBeUndefined()
    }
  })

  it('for every field of every kind: accepts a good value, refuses a bad one with a message naming the field', () => {
    let checked = 0
    for (const k of KINDS) {
      for (const spec of formSpecs(k, 'zh-CN')) {
        expect(valueMessage(spec, goodValue(spec)), `${k.key}.${spec.key} good`).toBeNull()
        const bad = badValue(spec)
        if (bad === null) continue
        const message = valueMessage(spec, bad)
        expect(message, `${k.key}.${spec.key} bad`).not.toBeNull()
        expect(message, `${k.key}.${spec.key}`).toContain(spec.label)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('names the field of every missing required value, and lets optional ones be empty', () => {
    for (const k of KINDS) {
      for (const spec of formSpecs(k, 'zh-CN')) {
        const message = valueMessage(spec, '  ')
        if (!spec.required) {
          expect(message, `${k.key}.${spec.key}`).toBeNull()
          continue
        }
        expect(message, `${k.key}.${spec.key}`).toMatch(new RegExp(`^请(填写|选择)${spec.label.replace(/[()（）]/g, '.')}$`))
      }
    }
  })

  it('checks like the server: ranges, whole numbers, phones, dates, URLs, byte lengths', () => {
    const size = formSpecs(kind('team'), 'zh-CN').find((s) => s.key === 'size')!
    expect(valueMessage(size, '0')).toBe('队伍人数（人）应在 1 到 100000 之间')
    expect(valueMessage(size, '7.5')).toBe('队伍人数（人）应为整数')
    expect(valueMessage(size, 'abc')).toBe('队伍人数（人）应为数字')
    expect(valueMessage(size, ' 60 ')).toBeNull()
    const name = formSpecs(kind('team'), 'zh-CN')[0]!
    expect(valueMessage(name, '字'.repeat(66))).toBeNull() // 198 bytes
    expect(valueMessage(name, '字'.repeat(67))).toBe('名称不能超过 200 字节（约 66 个汉字）')
    expect(isResourcePhone('0351-1234567')).toBe(true)
    expect(isResourcePhone('+86 138 0000 0001')).toBe(true)
    expect(isResourcePhone('(0351)1234567')).toBe(false)
    expect(isResourcePhone('1234')).toBe(false)
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isIsoDate('2027-02-29')).toBe(false)
    const lon = formSpecs(kind('team'), 'zh-CN').find((s) => s.key === 'lon')!
    expect(checkValue(lon, '181')).toEqual({ code: 'range', min: -180, max: 180 })
    const url = formSpecs(kind('camera'), 'zh-CN').find((s) => s.key === 'stream_url')!
    expect(valueMessage(url, 'rtsp://cam/1')).toBe('播放地址(HLS)应以 http:// 或 https:// 开头')
  })

  it('speaks English too', () => {
    setLocale('en')
    const size = formSpecs(kind('team'), 'en').find((s) => s.key === 'size')!
    expect(valueMessage(size, '')).toBe('Members (people) is required')
    expect(valueMessage(size, 'x')).toBe('Members (people) must be a number')
  })

  it('gives Element Plus rules that mark required fields and validate with the same checks', async () => {
    const specs = formSpecs(kind('shelter'), 'zh-CN')
    const rules = formRules(specs)
    expect(rules.capacity?.[0]?.required).toBe(true)
    expect(rules.manager_phone?.[0]?.required).toBe(false)
    const run = (key: string, value: unknown) =>
      new Promise<string | undefined>((resolve) => {
        const rule = rules[key]![0]!
        ;(rule.validator as (r: unknown, v: unknown, cb: (e?: Error) => void) => void)(rule, value, (e) => resolve(e?.message))
      })
    expect(await run('capacity', '')).toBe('请填写容纳人数（人）')
    expect(await run('capacity', '300')).toBeUndefined()
  })

  it('a field the server adds shows up in the form, the columns and the template without a change here', () => {
    const extended: ResourceKind = {
      ...kind('shelter'),
      fields: [
        ...kind('shelter').fields,
        { key: 'toilets', type: 'integer', name: '厕位数', name_en: 'Toilets', required: false, recommended: true, unit: '个', min: 0, max: 10000 },
      ],
    }
    expect(formSpecs(extended, 'zh-CN').at(-1)).toMatchObject({ key: 'toilets', label: '厕位数（个）', input: 'integer' })
    expect(listColumns(extended, 'zh-CN').map((c) => c.key)).toContain('toilets')
    expect(templateColumns(extended).at(-1)).toEqual({ key: 'toilets', header: '厕位数(个)' })
    expect(mapHeaders(extended, ['厕位数(个)'])).toEqual(['toilets'])
  })
})

describe('values between form and request', () => {
  const specs = formSpecs(kind('team'), 'zh-CN')
  const record = {
    id: '7',
    kind: 'team',
    category: 'professional',
    name: '太原市矿山救护队',
    region: '140105',
    lon: 112.56,
    lat: 37.74,
    address: '',
    contact_person: '李四',
    contact_phone: '0351-1234567',
    data_source: '',
    owner_org_id: null,
    parent_id: null,
    size: 60,
    leader: '王五',
    quality: 75,
    verified_at: '2026-11-29T00:00:00Z',
    updated_at: '2026-11-29T00:00:00Z',
    updated_by: 'user:1 张三',
    days_since_verified: 0,
    stale: false,
    version: 3,
  } satisfies ResourceRecord

  it('creates with the kind, typed numbers and no empty fields', () => {
    const form = emptyForm(specs, { name: ' 新队伍 ', category: 'social', region: '140105', lon: '112.5', lat: '37.7', size: '12' })
    expect(createBody(kind('team'), specs, form)).toEqual({
      kind: 'team',
      name: '新队伍',
      category: 'social',
      region: '140105',
      lon: 112.5,
      lat: 37.7,
      size: 12,
    })
  })

  it('changes only what differs, clears with null, and sends the version', () => {
    const form = formFromRecord(specs, record)
    expect(form.size).toBe('60')
    expect(form.vehicles).toBe('')
    form.size = '77'
    form.leader = ''
    form.vehicles = '3'
    expect(patchBody(specs, record, form)).toEqual({ version: 3, size: 77, leader: null, vehicles: 3 })
    expect(patchBody(specs, record, formFromRecord(specs, record))).toEqual({ version: 3 })
  })

  it('shows enum names and units', () => {
    const status = formSpecs(kind('camera'), 'zh-CN').find((s) => s.key === 'status')!
    expect(displayValue(status, 'maintenance', 'zh-CN')).toBe('维修')
    expect(displayValue(status, 'maintenance', 'en')).toBe('Under maintenance')
    const area = formSpecs(kind('depot'), 'zh-CN').find((s) => s.key === 'area_m2')!
    expect(displayValue(area, 12500.5, 'zh-CN')).toBe('12,500.5 m²')
    expect(displayValue(area, undefined, 'zh-CN')).toBe('')
  })
})

describe('list columns', () => {
  it('are the common columns, the required and recommended fields, then quality and verification', () => {
    expect(listColumns(kind('team'), 'zh-CN').map((c) => c.key)).toEqual([
      'name',
      'category',
      'region',
      'size',
      'leader',
      'leader_phone',
      'duty_phone',
      'vehicles',
      'specialties',
      'quality',
      'verified',
      'updated_at',
    ])
    // Optional fields (neither required nor recommended) stay in the drawer only.
    expect(listColumns(kind('stock_line'), 'zh-CN').map((c) => c.key)).not.toContain('expires_on')
    expect(listColumns(kind('camera'), 'zh-CN').map((c) => c.key)).not.toContain('channel')
  })

  it('sort by the server’s keys where the server can', () => {
    const sortable = listColumns(kind('shelter'), 'zh-CN').filter((c) => c.sort)
    expect(sortable.map((c) => c.sort)).toEqual(['name', 'region', 'quality', 'updated_at'])
    for (const k of KINDS) for (const c of listColumns(k, 'zh-CN')) expect(c.width, `${k.key}.${c.key}`).toBeGreaterThanOrEqual(90)
  })
})

describe('import headers', () => {
  it('the template columns match the server’s template', () => {
    // GET /api/v1/resources/template?kind=team: 编号,名称,类别,行政区划代码,经度,纬度,地址,联系人,联系电话,数据来源,队伍人数(人),队长,队长电话,值班电话,车辆数(辆),救援专长
    expect(
      templateColumns(kind('team'))
        .map((c) => c.header)
        .join(','),
    ).toBe('编号,名称,类别,行政区划代码,经度,纬度,地址,联系人,联系电话,数据来源,队伍人数(人),队长,队长电话,值班电话,车辆数(辆),救援专长')
    expect(templateColumns(kind('stock_line')).map((c) => c.header)).toEqual([
      '编号',
      '名称',
      '类别',
      '行政区划代码',
      '地址',
      '联系人',
      '联系电话',
      '数据来源',
      '所属编号',
      '物资名称',
      '数量',
      '单位',
      '有效期至',
    ])
  })

  it('maps Chinese headers (with or without units, full-width brackets), keys and English names', () => {
    expect(normaliseHeader('\uFEFF 队伍人数（人） ')).toBe('队伍人数(人)')
    expect(mapHeaders(kind('team'), ['编号', '名称', '队伍人数（人）', '车辆数', 'leader', 'Duty phone', 'LON', '纬度', '备注', '名称'])).toEqual([
      'id',
      'name',
      'size',
      'vehicles',
      'leader',
      'duty_phone',
      'lon',
      'lat',
      null,
      null,
    ])
    expect(mapHeaders(kind('shelter'), ['有效面积(m²)', '所属编号'])).toEqual(['area_m2', null])
    expect(mapHeaders(kind('equipment'), ['所属编号'])).toEqual(['parent_id'])
  })
})
