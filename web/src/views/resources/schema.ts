/**
 * Everything the resource pages generate from the server's schema
 * (`GET /api/v1/resource-kinds`): the form's inputs and their checks, the list's columns,
 * how a value is shown, the request body, and the import template's headers. A field the
 * server adds to a kind shows up in all of them without a change here.
 *
 * The checks mirror the server's (server/src/resources/model.cpp): texts are limited in
 * UTF-8 bytes, phones are 5–20 characters of digits, `+`, `-` and spaces with at least 5
 * digits, numbers may be typed as text, dates are YYYY-MM-DD, URLs start with http(s)://.
 */
import type { FormItemRule } from 'element-plus'
import type { ResourceField, ResourceInput, ResourceKind, ResourceOption, ResourceRecord } from '@/api/resources'
import { t } from '@/locales'
import { unitText } from '@/utils/units'

export type SchemaLocale = 'zh-CN' | 'en'

/** How an input is drawn and checked. */
export type InputKind = 'text' | 'integer' | 'number' | 'phone' | 'enum' | 'date' | 'url' | 'category' | 'region' | 'parent' | 'coordinate'

/** One input of the record form: a common field or one of the kind's own. */
export interface FieldSpec {
  key: string
  input: InputKind
  label: string
  required: boolean
  /** Counts towards quality (shown as a hint, and as a list column). */
  recommended: boolean
  common: boolean
  unit?: string | undefined
  options?: ResourceOption[] | undefined
  min?: number | undefined
  max?: number | undefined
  /** Longest value in UTF-8 bytes (the server's limit). */
  maxBytes?: number | undefined
}

/** The common fields every record has, in form order (before the kind's own fields). */
export const COMMON_KEYS = [
  'name',
  'category',
  'region',
  'lon',
  'lat',
  'address',
  'contact_person',
  'contact_phone',
  'data_source',
  'parent_id',
] as const

export type CommonKey = (typeof COMMON_KEYS)[number]

/** The label of a common field (`res.fields.<key>`). */
export function commonLabel(key: string): string {
  return t(`res.fields.${key}`)
}

export function localName(item: { name: string; name_en: string }, locale: SchemaLocale): string {
  return locale === 'en' ? item.name_en || item.name : item.name
}

/** A field's label with its unit: 队伍人数（人）/ Members (people). */
export function fieldLabelWithUnit(field: ResourceField, locale: SchemaLocale): string {
  const name = localName(field, locale)
  const unit = unitText(field.unit, locale)
  if (!unit) return name
  return locale === 'en' ? `${name} (${unit})` : `${name}（${unit}）`
}

/** The inputs of a kind's form: the common fields, then the kind's own fields in order. */
export function formSpecs(kind: ResourceKind, locale: SchemaLocale): FieldSpec[] {
  const common: FieldSpec[] = [
    { key: 'name', input: 'text', label: commonLabel('name'), required: true, recommended: false, common: true, maxBytes: 200 },
    {
      key: 'category',
      input: 'category',
      label: commonLabel('category'),
      required: true,
      recommended: false,
      common: true,
      options: kind.categories,
    },
    { key: 'region', input: 'region', label: commonLabel('region'), required: true, recommended: false, common: true },
    {
      key: 'lon',
      input: 'coordinate',
      label: commonLabel('lon'),
      required: kind.located,
      recommended: false,
      common: true,
      min: -180,
      max: 180,
    },
    {
      key: 'lat',
      input: 'coordinate',
      label: commonLabel('lat'),
      required: kind.located,
      recommended: false,
      common: true,
      min: -90,
      max: 90,
    },
    { key: 'address', input: 'text', label: commonLabel('address'), required: false, recommended: true, common: true, maxBytes: 500 },
    {
      key: 'contact_person',
      input: 'text',
      label: commonLabel('contact_person'),
      required: false,
      recommended: true,
      common: true,
      maxBytes: 200,
    },
    { key: 'contact_phone', input: 'phone', label: commonLabel('contact_phone'), required: false, recommended: true, common: true },
    { key: 'data_source', input: 'text', label: commonLabel('data_source'), required: false, recommended: false, common: true, maxBytes: 200 },
  ]
  if (kind.parent_kind) {
    common.push({
      key: 'parent_id',
      input: 'parent',
      label: commonLabel('parent_id'),
      required: kind.parent_required,
      recommended: false,
      common: true,
    })
  }
  const own = kind.fields.map<FieldSpec>((field) => ({
    key: field.key,
    input: field.type,
    label: fieldLabelWithUnit(field, locale),
    required: field.required,
    recommended: field.recommended,
    common: false,
    unit: unitText(field.unit, locale) || undefined,
    options: field.options,
    min: field.min,
    max: field.max,
    maxBytes: field.type === 'date' ? 10 : field.type === 'phone' ? undefined : 1000,
  }))
  return [...common, ...own]
}

