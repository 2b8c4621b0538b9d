/**
 * The warning pages' rules, free of Vue: languages in reading order (zh-CN first), the time
 * left until a warning expires, which live events concern a filtered list, the manual entry
 * form's checks and request, the polygons the home map draws, and the 叫应 board (who
 * received a warning, per region and duty room, and who acknowledged it).
 */
import type {
  Alert,
  AlertAcknowledgedEvent,
  AlertArea,
  AlertDeliveries,
  AlertDelivery,
  AlertInfo,
  AlertInput,
  AlertLevel,
  AlertQuery,
  AlertState,
  AlertSummary,
  CapCategory,
  LonLat,
} from '@/api/alerts'
import { categoryOfEvent } from '@/api/alerts'
import { isWithin } from '@/utils/regions'

// ---------------------------------------------------------------- languages

/** Rank of a language tag: zh-CN first, then other Chinese, then the rest (as they came). */
function languageRank(language: string): number {
  const tag = language.trim().toLowerCase()
  if (tag === 'zh-cn' || tag === 'zh-hans' || tag === 'zh-hans-cn') return 0
  if (tag === 'zh' || tag.startsWith('zh-')) return 1
  return 2
}

/** The languages of a warning in reading order: zh-CN first, other Chinese next, then the others in message order. */
export function orderInfos<T extends Pick<AlertInfo, 'language'>>(infos: readonly T[]): T[] {
  return infos
    .map((info, index) => ({ info, index }))
    .sort((a, b) => languageRank(a.info.language ?? '') - languageRank(b.info.language ?? '') || a.index - b.index)
    .map((x) => x.info)
}

/**
 * Every language a warning has, in reading order. A warning without `infos` (entered by hand,
 * or an older answer) still shows its own text as one language.
 */
export function alertLanguages(
  alert: Pick<Alert, 'language' | 'event' | 'headline' | 'description' | 'instruction'> & { infos?: AlertInfo[] | null },
): AlertInfo[] {
  const infos = Array.isArray(alert.infos) ? alert.infos : []
  if (infos.length > 0) return orderInfos(infos)
  return [
    {
      language: alert.language || 'zh-CN',
      event: alert.event,
      headline: alert.headline,
      description: alert.description,
      instruction: alert.instruction,
    },
  ]
}

// ---------------------------------------------------------------- expiry

export type ExpiryState = 'none' | 'ok' | 'soon' | 'expired' | 'ended'

export interface ExpiryInfo {
  state: ExpiryState
  /** Seconds left (ok, soon) or since expiry (expired); 0 otherwise. */
  seconds: number
}

/** The last hour before expiry shows in amber. */
export const EXPIRES_SOON_SECONDS = 60 * 60

/**
 * Where a warning's validity stands at `now` (epoch ms): `none` without an expiry time,
 * `ended` once cancelled or replaced (its expiry no longer matters), else counting down.
 */
export function expiryInfo(expiresAt: string | null | undefined, now: number, state?: AlertState | string | null): ExpiryInfo {
  if (state === 'cancelled' || state === 'updated') return { state: 'ended', seconds: 0 }
  if (!expiresAt) return { state: 'none', seconds: 0 }
  const at = Date.parse(expiresAt)
  if (Number.isNaN(at)) return { state: 'none', seconds: 0 }
  const diff = Math.floor((at - now) / 1000)
  if (diff <= 0 || state === 'expired') return { state: 'expired', seconds: Math.max(0, -diff) }
  return { state: diff <= EXPIRES_SOON_SECONDS ? 'soon' : 'ok', seconds: diff }
}

/** Whether a warning is in force (active and not past its expiry). */
export function inForce(alert: Pick<Alert, 'state' | 'expires_at'>, now: number): boolean {
  if (alert.state !== 'active') return false
  const info = expiryInfo(alert.expires_at, now, alert.state)
  return info.state !== 'expired'
}

// ---------------------------------------------------------------- list filters

