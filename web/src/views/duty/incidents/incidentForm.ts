/**
 * The incident form (信息接报) apart from its page: the blank form, the request body it
 * makes, the type tree for the quick search, the draft kept in localStorage, and the
 * checks that name the field. Money is typed in 万元 and sent in yuan.
 */
import type { Attachment, FireCondition, GradingInput, Incident, IncidentInput, IncidentType } from '@/api/incidents'
import { GRADING_INPUTS } from '@/api/incidents'
import { isApiError } from '@/api/http'
import { currentLocale, t } from '@/locales'
import { checkContactPhone } from '@/utils/validate'
import { INCIDENT_DRAFT_PREFIX } from '@/utils/drafts'

export interface IncidentForm {
  title: string
  type: string
  /** Epoch milliseconds (the date picker's value). */
  occurred_at: number | null
  region: string
  address: string
  /** Typed as text so a half-typed number is kept; '' when not placed. */
  lon: string
  lat: string
  reporting_unit: string
  reporter_name: string
  reporter_phone: string
  deaths: number
  missing: number
  injured: number
  seriously_injured: number
  trapped: number
  /** 万元. */
  direct_loss_wan: number | null
  forest_area_ha: number | null
  grassland_area_ha: number | null
  magnitude: number | null
  dense_population: boolean
  people_to_relocate: number | null
  /** 万元. */
  potential_loss_wan: number | null
  /** Forest and grassland fires: circumstances that call for a report at once. */
  fire_conditions: FireCondition[]
  description: string
  drill: boolean
  attachments: Attachment[]
}

export const CASUALTY_FIELDS = ['deaths', 'missing', 'injured', 'seriously_injured', 'trapped'] as const

/** The form's grading inputs in the order they are shown, with the API field each fills. */
export const GRADING_FIELDS: readonly { key: GradingField; input: GradingInput }[] = [
  { key: 'forest_area_ha', input: 'forest_area_ha' },
  { key: 'grassland_area_ha', input: 'grassland_area_ha' },
  { key: 'magnitude', input: 'magnitude' },
  { key: 'dense_population', input: 'dense_population' },
  { key: 'people_to_relocate', input: 'people_to_relocate' },
  { key: 'potential_loss_wan', input: 'potential_loss_yuan' },
]

/** The form's fields typed as a number that may be left empty (losses, areas, magnitude). */
export type AmountField = 'direct_loss_wan' | 'forest_area_ha' | 'grassland_area_ha' | 'magnitude' | 'people_to_relocate' | 'potential_loss_wan'
export type GradingField = Exclude<AmountField, 'direct_loss_wan'> | 'dense_population'

/**
 * The props of an amount's number input: never negative, no spinner buttons, empty is null
 * (not 0), `precision` decimals; `bounds` adds a maximum or a step (the magnitude's).
 */
export function amountInput(precision: number, testId: string, bounds: { max?: number; step?: number } = {}) {
  return { min: 0, precision, controls: false, valueOnClear: null, class: 'num', 'data-testid': testId, ...bounds }
}

export function emptyIncidentForm(now: number = Date.now(), region = ''): IncidentForm {
  return {
    title: '',
    type: '',
    occurred_at: now,
    region,
    address: '',
    lon: '',
    lat: '',
    reporting_unit: '',
    reporter_name: '',
    reporter_phone: '',
    deaths: 0,
    missing: 0,
    injured: 0,
    seriously_injured: 0,
    trapped: 0,
    direct_loss_wan: null,
    forest_area_ha: null,
    grassland_area_ha: null,
    magnitude: null,
    dense_population: false,
    people_to_relocate: null,
    potential_loss_wan: null,
    fire_conditions: [],
    description: '',
    drill: false,
    attachments: [],
  }
}

/** Whether a type is a forest or grassland fire (its grading reads a fire table). */
export function isFireType(type: IncidentType | undefined): boolean {
  return !!type && type.grading.includes('fire')
}