// ---------------------------------------------------------------------------------------
// Checks

export type Problem =
  | { code: 'required' }
  | { code: 'select' }
  | { code: 'integer' }
  | { code: 'number' }
  | { code: 'range'; min: number; max: number }
  | { code: 'phone' }
  | { code: 'date' }
  | { code: 'url' }
  | { code: 'tooLong'; max: number }
  | { code: 'option' }

const INTEGER = /^[+-]?\d+$/
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length
}

/** A phone number as the server accepts it: 5–20 characters of digits, + - and spaces, at least 5 digits. */
export function isResourcePhone(value: string): boolean {
  if (value.length < 5 || value.length > 20) return false
  if (!/^[0-9+\- ]+$/.test(value)) return false
  return (value.match(/\d/g)?.length ?? 0) >= 5
}

export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

function formatBound(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)))
}

/** What is wrong with a value as typed (surrounding spaces ignored), or null. */
export function checkValue(spec: FieldSpec, raw: unknown): Problem | null {
  const value = raw === null || raw === undefined ? '' : String(raw).trim()
  if (value === '') {
    if (!spec.required) return null
    return ['category', 'enum', 'region', 'parent', 'date'].includes(spec.input) ? { code: 'select' } : { code: 'required' }
  }
  switch (spec.input) {
    case 'integer':
    case 'number':
    case 'coordinate': {
      if (spec.input === 'integer' && !INTEGER.test(value)) return NUMBER.test(value) ? { code: 'integer' } : { code: 'number' }
      if (!NUMBER.test(value)) return { code: 'number' }
      const n = Number(value)
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        return { code: 'range', min: spec.min ?? -Infinity, max: spec.max ?? Infinity }
      }
      return null
    }
    case 'phone':
      return isResourcePhone(value) ? null : { code: 'phone' }
    case 'date':
      return isIsoDate(value) ? null : { code: 'date' }
    case 'url':
      if (!/^https?:\/\/\S+$/i.test(value)) return { code: 'url' }
      break
    case 'enum':
    case 'category':
      if (spec.options && !spec.options.some((o) => o.code === value)) return { code: 'option' }
      return null
    default:
      break
  }
  if (spec.maxBytes !== undefined && utf8Length(value) > spec.maxBytes) return { code: 'tooLong', max: spec.maxBytes }
  return null
}

/** The message for a problem, naming the field. */
export function problemMessage(label: string, problem: Problem): string {
  switch (problem.code) {
    case 'required':
      return t('validation.required', { field: label })
    case 'select':
      return t('validation.select', { field: label })
    case 'range':
      return t('res.check.range', { field: label, min: formatBound(problem.min), max: formatBound(problem.max) })
    case 'tooLong':
      return t('res.check.tooLong', { field: label, max: problem.max, chars: Math.floor(problem.max / 3) })
    default:
      return t(`res.check.${problem.code}`, { field: label })
  }
}

/** The message for a value, or null when it is fine. */
export function valueMessage(spec: FieldSpec, value: unknown): string | null {
  const problem = checkValue(spec, value)
  return problem ? problemMessage(spec.label, problem) : null
}

/** Element Plus rules: checked as the user types and on leaving the field. */
export function formRules(specs: readonly FieldSpec[]): Record<string, FormItemRule[]> {
  const out: Record<string, FormItemRule[]> = {}
  for (const spec of specs) {
    out[spec.key] = [
      {
        // `required` only draws the asterisk: the validator below does every check.
        required: spec.required,
        trigger: ['change', 'blur'],
        validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
          const message = valueMessage(spec, value)
          callback(message ? new Error(message) : undefined)
        },
      },
    ]
  }
  return out
}

// ---------------------------------------------------------------------------------------
// Form values and request bodies. The form holds every value as text (what was typed).