export interface AlertFilters {
  region: string | null
  /** 'active': in force only; 'all': also cancelled, replaced and expired. */
  scope: 'active' | 'all'
  level: AlertLevel | ''
  q: string
  /** 待我确认: only the warnings delivered to me that I have not acknowledged (叫应). */
  mine?: boolean
}

export function alertQuery(filters: AlertFilters): AlertQuery {
  return {
    active: filters.scope === 'active',
    region: filters.region || undefined,
    level: filters.level || undefined,
    q: filters.q.trim() || undefined,
    mine: filters.mine ? 'unacknowledged' : undefined,
  }
}

/** Whether a warning from a live event may show in the filtered list (a reload is worth it). */
export function matchesAlertFilters(alert: Pick<Alert, 'regions' | 'level'> & Partial<Pick<Alert, 'state'>>, filters: AlertFilters): boolean {
  if (filters.level && alert.level !== filters.level) return false
  if (filters.region) {
    const regions = Array.isArray(alert.regions) ? alert.regions : []
    // A warning of a larger area (the city) also concerns a county inside it.
    if (regions.length > 0 && !regions.some((r) => isWithin(r, filters.region) || isWithin(filters.region!, r))) return false
  }
  return true
}

/** The warning a realtime event carries, or null when the data is not one. */
export function alertOf(data: unknown): Alert | null {
  if (!data || typeof data !== 'object') return null
  const o = data as Partial<Alert>
  if (o.id === undefined || o.id === null || typeof o.level !== 'string') return null
  return { ...o, id: String(o.id) } as Alert
}

// ---------------------------------------------------------------- manual entry

export interface AlertForm {
  event: string
  level: AlertLevel | ''
  headline: string
  description: string
  instruction: string
  /** Epoch ms (the date picker's value), or null. */
  effective_at: number | null
  expires_at: number | null
  regions: string[]
  source: string
  /** CAP category chosen by hand; '' = by the event type (categoryOfEvent). */
  category: CapCategory | ''
}

export function emptyAlertForm(): AlertForm {
  return {
    event: '',
    level: '',
    headline: '',
    description: '',
    instruction: '',
    effective_at: null,
    expires_at: null,
    regions: [],
    source: '',
    category: '',
  }
}

export type AlertFormError = { field: keyof AlertForm; key: string }

/** What is wrong with the form at `now`, one entry per field (i18n keys under `alerts.form.errors`). */
export function checkAlertForm(form: AlertForm, now: number): AlertFormError[] {
  const errors: AlertFormError[] = []
  if (!form.event.trim()) errors.push({ field: 'event', key: 'alerts.form.errors.event' })
  if (!form.level) errors.push({ field: 'level', key: 'alerts.form.errors.level' })
  if (!form.headline.trim()) errors.push({ field: 'headline', key: 'alerts.form.errors.headline' })
  if (form.expires_at === null) errors.push({ field: 'expires_at', key: 'alerts.form.errors.expires' })
  else if (form.expires_at <= now) errors.push({ field: 'expires_at', key: 'alerts.form.errors.expiresPast' })
  else if (form.effective_at !== null && form.effective_at >= form.expires_at)
    errors.push({ field: 'expires_at', key: 'alerts.form.errors.expiresBeforeEffective' })
  if (form.regions.length === 0) errors.push({ field: 'regions', key: 'alerts.form.errors.regions' })
  if (!form.source.trim()) errors.push({ field: 'source', key: 'alerts.form.errors.source' })
  return errors
}

const iso = (ms: number) => new Date(ms).toISOString()

/** The request for a checked form. */
export function alertInput(form: AlertForm): AlertInput {
  const input: AlertInput = {
    event: form.event.trim(),
    level: form.level as AlertLevel,
    headline: form.headline.trim(),
    description: form.description.trim(),
    instruction: form.instruction.trim(),
    expires_at: iso(form.expires_at as number),
    regions: [...form.regions],
    source: form.source.trim(),
    category: form.category || categoryOfEvent(form.event.trim()),
  }
  if (form.effective_at !== null) input.effective_at = iso(form.effective_at)
  return input
}

