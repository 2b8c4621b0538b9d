/**
 * The 研判分析 page's arithmetic, free of Vue: what is analysed (from the address), the
 * panels per category ranked by distance with the neighbours' records among them, the ETA
 * text, the counts per ring, shelter capacity against the ring's people, and what lies in
 * each earthquake intensity zone.
 */
import type { QuakeZone, Situation, SituationItem, SituationKind, SituationRing } from '@/api/analysis'
import { MONITORING_TOPICS } from '@/views/home/homeLogic'
import type { ReadingsEvent } from '@/api/monitoring'
import type { ResourceKind } from '@/api/resources'
import { t } from '@/locales'
import { displayValue, formSpecs, localName, type SchemaLocale } from '@/views/resources/schema'

/** What the page analyses: an incident, or a point (with an optional incident type). */
export type Target = { kind: 'incident'; id: string } | { kind: 'point'; lon: number; lat: number; type: string }

type Query = Record<string, unknown>

function text(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : ''
}

function coordinate(value: unknown, limit: number): number | null {
  const s = text(value).trim()
  if (!s) return null
  const n = Number(s)
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null
}

/** `?incident=12` or `?lon=112.5&lat=37.8[&type=N01]`; null when the address names neither. */
export function targetFromQuery(query: Query): Target | null {
  const id = text(query.incident).trim()
  if (/^[1-9][0-9]*$/.test(id)) return { kind: 'incident', id }
  const lon = coordinate(query.lon, 180)
  const lat = coordinate(query.lat, 90)
  if (lon !== null && lat !== null) return { kind: 'point', lon, lat, type: text(query.type).trim() }
  return null
}

/** The address of a target (the inverse of `targetFromQuery`); coordinates to six decimals (~0.1 m). */
export function queryOfTarget(target: Target | null): Record<string, string> {
  if (!target) return {}
  if (target.kind === 'incident') return { incident: target.id }
  const q: Record<string, string> = { lon: target.lon.toFixed(6), lat: target.lat.toFixed(6) }
  if (target.type) q.type = target.type
  return q
}

/** Whether two targets are the same analysis (the page reloads only when they differ). */
export function sameTarget(a: Target | null, b: Target | null): boolean {
  return JSON.stringify(queryOfTarget(a)) === JSON.stringify(queryOfTarget(b))
}

/** Panels in the order a commander reads them: who helps, what shelters, what is at risk, what watches. */
export const PANEL_ORDER = [
  'team',
  'depot',
  'expert',
  'shelter',
  'protection_target',
  'hazard_point',
  'enterprise',
  'major_hazard',
  'water_facility',
  'gas_station',
  'camera',
  'station',
  'info_officer',
] as const

/** The kinds of the answer in panel order (kinds the page does not know yet come last, as sent). */
export function orderedKinds(kinds: readonly SituationKind[]): SituationKind[] {
  const rank = (k: string) => {
    const i = (PANEL_ORDER as readonly string[]).indexOf(k)
    return i < 0 ? PANEL_ORDER.length : i
  }
  return kinds
    .map((k, i) => ({ k, i }))
    .sort((a, b) => rank(a.k.kind) - rank(b.k.kind) || a.i - b.i)
    .map(({ k }) => k)
}

export interface PanelRow extends SituationItem {
  /** 1 for the nearest. */
  rank: number
  /** Stable row key (neighbours have no id). */
  key: string
}

/**
 * One panel's rows: the jurisdiction's nearest records and the neighbouring jurisdictions'
 * together, ranked by distance (help does not stop at a county line). Ties keep own records first.
 */
export function rankedRows(kind: SituationKind): PanelRow[] {
  const all = [...kind.nearest.map((x) => ({ ...x, other_region: false })), ...kind.neighbours.map((x) => ({ ...x, other_region: true }))]
  return all
    .map((x, i) => ({ x, i }))
    .sort((a, b) => a.x.distance_m - b.x.distance_m || a.i - b.i)
    .map(({ x }, i) => ({ ...x, rank: i + 1, key: x.id ?? `other-${kind.kind}-${x.lon},${x.lat},${x.name}` }))
}

/** 5000 → "5 公里" / "5 km"; 2500 → "2.5 公里". */
export function ringLabel(metres: number, locale: SchemaLocale): string {
  const km = Math.round(metres / 100) / 10
  return locale === 'en' ? `${km} km` : `${km} 公里`
}

