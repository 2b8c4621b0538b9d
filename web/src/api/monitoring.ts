/**
 * Monitoring (监测): stations of six themes (森林草原火灾, 水旱灾害, 地震地质, 危化品监测,
 * 智慧矿山, 冶金工贸), their metrics with alarm rules, readings, earthquakes, and the alarms
 * the rules raise. Alarm levels are the four warning levels (red > orange > yellow > blue).
 * Live: topic `monitoring/{theme}` with events "alarm" (an Alarm) and "readings".
 */
import type { Alert, AlertLevel } from './alerts'
import { http } from './http'
import { cleanQuery, type Incident } from './incidents'
import type { Paged } from './reference'

const V1 = '/api/v1'
const BASE = `${V1}/monitoring`

export const THEMES = ['forest', 'flood', 'geology', 'hazchem', 'mine', 'metallurgy'] as const
export type ThemeCode = (typeof THEMES)[number]

export function isTheme(value: unknown): value is ThemeCode {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value)
}

/** An alarm's level: one of the warning levels. */
export type AlarmLevel = AlertLevel

export interface CatalogueTheme {
  code: string
  name: string
  name_en: string
}

export interface CatalogueMetric {
  code: string
  name: string
  name_en: string
  unit: string
  theme: string
}

export interface Catalogue {
  themes: CatalogueTheme[]
  metrics: CatalogueMetric[]
}

export interface Threshold {
  level: AlarmLevel
  value: number
}

/** Raised while the value is above (below) a threshold; cleared `deadband` back inside it. */
export interface LimitRule {
  kind: 'above' | 'below'
  thresholds: Threshold[]
  deadband: number
}

/** Raised when the value changes by at least a threshold (either direction) within the window. */
export interface RateRule {
  kind: 'rate'
  window_min: number
  thresholds: Threshold[]
  deadband: number
}

/** Raised when no reading arrived for `minutes`. */
export interface SilenceRule {
  kind: 'silence'
  minutes: number
  level: AlarmLevel
}

export type Rule = LimitRule | RateRule | SilenceRule
export type RuleKind = Rule['kind']

export interface LastReading {
  time: string
  value: number
}

export interface StationMetric {
  metric: string
  name: string
  unit: string
  rules: Rule[]
  version: number
  last: LastReading | null
}

export interface Station {
  id: string
  name: string
  code: string
  category: string
  theme: string
  region: string
  region_name: string
  lon: number
  lat: number
  parent_id: string | null
  parent_name: string
  /** The most severe open alarm's level, or null. */
  alarm_level: AlarmLevel | null
  open_alarms: number
  metrics: StationMetric[]
}

export interface StationQuery {
  theme?: string | undefined
  region?: string | null | undefined
  q?: string | undefined
  /** Default 500, at most 2000. */
  limit?: number
  offset?: number
}

/** One bucket of readings (its start time); buckets without readings are absent. */
export interface ReadingBucket {
  time: string
  min: number
  max: number
  mean: number
  count: number
}

export interface ReadingSeries {
  station: string
  metric: string
  unit: string
  from: string
  to: string
  bucket_ms: number
  points: ReadingBucket[]
}

export interface ReadingsQuery {
  station: string
  metric: string
  from?: string | undefined
  to?: string | undefined
  /** Default 300, at most 2000. */
  points?: number | undefined
}

export interface Earthquake {
  time: string
  station_id: string
  station_name: string
  region: string
  region_name: string
  lon: number
  lat: number
  magnitude: number
  depth: number | null
}

/** One reading for `POST /api/v1/readings`: the station by code or id, time as ISO or epoch ms. */
export interface ReadingInput {
  station: string
  metric: string
  time: string | number
  value: number
}

export interface ReadingsAccepted {
  accepted: number
  duplicates: number
  rejected: { index: number; reason: string }[]
}

export type AlarmRuleKind = 'above' | 'below' | 'rate' | 'silence'
export type AlarmState = 'open' | 'closed' | 'all'

export interface Alarm {
  id: string
  station_id: string
  station_name: string
  station_code: string
  theme: string
  region: string
  region_name: string
  lon: number
  lat: number
  metric: string
  metric_name: string
  unit: string
  rule: AlarmRuleKind
  level: AlarmLevel
  peak_level: AlarmLevel
  value: number | null
  threshold: number | null
  /** How many times it was raised (repeats fold into one alarm). */
  count: number
  /** The condition is present now; false: back to normal, not yet acknowledged (已恢复). */
  active: boolean
  opened_at: string
  raised_at: string
  cleared_at: string | null
  acknowledged_at: string | null
  acknowledged_by: string
  closed_at: string | null
  /** Who closed it; empty when the system closed it (back to normal after it was seen). */
  closed_by: string
  /** How it was closed (worded by the page): recovered (back to normal and seen), manual (closed_by's reason); null while open. */
  close_code: AlarmCloseCode | null
  /** The reason given when closed by hand; empty otherwise. */
  close_reason: string
  alert_id: string | null
  incident_id: string | null
  version: number
}

export type AlarmCloseCode = 'recovered' | 'manual'

