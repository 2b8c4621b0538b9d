/**
 * Warnings (预警信息): CAP 1.2 messages under the national profile GB/T 35965.1 and warnings
 * entered by hand (received by phone or fax). Four levels, red (一级, highest) to blue.
 * A warning read from CAP keeps every language of its `info` blocks, zh-CN first.
 */
import { http } from './http'
import { cleanQuery } from './incidents'
import type { Paged } from './reference'

const V1 = '/api/v1'

export const ALERT_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const
export type AlertLevel = (typeof ALERT_LEVELS)[number]

export const ALERT_STATES = ['active', 'updated', 'cancelled', 'expired'] as const
export type AlertState = (typeof ALERT_STATES)[number]

export type AlertStatus = 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft'
export type AlertMsgType = 'Alert' | 'Update' | 'Cancel'

/** CAP severity, mapped to a level when the message gives none (DOMAIN.md). */
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const
/** CAP 1.2 `<category>`: the server refuses anything else (400, field `category`). */
export const CAP_CATEGORIES = ['Met', 'Geo', 'Fire', 'Safety', 'CBRNE', 'Env', 'Health', 'Infra', 'Transport', 'Rescue', 'Security', 'Other'] as const
export type CapCategory = (typeof CAP_CATEGORIES)[number]

/** Event words and their CAP category, first match wins (the server's default by event type). */
const EVENT_CATEGORIES: readonly [string, CapCategory][] = [
  ['森林', 'Fire'],
  ['草原', 'Fire'],
  ['火险', 'Fire'],
  ['火灾', 'Fire'],
  ['地震', 'Geo'],
  ['地质', 'Geo'],
  ['滑坡', 'Geo'],
  ['泥石流', 'Geo'],
  ['崩塌', 'Geo'],
  ['地面塌陷', 'Geo'],
  ['危化', 'CBRNE'],
  ['化学', 'CBRNE'],
  ['泄漏', 'CBRNE'],
  ['辐射', 'CBRNE'],
  ['核', 'CBRNE'],
  ['疫', 'Health'],
  ['传染病', 'Health'],
  ['中毒', 'Health'],
  ['卫生', 'Health'],
  ['污染', 'Env'],
  ['重污染', 'Env'],
  ['水质', 'Env'],
  ['矿', 'Safety'],
  ['瓦斯', 'Safety'],
  ['尾矿', 'Safety'],
  ['冶金', 'Safety'],
  ['安全生产', 'Safety'],
  ['交通', 'Transport'],
  ['道路', 'Transport'],
  ['电力', 'Infra'],
  ['供水', 'Infra'],
  ['燃气', 'Infra'],
  ['通信', 'Infra'],
  ['暴雨', 'Met'],
  ['大风', 'Met'],
  ['寒潮', 'Met'],
  ['大雾', 'Met'],
  ['高温', 'Met'],
  ['干旱', 'Met'],
  ['雷', 'Met'],
  ['冰雹', 'Met'],
  ['霜冻', 'Met'],
  ['雪', 'Met'],
  ['沙尘', 'Met'],
  ['霾', 'Met'],
  ['洪', 'Met'],
]

/** The CAP category a warning of this event type takes unless the person entering chooses one. */
export function categoryOfEvent(event: string): CapCategory {
  for (const [word, category] of EVENT_CATEGORIES) if (event.includes(word)) return category
  return 'Other'
}

/** A point as GeoJSON writes it: longitude first. */
export type LonLat = [number, number]

export interface AlertArea {
  desc: string
  /** Each polygon is a closed ring of [lon, lat]. */
  polygons: LonLat[][]
  circles: { lon: number; lat: number; radius_km: number }[]
  geocodes: { name: string; value: string }[]
}

/** One language of a warning (a CAP `info` block). */
export interface AlertInfo {
  language: string
  event: string
  headline: string
  description: string
  instruction: string
  sender_name?: string
  web?: string
  contact?: string
  [extra: string]: unknown
}