/** 万元 → yuan (whole yuan); null stays null. */
export function wanToYuan(wan: number | null | undefined): number | null {
  if (wan === null || wan === undefined || !Number.isFinite(wan)) return null
  // toFixed first: 0.00015 * 10000 is 1.4999… in floating point.
  return Math.round(Number((wan * 10000).toFixed(6)))
}

/** yuan → 万元 (up to four decimals, so no yuan is lost); null stays null. */
export function yuanToWan(yuan: number | null | undefined): number | null {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return null
  return Number((yuan / 10000).toFixed(4))
}

/** The grading inputs a type asks for (`inputs` of the type; none for an unknown type). */
export function gradingInputsOf(type: IncidentType | undefined): Set<GradingInput> {
  const known = new Set<string>(GRADING_INPUTS)
  return new Set((type?.inputs ?? []).filter((i): i is GradingInput => known.has(i)))
}

function coordinate(text: string): number | null {
  const v = text.trim()
  if (v === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

/**
 * The create body. Grading inputs the type does not ask for are sent as null; lon/lat go
 * together or not at all.
 */
export function incidentInput(form: IncidentForm, type: IncidentType | undefined): IncidentInput {
  const wanted = gradingInputsOf(type)
  const lon = coordinate(form.lon)
  const lat = coordinate(form.lat)
  const placed = lon !== null && lat !== null
  const pick = <T>(input: GradingInput, value: T): T | null => (wanted.has(input) ? value : null)
  return {
    title: form.title.trim(),
    type: form.type,
    occurred_at: new Date(form.occurred_at ?? Date.now()).toISOString(),
    region: form.region,
    lon: placed ? lon : null,
    lat: placed ? lat : null,
    address: form.address.trim(),
    deaths: form.deaths || 0,
    missing: form.missing || 0,
    injured: form.injured || 0,
    seriously_injured: form.seriously_injured || 0,
    trapped: form.trapped || 0,
    direct_loss_yuan: wanToYuan(form.direct_loss_wan) ?? 0,
    forest_area_ha: pick('forest_area_ha', form.forest_area_ha),
    grassland_area_ha: pick('grassland_area_ha', form.grassland_area_ha),
    magnitude: pick('magnitude', form.magnitude),
    dense_population: pick('dense_population', form.dense_population),
    people_to_relocate: pick('people_to_relocate', form.people_to_relocate),
    potential_loss_yuan: pick('potential_loss_yuan', wanToYuan(form.potential_loss_wan)),
    fire_conditions: isFireType(type) ? [...(form.fire_conditions ?? [])] : [],
    description: form.description.trim(),
    drill: form.drill,
    reporting_unit: form.reporting_unit.trim(),
    reporter_name: form.reporter_name.trim(),
    reporter_phone: form.reporter_phone.trim(),
    attachments: form.attachments.map((a) => a.id),
  }
}

/** The form for an existing incident (edit). */
export function formFromIncident(incident: Incident): IncidentForm {
  return {
    title: incident.title,
    type: incident.type,
    occurred_at: Date.parse(incident.occurred_at),
    region: incident.region,
    address: incident.address,
    lon: incident.lon === null ? '' : String(incident.lon),
    lat: incident.lat === null ? '' : String(incident.lat),
    reporting_unit: incident.reporting_unit,
    reporter_name: incident.reporter_name,
    reporter_phone: incident.reporter_phone,
    deaths: incident.deaths,
    missing: incident.missing,
    injured: incident.injured,
    seriously_injured: incident.seriously_injured,
    trapped: incident.trapped,
    direct_loss_wan: incident.direct_loss_yuan ? yuanToWan(incident.direct_loss_yuan) : null,
    forest_area_ha: incident.forest_area_ha,
    grassland_area_ha: incident.grassland_area_ha,
    magnitude: incident.magnitude,
    dense_population: incident.dense_population ?? false,
    people_to_relocate: incident.people_to_relocate,
    potential_loss_wan: yuanToWan(incident.potential_loss_yuan),
    fire_conditions: [...(incident.fire_conditions ?? [])],
    description: incident.description,
    drill: incident.drill,
    attachments: [...incident.attachments],
  }
}

/** The PATCH body of an edit: the fields whose value differs from the incident, and its version. */
export function incidentPatch(incident: Incident, form: IncidentForm, type: IncidentType | undefined): Partial<IncidentInput> & { version: number } {
  const before = incidentInput(formFromIncident(incident), type)
  const after = incidentInput(form, type)
  const body: Record<string, unknown> = { version: incident.version }
  for (const key of Object.keys(after) as (keyof IncidentInput)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) body[key] = after[key]
  }
  // The occurred time round-trips through the picker at minute precision: ignore seconds.
  if (body.occurred_at && Math.abs(Date.parse(after.occurred_at) - Date.parse(incident.occurred_at)) < 60_000) delete body.occurred_at
  return body as Partial<IncidentInput> & { version: number }
}

/** A title when the officer leaves it empty: `小店区 · 道路交通事故`, with the address when given. */
export function suggestTitle(regionName: string, typeName: string, address: string): string {
  const place = [regionName, address.trim()].filter(Boolean).join('')
  return [place, typeName].filter(Boolean).join(' ')
}

// ---------------------------------------------------------------- type tree

export interface TypeNode {
  value: string
  label: string
  code: string
  children?: TypeNode[]
  disabled?: boolean
}

/**
 * The type tree for the tree select: categories at the top (not choosable when they have
 * types under them), types below their parent, in the server's order.
 */
export function typeTree(types: readonly IncidentType[]): TypeNode[] {
  const nodes = new Map<string, TypeNode>()
  for (const type of types) nodes.set(type.code, { value: type.code, label: type.name, code: type.code })
  const roots: TypeNode[] = []
  for (const type of types) {
    const node = nodes.get(type.code)!
    const parent = type.parent ? nodes.get(type.parent) : undefined
    if (parent) (parent.children ??= []).push(node)
    else roots.push(node)
  }
  for (const root of roots) if (root.children?.length) root.disabled = true
  return roots
}

/** Whether a type matches what the officer typed: part of its name, or the start of its code. */
export function typeMatches(query: string, node: { label?: unknown; code?: unknown; value?: unknown }): boolean {
  const q = query.trim().toLowerCase()
  if (!q) return true
  const label = String(node.label ?? '').toLowerCase()
  const code = String(node.code ?? node.value ?? '').toLowerCase()
  return label.includes(q) || code.startsWith(q)
}

// ---------------------------------------------------------------- the draft

export const DRAFT_PREFIX = INCIDENT_DRAFT_PREFIX

export interface DraftStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

function storage(): DraftStore | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

export interface SavedDraft {
  saved_at: number
  form: IncidentForm
}

/** Whether the form holds anything worth keeping (more than the defaults). */
export function hasContent(form: IncidentForm, blank: IncidentForm = emptyIncidentForm(form.occurred_at ?? Date.now(), form.region)): boolean {
  return (Object.keys(blank) as (keyof IncidentForm)[]).some((key) => {
    if (key === 'occurred_at' || key === 'region') return false
    return JSON.stringify(form[key]) !== JSON.stringify(blank[key])
  })
}

export function saveDraft(key: string, form: IncidentForm, now: number = Date.now(), store: DraftStore | null = storage()): void {
  if (!store) return
  try {
    if (hasContent(form)) store.setItem(DRAFT_PREFIX + key, JSON.stringify({ saved_at: now, form } satisfies SavedDraft))
    else store.removeItem(DRAFT_PREFIX + key)
  } catch {
    // storage full or disabled: the form on screen is all there is
  }
}

/** The draft kept for `key`, merged over a blank form (a draft from an older release still loads). */
export function loadDraft(key: string, store: DraftStore | null = storage()): SavedDraft | null {
  if (!store) return null
  let raw: string | null
  try {
    raw = store.getItem(DRAFT_PREFIX + key)
  } catch {
    return null
  }
  if (!raw) return null
  try {
    const parsed = JSON.parse(raw) as Partial<SavedDraft>
    if (!parsed || typeof parsed !== 'object' || !parsed.form || typeof parsed.form !== 'object') return null
    const blank = emptyIncidentForm()
    const form = { ...blank }
    for (const key of Object.keys(blank) as (keyof IncidentForm)[]) {
      const value = (parsed.form as Partial<IncidentForm>)[key]
      if (value !== undefined && (value === null || typeof value === typeof blank[key] || blank[key] === null)) {
        ;(form as Record<string, unknown>)[key] = value
      }
    }
    if (!Array.isArray(form.attachments)) form.attachments = []
    return { saved_at: typeof parsed.saved_at === 'number' ? parsed.saved_at : 0, form }
  } catch {
    return null
  }
}

export function clearDraft(key: string, store: DraftStore | null = storage()): void {
  try {
    store?.removeItem(DRAFT_PREFIX + key)
  } catch {
    // nothing to do
  }
}

// ---------------------------------------------------------------- checks

/** The label of a form field (i18n), for messages that name it. */
export function incidentFieldLabel(field: string): string {
  return t(`incidents.fields.${field}`)
}

/** What is wrong with a field's value, naming the field, or null. */
export function checkIncidentField(field: keyof IncidentForm, form: IncidentForm): string | null {
  const label = incidentFieldLabel(field)
  switch (field) {
    case 'type':
    case 'region':
      return form[field] ? null : t('validation.select', { field: label })
    case 'occurred_at': {
      if (form.occurred_at === null) return t('validation.select', { field: label })
      if (form.occurred_at > Date.now() + 5 * 60_000) return t('incidents.validation.future', { field: label })
      return null
    }
    case 'title':
      return [...form.title.trim()].length > 100 ? t('validation.tooLong', { field: label, max: 100 }) : null
    case 'address':
      return [...form.address.trim()].length > 200 ? t('validation.tooLong', { field: label, max: 200 }) : null
    case 'description':
      return [...form.description.trim()].length > 4000 ? t('validation.tooLong', { field: label, max: 4000 }) : null
    case 'reporter_phone':
      return checkContactPhone(form.reporter_phone) ? t('validation.contactPhone', { field: label }) : null
    case 'lon':
    case 'lat': {
      const own = form[field].trim()
      const other = (field === 'lon' ? form.lat : form.lon).trim()
      if (own === '' && other === '') return null
      if (own === '') return t('incidents.validation.pair', { field: label })
      const n = Number(own)
      const [min, max] = field === 'lon' ? [73, 136] : [3, 54]
      if (!Number.isFinite(n) || n < min || n > max) return t('incidents.validation.range', { field: label, min, max })
      return null
    }
    case 'magnitude': {
      const m = form.magnitude
      if (m === null) return null
      return m < 0 || m > 10 ? t('incidents.validation.range', { field: label, min: 0, max: 10 }) : null
    }
    default:
      return null
  }
}

/** The form field a server refusal names (`direct_loss_yuan` is typed as 万元 here). */
export function formFieldOf(apiField: string): keyof IncidentForm | null {
  const mapped = apiField === 'direct_loss_yuan' ? 'direct_loss_wan' : apiField === 'potential_loss_yuan' ? 'potential_loss_wan' : apiField
  return mapped in emptyIncidentForm(0) ? (mapped as keyof IncidentForm) : null
}

/**
 * A refusal about one field, worded with this form's label for it, or null when the error
 * names no field of the form (it then goes above the form).
 */
export function fieldRefusal(error: unknown): { field: keyof IncidentForm; message: string } | null {
  if (!isApiError(error) || !error.field || !['validation_failed', 'bad_request', 'unprocessable'].includes(error.code)) return null
  const field = formFieldOf(error.field)
  if (!field) return null
  const label = incidentFieldLabel(field)
  const detail = error.message.trim()
  if (/\bis required\b|\bmust not be empty\b/i.test(detail)) return { field, message: t('validation.required', { field: label }) }
  const readable = detail !== '' && (currentLocale() === 'en' || /[\u4e00-\u9fff]/.test(detail))
  return { field, message: readable ? t('apiErrors.fieldInvalid', { field: label, detail }) : t('apiErrors.fieldCheck', { field: label }) }
}