// ---------------------------------------------------------------- map

export interface AlertShape {
  id: string
  level: AlertLevel
  /** Headline (or event) for the tooltip. */
  title: string
  /** Rings as Leaflet wants them: [lat, lon]. */
  rings: [number, number][][]
  circles: { lat: number; lon: number; radiusM: number }[]
}

function validPoint(p: unknown): p is LonLat {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    Math.abs(p[1] as number) <= 90 &&
    Math.abs(p[0] as number) <= 180
  )
}

/** The drawable areas of a warning (polygons of three points or more, circles); null when it has none. */
export function alertShape(
  alert: Pick<Alert, 'id' | 'level'> & Partial<Pick<Alert, 'headline' | 'event'>> & { areas?: AlertArea[] | null },
): AlertShape | null {
  const rings: [number, number][][] = []
  const circles: AlertShape['circles'] = []
  for (const area of alert.areas ?? []) {
    for (const polygon of area.polygons ?? []) {
      const ring = (polygon ?? []).filter(validPoint).map(([lon, lat]) => [lat, lon] as [number, number])
      if (ring.length >= 3) rings.push(ring)
    }
    for (const c of area.circles ?? []) {
      if (Number.isFinite(c.lat) && Number.isFinite(c.lon) && c.radius_km > 0) circles.push({ lat: c.lat, lon: c.lon, radiusM: c.radius_km * 1000 })
    }
  }
  const title = alert.headline || alert.event || ''
  return rings.length || circles.length ? { id: alert.id, level: alert.level, title, rings, circles } : null
}

/** The box around a warning's shapes, [minLon, minLat, maxLon, maxLat] (a circle's box too). */
export function shapeBbox(shape: AlertShape): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null
  const add = (lon: number, lat: number) => {
    box = box ? [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)] : [lon, lat, lon, lat]
  }
  for (const ring of shape.rings) for (const [lat, lon] of ring) add(lon, lat)
  for (const c of shape.circles) {
    const dLat = c.radiusM / 111_000
    const dLon = c.radiusM / (111_000 * Math.max(0.1, Math.cos((c.lat * Math.PI) / 180)))
    add(c.lon - dLon, c.lat - dLat)
    add(c.lon + dLon, c.lat + dLat)
  }
  return box
}

/** The dashboard's warnings, most severe first, then the soonest to expire. */
export function sortWarnings<T extends Pick<AlertSummary, 'level' | 'expires_at' | 'sent_at'>>(
  items: readonly T[],
  rank: (level: string) => number,
): T[] {
  const exp = (x: T) => (x.expires_at ? Date.parse(x.expires_at) : Infinity)
  return [...items].sort((a, b) => rank(a.level) - rank(b.level) || exp(a) - exp(b) || Date.parse(b.sent_at) - Date.parse(a.sent_at))
}

// ---------------------------------------------------------------- 叫应 (acknowledgement)

export interface DeliveryRoom {
  org_id: string
  org_name: string
  people: AlertDelivery[]
  acknowledged: number
}

export interface DeliveryRegion {
  region: string
  region_name: string
  rooms: DeliveryRoom[]
  acknowledged: number
  total: number
}

/** The board's groups: region → duty room → people, in the server's order (region, duty room). */
export function groupDeliveries(items: readonly AlertDelivery[]): DeliveryRegion[] {
  const regions: DeliveryRegion[] = []
  const byRegion = new Map<string, DeliveryRegion>()
  const byRoom = new Map<string, DeliveryRoom>()
  for (const d of items) {
    let region = byRegion.get(d.region)
    if (!region) {
      region = { region: d.region, region_name: d.region_name || d.region, rooms: [], acknowledged: 0, total: 0 }
      byRegion.set(d.region, region)
      regions.push(region)
    }
    const roomKey = `${d.region}/${d.org_id}`
    let room = byRoom.get(roomKey)
    if (!room) {
      room = { org_id: d.org_id, org_name: d.org_name, people: [], acknowledged: 0 }
      byRoom.set(roomKey, room)
      region.rooms.push(room)
    }
    room.people.push(d)
    region.total += 1
    if (d.acknowledged_at) {
      room.acknowledged += 1
      region.acknowledged += 1
    }
  }
  return regions
}