export interface AlertReference {
  sender: string
  identifier: string
  sent: string
}

export interface Alert {
  id: string
  identifier: string
  sender: string
  sender_name: string
  sent_at: string
  status: AlertStatus
  msg_type: AlertMsgType
  scope: string
  source: string
  references: AlertReference[]
  level: AlertLevel
  level_name: string
  event: string
  category: string
  urgency: string
  severity: string
  certainty: string
  headline: string
  description: string
  instruction: string
  /** The language of the fields above (zh-CN when the message has it). */
  language: string
  effective_at: string | null
  onset_at: string | null
  expires_at: string | null
  regions: string[]
  region_names: string[]
  areas: AlertArea[]
  infos: AlertInfo[]
  state: AlertState
  superseded_by: string | null
  from_cap: boolean
  created_at: string
  updated_at: string
  version: number
  /**
   * What the caller may do (REST answers only, absent from live events): 解除 needs the issuing
   * organisation or a jurisdiction covering every region of the warning; a CAP Update needs the
   * same issuer or such a jurisdiction.
   */
  can_cancel?: boolean
  can_update?: boolean
  /**
   * 叫应: the caller's own delivery of the warning (GET /api/v1/alerts/{id} only); null when
   * it was not delivered to them. Absent from lists and live events.
   */
  my_delivery?: AlertDelivery | null
  /** The organisation that issued it (a person's unit); "" for feeds, tokens and older warnings. */
  issuer_org_name?: string
  /**
   * 叫应 of the caller in lists: null when the warning was not delivered to them, else whether
   * they still have to acknowledge it, and when they did.
   */
  my_ack?: 'pending' | 'acknowledged' | null
  my_acknowledged_at?: string | null
}

/**
 * 叫应: a new or upgraded warning delivered to one person on duty in a duty room of a region
 * it covers. Silent after alerts.ack_timeout_min they get an SMS, after twice that their
 * duty leader is told.
 */
export interface AlertDelivery {
  user_id: string
  user_name: string
  phone: string
  /** The duty room (the emergency bureau whose duty the person was on). */
  org_id: string
  org_name: string
  region: string
  region_name: string
  delivered_at: string
  /** null until the person acknowledges (确认收到). */
  acknowledged_at: string | null
  sms_at: string | null
  /** The SMS gateway's last failure ('' when none); the SMS is retried. */
  sms_error: string
  /** When the duty leader was told of the silence. */
  escalated_at: string | null
}

/** `GET /api/v1/alerts/{id}/deliveries`: ordered by region and duty room. */
export interface AlertDeliveries {
  items: AlertDelivery[]
  total: number
  acknowledged: number
}

/** Data of the `acknowledged` event on topic "alerts". */
export interface AlertAcknowledgedEvent {
  id: string
  user_id: string
}

/** A warning as the dashboard lists it (active, in the jurisdiction). */
export interface AlertSummary {
  id: string
  level: AlertLevel
  level_name: string
  event: string
  headline: string
  regions: string[]
  region_names: string[]
  sent_at: string
  expires_at: string | null
}

export interface AlertQuery {
  /** true: active only; false: all, including cancelled and expired. */
  active?: boolean | undefined
  region?: string | null | undefined
  level?: AlertLevel | '' | undefined
  q?: string | undefined
  /** 'unacknowledged': only the warnings delivered to the caller that they have not acknowledged (叫应). */
  mine?: 'unacknowledged' | undefined
  limit?: number
  offset?: number
}

/** A warning entered by hand (POST /api/v1/alerts). */
export interface AlertInput {
  event: string
  level: AlertLevel
  headline: string
  description: string
  instruction: string
  urgency?: string
  severity?: string
  certainty?: string
  effective_at?: string
  onset_at?: string
  expires_at: string
  regions: string[]
  areas?: { desc: string; polygons: LonLat[][] }[]
  source: string
  /** CAP category; the server defaults it by the event type. */
  category?: CapCategory
}