/** 4200 → "4.2 公里", 850 → "850 米" (the distance of a row). */
export function distanceText(metres: number, locale: SchemaLocale): string {
  if (metres < 1000) return locale === 'en' ? `${Math.round(metres)} m` : `${Math.round(metres)} 米`
  const km = metres < 100_000 ? (Math.round(metres / 100) / 10).toString() : Math.round(metres / 1000).toString()
  return locale === 'en' ? `${km} km` : `${km} 公里`
}

/** "约 7 分钟（直线估算）": the server's straight-line estimate, said to be one. '' without an ETA. */
export function etaText(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return ''
  return t('analysis.eta', { n: Math.max(1, Math.round(minutes)) })
}

export interface RingCountRow {
  kind: string
  name: string
  /** Per ring, cumulative: the jurisdiction's records. */
  own: number[]
  /** Per ring, cumulative: other jurisdictions' records. */
  other: number[]
}

/** The table of counts: one row per kind (panel order), one column per ring. */
export function ringCountRows(situation: Situation, locale: SchemaLocale): RingCountRow[] {
  const n = situation.rings_m.length
  return orderedKinds(situation.kinds).map((k) => ({
    kind: k.kind,
    name: localName(k, locale),
    own: Array.from({ length: n }, (_, i) => k.within[i] ?? 0),
    other: Array.from({ length: n }, (_, i) => k.other_within[i] ?? 0),
  }))
}

export interface ShelterCover {
  radius_m: number
  people: number
  capacity: number
  /** Places per 100 residents, rounded; null when nobody lives there. */
  per100: number | null
  /** Fewer places than residents. */
  short: boolean
}

/** Shelter capacity against the estimated people of each ring. */
export function shelterCover(rings: readonly SituationRing[]): ShelterCover[] {
  return rings.map((r) => {
    const people = Math.round(r.population.people)
    const capacity = Math.round(r.shelter_capacity)
    return {
      radius_m: r.radius_m,
      people,
      capacity,
      per100: people > 0 ? Math.round((capacity / people) * 1000) / 10 : null,
      short: capacity < people,
    }
  })
}

/** 12345 → "12,345" / "1.2 万" style is left to the locale: whole people, grouped. */
export function peopleText(people: number, locale: SchemaLocale): string {
  return Math.round(people).toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN')
}

/** A team's equipment: "破拆工具 12、照明 4" ("…, …" in English). */
export function equipmentText(item: SituationItem): string {
  return (item.equipment ?? []).map((e) => `${e.category_name} ${formatQuantity(e.quantity)}`).join(t('analysis.listComma'))
}

/** A depot's stock: "帐篷 200 顶、饮用水 5000 箱". */
export function stockText(item: SituationItem): string {
  return (item.stock ?? [])
    .map((s) => `${s.item || s.category_name} ${formatQuantity(s.quantity)}${s.unit ? ` ${s.unit}` : ''}`)
    .join(t('analysis.listComma'))
}

function formatQuantity(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100)
}

/** Fields not repeated among a row's facts: shown in their own columns or not at all. */
const OWN_COLUMN_FIELDS = new Set(['stream_url', 'equipment', 'stock', 'matches_type'])

/**
 * The kind's own fields a row carries, as "label value" pairs in the schema's order and the
 * schema's names (队伍人数 35 人, 床位数 600 张 …); empty values left out.
 */
export function itemFacts(
  item: SituationItem,
  kind: ResourceKind | undefined,
  locale: SchemaLocale,
): { key: string; label: string; value: string }[] {
  if (!kind || item.other_region) return []
  const out: { key: string; label: string; value: string }[] = []
  for (const spec of formSpecs(kind, locale)) {
    if (spec.common || OWN_COLUMN_FIELDS.has(spec.key)) continue
    const value = displayValue(spec, item[spec.key], locale)
    // The value carries the unit (35 人): the label is the field's bare name.
    const field = kind.fields.find((f) => f.key === spec.key)
    if (value) out.push({ key: spec.key, label: field ? localName(field, locale) : spec.label, value })
  }
  return out
}

/** A camera's stream address when it can be played (http or https). */
export function playableStream(item: SituationItem): string | null {
  const url = item.stream_url
  return typeof url === 'string' && /^https?:\/\//i.test(url.trim()) ? url.trim() : null
}