export interface AlarmQuery {
  theme?: string | undefined
  region?: string | null | undefined
  station?: string | undefined
  state?: AlarmState | undefined
  limit?: number
  offset?: number
}

export interface MonitoringSummary {
  stations: number
  /** Stations with a reading in the last hour. */
  reporting: number
  open_alarms: number
  unacknowledged: number
  by_level: Record<AlarmLevel, number>
}

/** Data of the "readings" event on topic `monitoring/{theme}`: latest values. */
export interface ReadingsEvent {
  items: { station: string; metric: string; time: string; value: number }[]
}

interface Silent {
  silent?: boolean
  signal?: AbortSignal
}

const enc = encodeURIComponent
const stationPath = (id: string) => `${BASE}/stations/${enc(id)}`
const alarmPath = (id: string) => `${BASE}/alarms/${enc(id)}`

/** The topic a theme's live events come on. */
export function monitoringTopic(theme: string): string {
  return `monitoring/${theme}`
}

export function getCatalogue(options: Silent = {}): Promise<Catalogue> {
  return http.get<Catalogue>(`${BASE}/catalogue`, options)
}

export function listStations(query: StationQuery = {}, options: Silent = {}): Promise<Paged<Station>> {
  return http.get<Paged<Station>>(`${BASE}/stations`, { query: cleanQuery({ ...query, region: query.region ?? undefined }), ...options })
}

export function getStation(id: string, options: Silent = {}): Promise<Station> {
  return http.get<Station>(stationPath(id), options)
}

/**
 * `PUT /monitoring/stations/{id}/metrics/{metric}`: adds the metric to the station or replaces
 * its rules. 409 on a stale `version`, 422 naming the field.
 */
export function putStationMetric(id: string, metric: string, body: { rules: Rule[]; version?: number | undefined }): Promise<Station> {
  const payload = body.version === undefined ? { rules: body.rules } : { rules: body.rules, version: body.version }
  return http.put<Station>(`${stationPath(id)}/metrics/${enc(metric)}`, payload, { silent: true })
}

export function deleteStationMetric(id: string, metric: string): Promise<Station> {
  return http.delete<Station>(`${stationPath(id)}/metrics/${enc(metric)}`, { silent: true })
}

/** Bucketed readings of one metric of one station (default: the last 24 h in 300 points). */
export function getReadings(query: ReadingsQuery, options: Silent = {}): Promise<ReadingSeries> {
  return http.get<ReadingSeries>(`${BASE}/readings`, { query: cleanQuery(query), ...options })
}

/** Earthquakes of the last `days` days, newest first. */
export async function listEarthquakes(days = 30, options: Silent = {}): Promise<Earthquake[]> {
  return (await http.get<{ items: Earthquake[] }>(`${BASE}/earthquakes`, { query: { days }, ...options })).items
}

/** `POST /api/v1/readings` (needs readings.write). */
export function postReadings(readings: readonly ReadingInput[]): Promise<ReadingsAccepted> {
  return http.post<ReadingsAccepted>(`${V1}/readings`, { readings }, { silent: true })
}

/** Open alarms come ranked: level (red first), unacknowledged first, longest open first. */
export function listAlarms(query: AlarmQuery = {}, options: Silent = {}): Promise<Paged<Alarm>> {
  return http.get<Paged<Alarm>>(`${BASE}/alarms`, { query: cleanQuery({ ...query, region: query.region ?? undefined }), ...options })
}

export function getAlarm(id: string, options: Silent = {}): Promise<Alarm> {
  return http.get<Alarm>(alarmPath(id), options)
}

export function acknowledgeAlarm(id: string): Promise<Alarm> {
  return http.post<Alarm>(`${alarmPath(id)}/acknowledge`, {}, { silent: true })
}

/** Closes with a reason (required, at most 500 characters). */
export function closeAlarm(id: string, reason: string): Promise<Alarm> {
  return http.post<Alarm>(`${alarmPath(id)}/close`, { reason }, { silent: true })
}

/** 转预警: a manual warning of the alarm's level for the station's county, linked (needs alerts.write). */
export function alarmToWarning(id: string): Promise<{ alarm: Alarm; alert: Alert }> {
  return http.post<{ alarm: Alarm; alert: Alert }>(`${alarmPath(id)}/warning`, {}, { silent: true })
}

/**
 * 转事件: an incident intake of the theme's type at the station (needs incidents.write), occurred
 * when the alarm opened unless `occurredAt` says otherwise; the incident and the alarm name each other.
 */
export function alarmToIncident(id: string, occurredAt?: string): Promise<{ alarm: Alarm; incident: Incident }> {
  return http.post<{ alarm: Alarm; incident: Incident }>(`${alarmPath(id)}/incident`, occurredAt ? { occurred_at: occurredAt } : {}, {
    silent: true,
  })
}

export function getMonitoringSummary(query: { theme: string; region?: string | null | undefined }, options: Silent = {}): Promise<MonitoringSummary> {
  return http.get<MonitoringSummary>(`${BASE}/summary`, { query: cleanQuery({ ...query, region: query.region ?? undefined }), ...options })
}