interface Silent {
  silent?: boolean
  signal?: AbortSignal
}

const alertPath = (id: string) => `${V1}/alerts/${encodeURIComponent(id)}`

/** `GET /api/v1/alerts`: newest first. */
export function listAlerts(query: AlertQuery = {}, options: Silent = {}): Promise<Paged<Alert>> {
  return http.get<Paged<Alert>>(`${V1}/alerts`, { query: cleanQuery({ ...query, region: query.region ?? undefined }), ...options })
}

export function getAlert(id: string, options: Silent = {}): Promise<Alert> {
  return http.get<Alert>(alertPath(id), options)
}

/** The CAP 1.2 XML of a warning (a link the browser downloads). */
export function alertCapUrl(id: string): string {
  return `${alertPath(id)}/cap`
}

/** Active warnings whose area covers a point. */
export async function activeAlertsAt(lat: number, lon: number, options: Silent = {}): Promise<Alert[]> {
  return (await http.get<{ items: Alert[] }>(`${V1}/alerts/active`, { query: { lat, lon }, ...options })).items
}

/** `POST /api/v1/alerts/cap`: 201 new, 200 update or repeat, 422 with the schema error. */
export function postCap(xml: string): Promise<Alert> {
  return http.request<Alert>('POST', `${V1}/alerts/cap`, { content: { data: xml, type: 'application/xml' }, silent: true })
}

/** `POST /api/v1/alerts`: a warning entered by hand. */
export function createAlert(input: AlertInput): Promise<Alert> {
  return http.post<Alert>(`${V1}/alerts`, input, { silent: true })
}

/** `POST /api/v1/alerts/{id}/cancel`: 解除. */
export function cancelAlert(id: string, reason: string): Promise<Alert> {
  return http.post<Alert>(`${alertPath(id)}/cancel`, { reason }, { silent: true })
}

/** `POST /api/v1/alerts/{id}/ack`: 确认收到 (叫应); 409 when not delivered to the caller or acknowledged already. */
export function acknowledgeAlert(id: string): Promise<AlertDelivery> {
  return http.post<AlertDelivery>(`${alertPath(id)}/ack`, {}, { silent: true })
}

/** A configured warning feed (alerts.feeds) and how its last poll went. */
export interface AlertFeed {
  url: string
  polled_at: string | null
  /** Last read without error; null when never. */
  ok_at: string | null
  /** Of the last poll; '' when it was read. */
  error: string
  imported: number
  refused: number
  /** The region codes the feed may issue warnings for (alerts.feeds[].regions; default the province). */
  regions: string[]
  /** The last message refused (outside the feed's regions, a host not allowed, not CAP) and why; '' when none. */
  last_refusal: string
  refused_at: string | null
  /** A poll of it is under way (the status is a snapshot and never waits for it). */
  polling: boolean
}

/** `GET /api/v1/alerts/feeds` (alerts.write): the warning feeds, so a failing one is seen. */
export async function listAlertFeeds(options: Silent = {}): Promise<AlertFeed[]> {
  return (await http.get<{ items: AlertFeed[] }>(`${V1}/alerts/feeds`, options)).items
}

/** The feeds whose last poll failed. */
export function failingFeeds(feeds: readonly AlertFeed[]): AlertFeed[] {
  return feeds.filter((f) => f.error !== '')
}

/** The feeds that read but refused a message (shown so a refused warning does not go unnoticed). */
export function refusingFeeds(feeds: readonly AlertFeed[]): AlertFeed[] {
  return feeds.filter((f) => f.error === '' && !!f.last_refusal)
}

/** `GET /api/v1/alerts/{id}/deliveries`: who received the warning in the caller's jurisdiction, who acknowledged. */
export function listAlertDeliveries(id: string, options: Silent = {}): Promise<AlertDeliveries> {
  return http.get<AlertDeliveries>(`${alertPath(id)}/deliveries`, options)
}