/** Seconds a person has been silent since the warning reached them (0 once acknowledged). */
export function silentSeconds(d: Pick<AlertDelivery, 'delivered_at' | 'acknowledged_at'>, now: number): number {
  if (d.acknowledged_at) return 0
  const at = Date.parse(d.delivered_at)
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor((now - at) / 1000))
}

/** The board with one person's delivery replaced (after they acknowledged here), totals recounted. */
export function withDelivery(board: AlertDeliveries, delivery: AlertDelivery): AlertDeliveries {
  const items = board.items.map((d) => (d.user_id === delivery.user_id ? delivery : d))
  return { items, total: items.length, acknowledged: items.filter((d) => d.acknowledged_at).length }
}

/** The data of an `acknowledged` or `chased` (SMS sent, leader told) event on topic "alerts", or null. */
export function acknowledgedOf(data: unknown): AlertAcknowledgedEvent | null {
  if (!data || typeof data !== 'object') return null
  const o = data as { id?: unknown; user_id?: unknown }
  if (o.id === undefined || o.id === null || o.user_id === undefined || o.user_id === null) return null
  return { id: String(o.id), user_id: String(o.user_id) }
}

/**
 * Whether a live event on topic "alerts" concerns the warning `id` (identifier `identifier`):
 * an acknowledgement of it, a change of it, or a message that references it (update, cancel).
 */
export function eventConcerns(event: { event: string; data: unknown }, id: string, identifier?: string | null): boolean {
  if (event.event === 'acknowledged' || event.event === 'chased') return acknowledgedOf(event.data)?.id === id
  const alert = alertOf(event.data)
  if (!alert) return false
  return alert.id === id || (!!identifier && !!alert.references?.some((r) => r.identifier === identifier))
}

// ---------------------------------------------------------------- CAP values

/** The CAP fields whose values are enumerations the UI translates (`alerts.cap.<group>.<value>`). */
export type CapGroup = 'status' | 'msg_type' | 'scope' | 'urgency' | 'severity' | 'certainty'

/**
 * Each non-empty CAP value of `groups` with its label: the translation under
 * `alerts.cap.<group>.<value>`, or the value itself when there is none (a value outside CAP 1.2).
 */
export function capLabels(
  alert: Partial<Record<CapGroup, string | null>>,
  groups: CapGroup[],
  translate: (key: string) => string | null,
): { group: CapGroup; raw: string; label: string }[] {
  return groups.flatMap((group) => {
    const raw = alert[group]
    if (!raw) return []
    return [{ group, raw, label: translate(`alerts.cap.${group}.${raw}`) ?? raw }]
  })
}

/**
 * Who issued a warning, as the pages show it: the issuing organisation, else the CAP sender's
 * name (a feed's office), its source, or its sender code. Never the person who typed it.
 */
export function issuerText(alert: Pick<Alert, 'issuer_org_name' | 'sender_name' | 'source' | 'sender'>): string {
  return alert.issuer_org_name || alert.sender_name || alert.source || alert.sender
}

/**
 * Whether an "acknowledged" event changes the list: a row it concerns is shown and either the
 * list is 待我确认 (the row leaves it) or the caller acknowledged (their 我已确认 tag).
 */
export function ackChangesList(data: unknown, rows: readonly Pick<Alert, 'id'>[], mine: boolean, userId: string | null | undefined): boolean {
  const ack = acknowledgedOf(data)
  if (!ack || !rows.some((row) => row.id === ack.id)) return false
  return mine || (!!userId && ack.user_id === String(userId))
}