export type FormValues = Record<string, string>

export function emptyForm(specs: readonly FieldSpec[], initial: Partial<FormValues> = {}): FormValues {
  const form: FormValues = {}
  for (const spec of specs) form[spec.key] = initial[spec.key] ?? ''
  return form
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return ''
  return String(value)
}

export function formFromRecord(specs: readonly FieldSpec[], record: ResourceRecord): FormValues {
  const form: FormValues = {}
  for (const spec of specs) form[spec.key] = asText(record[spec.key])
  return form
}

const NUMERIC: readonly InputKind[] = ['integer', 'number', 'coordinate']

/** A typed value for the request: numbers as numbers, empty as null. */
export function inputValue(spec: FieldSpec, text: string): string | number | null {
  const value = text.trim()
  if (value === '') return null
  if (NUMERIC.includes(spec.input) && NUMBER.test(value)) return Number(value)
  return value
}

/** The body of a create: every filled field (empty ones left out). */
export function createBody(kind: ResourceKind, specs: readonly FieldSpec[], form: FormValues): ResourceInput {
  const body: ResourceInput = { kind: kind.key }
  for (const spec of specs) {
    const value = inputValue(spec, form[spec.key] ?? '')
    if (value !== null) body[spec.key] = value
  }
  return body
}

/** The body of a change: the fields that differ from the record (null clears), and the version. */
export function patchBody(
  specs: readonly FieldSpec[],
  record: ResourceRecord,
  form: FormValues,
  version: number = record.version,
): ResourceInput & { version: number } {
  const before = formFromRecord(specs, record)
  const body: ResourceInput & { version: number } = { version }
  for (const spec of specs) {
    const now = (form[spec.key] ?? '').trim()
    if (now === (before[spec.key] ?? '').trim()) continue
    body[spec.key] = inputValue(spec, now)
  }
  return body
}

// ---------------------------------------------------------------------------------------
// Showing values

/** The option's name in the current language, or the code when unknown. */
export function optionName(options: readonly ResourceOption[] | undefined, code: unknown, locale: SchemaLocale): string {
  const text = asText(code)
  const option = options?.find((o) => o.code === text)
  return option ? localName(option, locale) : text
}

/** How a field's value reads in a table or the drawer: enum names, numbers with units. */
export function displayValue(spec: Pick<FieldSpec, 'input' | 'options' | 'unit'>, value: unknown, locale: SchemaLocale): string {
  if (value === null || value === undefined || value === '') return ''
  if (spec.input === 'enum' || spec.input === 'category') return optionName(spec.options, value, locale)
  if ((spec.input === 'integer' || spec.input === 'number') && typeof value === 'number') {
    const text = value.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 6 })
    return spec.unit ? `${text} ${spec.unit}` : text
  }
  if (spec.input === 'coordinate' && typeof value === 'number') return value.toFixed(6)
  return asText(value)
}

// ---------------------------------------------------------------------------------------
// List columns

export interface ColumnSpec {
  key: string
  label: string
  /** Field spec for showing the value; absent for the derived columns. */
  spec?: FieldSpec | undefined
  /** The server's sort key, for a sortable column. */
  sort?: 'name' | 'region' | 'quality' | 'updated_at' | 'id' | undefined
  width: number
  align?: 'left' | 'right' | 'center' | undefined
}

function columnWidth(spec: FieldSpec): number {
  const labelWidth = [...spec.label].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) <= 0xff ? 7.5 : 14), 0) + 28
  const base: Record<InputKind, number> = {
    text: 130,
    integer: 90,
    number: 100,
    phone: 120,
    enum: 90,
    date: 100,
    url: 180,
    category: 140,
    region: 110,
    parent: 110,
    coordinate: 100,
  }
  return Math.round(Math.max(base[spec.input], Math.min(labelWidth, 200)))
}

/**
 * The list's columns for a kind: name, category, region, the kind's required and
 * recommended fields, then quality, verification and the last change.
 */