/** Earthquake incidents with a magnitude get the intensity zones. */
export function hasQuakeZones(incident: { type: string; magnitude: number | null } | null | undefined): boolean {
  return !!incident && incident.type.startsWith('N01') && incident.magnitude !== null && incident.magnitude >= 3
}

const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']

/** 6 → "VI 度"; the innermost zone (VIII) is "VIII 度及以上". */
export function intensityLabel(intensity: number, innermost: boolean): string {
  const roman = ROMAN[intensity] ?? String(intensity)
  return innermost ? t('analysis.quake.intensityAbove', { roman }) : t('analysis.quake.intensity', { roman })
}

/** Zone outline colours, lighter outside (VI) to darker inside (VIII). */
export const ZONE_COLOURS: Record<number, string> = { 6: '#f7ba1e', 7: '#ff7d00', 8: '#d9001b' }

export interface ZoneGroup {
  kind: string
  items: SituationItem[]
}

export interface ZoneListing {
  intensity: number
  label: string
  long_axis_km: number
  short_axis_km: number
  people: number
  count: number
  groups: ZoneGroup[]
}

/** Kinds exposed in a zone, in the order they are read: secondary risks first, then where people gather. */
const EXPOSED_ORDER = ['enterprise', 'water_facility', 'major_hazard', 'hazard_point', 'protection_target']

/**
 * What lies in each zone, innermost (most intense) first: its people and the exposed records
 * grouped by kind, each group nearest first.
 */
export function zoneListings(zones: readonly QuakeZone[]): ZoneListing[] {
  const top = Math.max(...zones.map((z) => z.intensity))
  return [...zones]
    .sort((a, b) => b.intensity - a.intensity)
    .map((z) => {
      const byKind = new Map<string, SituationItem[]>()
      for (const x of z.exposed) byKind.set(x.kind, [...(byKind.get(x.kind) ?? []), x])
      const order = (k: string) => (EXPOSED_ORDER.indexOf(k) < 0 ? EXPOSED_ORDER.length : EXPOSED_ORDER.indexOf(k))
      const groups = [...byKind.entries()]
        .sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0]))
        .map(([kind, items]) => ({ kind, items: [...items].sort((a, b) => a.distance_m - b.distance_m) }))
      return {
        intensity: z.intensity,
        label: intensityLabel(z.intensity, z.intensity === top),
        long_axis_km: z.long_axis_km,
        short_axis_km: z.short_axis_km,
        people: Math.round(z.people),
        count: z.exposed.length,
        groups,
      }
    })
}

/** Topics whose every event may change the picture: records, warnings, incidents. */
export const LIVE_TOPICS = ['resources', 'alerts', 'incidents'] as const

/** The topics the page listens to; the six monitoring ones only for users who see stations. */
export function liveTopics(canMonitoring: boolean): string[] {
  return [...LIVE_TOPICS, ...(canMonitoring ? MONITORING_TOPICS : [])]
}

/**
 * Whether an event asks for the picture again (debounced): any event of records, warnings and
 * incidents; on a monitoring topic an "alarm" (its every-second "readings" are applied in place).
 */
export function refetchesOn(topic: string, event: string): boolean {
  if (MONITORING_TOPICS.includes(topic)) return event === 'alarm'
  return (LIVE_TOPICS as readonly string[]).includes(topic)
}

type ListedStation = Situation['stations'][number]

/**
 * The stations with the latest readings of a "readings" event applied (a newer value replaces
 * the shown one); the same array when none of them is concerned.
 */
export function withReadings(stations: readonly ListedStation[], event: ReadingsEvent): readonly ListedStation[] {
  let changed = false
  const next = stations.map((s) => {
    const mine = event.items.filter((r) => r.station === s.id)
    if (mine.length === 0) return s
    let updated = false
    const metrics = s.metrics.map((m) => {
      const latest = mine.filter((r) => r.metric === m.metric).sort((a, b) => Date.parse(b.time) - Date.parse(a.time))[0]
      if (!latest || (m.last && Date.parse(m.last.time) >= Date.parse(latest.time))) return m
      updated = true
      return { ...m, last: { time: latest.time, value: latest.value } }
    })
    if (!updated) return s
    changed = true
    return { ...s, metrics }
  })
  return changed ? next : stations
}