export function listColumns(kind: ResourceKind, locale: SchemaLocale): ColumnSpec[] {
  const specs = formSpecs(kind, locale)
  const byKey = new Map(specs.map((s) => [s.key, s]))
  const head: ColumnSpec[] = [
    { key: 'name', label: commonLabel('name'), spec: byKey.get('name'), sort: 'name', width: 220 },
    { key: 'category', label: commonLabel('category'), spec: byKey.get('category'), width: 150 },
    { key: 'region', label: commonLabel('region'), spec: byKey.get('region'), sort: 'region', width: 110 },
  ]
  const own = specs
    .filter((s) => !s.common && (s.required || s.recommended))
    .map<ColumnSpec>((s) => ({
      key: s.key,
      label: s.label,
      spec: s,
      width: columnWidth(s),
      align: s.input === 'integer' || s.input === 'number' ? 'right' : undefined,
    }))
  const tail: ColumnSpec[] = [
    { key: 'quality', label: t('res.list.quality'), sort: 'quality', width: 110 },
    { key: 'verified', label: t('res.list.verified'), width: 110 },
    { key: 'updated_at', label: t('res.list.updatedAt'), sort: 'updated_at', width: 140 },
  ]
  return [...head, ...own, ...tail]
}

// ---------------------------------------------------------------------------------------
// Import: the template's headers and mapping a sheet's headers to field keys

/** The template's Chinese headers of the common columns (ResourceColumns in the API). */
const COMMON_HEADERS: Record<string, string> = {
  id: '编号',
  name: '名称',
  category: '类别',
  region: '行政区划代码',
  lon: '经度',
  lat: '纬度',
  address: '地址',
  contact_person: '联系人',
  contact_phone: '联系电话',
  data_source: '数据来源',
  parent_id: '所属编号',
}

/** English aliases a sheet may use for the common columns. */
const COMMON_ALIASES: Record<string, string[]> = {
  id: ['id', 'no.', 'no'],
  name: ['name'],
  category: ['category'],
  region: ['region', 'region code', '行政区划', '区划代码'],
  lon: ['lon', 'lng', 'longitude'],
  lat: ['lat', 'latitude'],
  address: ['address'],
  contact_person: ['contact_person', 'contact person', 'contact'],
  contact_phone: ['contact_phone', 'contact phone', 'phone number'],
  data_source: ['data_source', 'data source', 'source'],
  parent_id: ['parent_id', 'parent', 'parent id'],
}

export interface TemplateColumn {
  key: string
  header: string
}

/** The columns of a kind's template in order: 编号, 名称, …, then 队伍人数(人) and the like. */
export function templateColumns(kind: ResourceKind): TemplateColumn[] {
  const keys = ['id', 'name', 'category', 'region']
  if (kind.located) keys.push('lon', 'lat')
  keys.push('address', 'contact_person', 'contact_phone', 'data_source')
  if (kind.parent_kind) keys.push('parent_id')
  const common = keys.map((key) => ({ key, header: COMMON_HEADERS[key] ?? key }))
  const own = kind.fields.map((f) => ({ key: f.key, header: f.unit ? `${f.name}(${f.unit})` : f.name }))
  return [...common, ...own]
}

/** Header text made comparable: no BOM or outer spaces, ASCII parentheses, lower case, single spaces. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)\s*/g, ')')
    .trim()
    .toLowerCase()
}

/** Every spelling a header may take, normalised, mapped to its field key. */
export function headerIndex(kind: ResourceKind): Map<string, string> {
  const index = new Map<string, string>()
  const add = (text: string, key: string) => {
    const norm = normaliseHeader(text)
    if (norm && !index.has(norm)) index.set(norm, key)
  }
  for (const col of templateColumns(kind)) add(col.header, col.key)
  for (const field of kind.fields) {
    add(field.key, field.key)
    add(field.name, field.key)
    add(field.name_en, field.key)
    if (field.unit) add(`${field.name_en}(${field.unit})`, field.key)
  }
  for (const [key, aliases] of Object.entries(COMMON_ALIASES)) {
    if (key === 'parent_id' && !kind.parent_kind) continue
    for (const alias of aliases) add(alias, key)
  }
  return index
}

/** The field key of each header (null: not a field of the kind, left out of the import). */
export function mapHeaders(kind: ResourceKind, headers: readonly string[]): (string | null)[] {
  const index = headerIndex(kind)
  const seen = new Set<string>()
  return headers.map((header) => {
    const key = index.get(normaliseHeader(String(header ?? ''))) ?? null
    if (key === null || seen.has(key)) return null
    seen.add(key)
    return key
  })
}
