/**
 * Emergency resources (应急资源): the schema of every kind, records, the map's spatial
 * queries, import/export and data quality. The server declares each kind once
 * (`GET /api/v1/resource-kinds`); forms, columns and import mappings are generated from it.
 */
import { http } from './http'
import type { Paged } from './reference'

export type ResourceFieldType = 'text' | 'integer' | 'number' | 'phone' | 'enum' | 'date' | 'url'

/** A category or an enumerated value. */
export interface ResourceOption {
  code: string
  name: string
  name_en: string
}

/** One field of a kind, as the server declares it. */
export interface ResourceField {
  key: string
  type: ResourceFieldType
  name: string
  name_en: string
  required: boolean
  /** Counts towards the record's quality score. */
  recommended: boolean
  unit?: string
  options?: ResourceOption[]
  min?: number
  max?: number
}

export interface ResourceKind {
  key: string
  name: string
  name_en: string
  /** Records need lon and lat and appear on the map. */
  located: boolean
  parent_kind: string | null
  parent_required: boolean
  verify_interval_days: number
  categories: ResourceOption[]
  fields: ResourceField[]
}

/** A record: the common fields, the kind's own fields under their keys, derived fields. */
export interface ResourceRecord {
  id: string
  kind: string
  category: string
  name: string
  region: string
  lon: number | null
  lat: number | null
  address: string
  contact_person: string
  contact_phone: string
  data_source: string
  owner_org_id: string | null
  parent_id: string | null
  quality: number
  verified_at: string
  updated_at: string
  updated_by: string
  days_since_verified: number
  stale: boolean
  version: number
  /** The kind's own fields (absent when empty). */
  [field: string]: unknown
}

/** A located record as the map index keeps it. */
export interface ResourcePlacement {
  id: string
  kind: string
  category: string
  name: string
  region: string
  lon: number
  lat: number
  version: number
  distance_m?: number
}

export interface ResourceCluster {
  lon: number
  lat: number
  count: number
  kinds: Record<string, number>
  item?: ResourcePlacement
}

export interface ResourceCount {
  kind: string
  category: string
  count: number
}

export interface QualityRank {
  rank: number
  region: string
  records: number
  quality: number
  stale: number
}

export interface ImportRejection {
  row: number
  field: string
  reason: string
}

export interface ImportReport {
  applied: boolean
  created: number
  updated: number
  /** Rows without 编号 whose record is already there (same kind, name, region and place): skipped. */
  existing: number
  /** Those rows (1-based in the rows sent) and the id of the record each names. */
  existing_rows: { row: number; id: string }[]
  rejected: ImportRejection[]
}

export type SortKey = 'id' | 'name' | 'updated_at' | 'quality' | 'region'
export type SpreadsheetFormat = 'csv' | 'xlsx'

export interface ResourceQuery {
  kind?: string | undefined
  category?: string | undefined
  region?: string | undefined
  q?: string | undefined
  updated_since?: string | undefined
  quality_below?: number | undefined
  parent?: string | undefined
  stale?: boolean | undefined
  sort?: SortKey | undefined
  order?: 'asc' | 'desc' | undefined
  limit?: number
  offset?: number
}

/** `minLon,minLat,maxLon,maxLat`. */
export type Bbox = readonly [number, number, number, number]

export interface ClusterQuery {
  bbox: Bbox
  zoom: number
  /** Kind keys; empty or absent for every kind. */
  kinds?: readonly string[] | undefined
  region?: string | undefined
}

/** Body of a create or a change: common fields and the kind's fields by key. */
export type ResourceInput = Record<string, string | number | null>

const BASE = '/api/v1/resources'

const path = (id: string) => `${BASE}/${encodeURIComponent(id)}`

/** Query values the server reads: booleans only when true, empty strings left out. */
function clean(query: object): Record<string, string | number | boolean | undefined> {
  const out: Record<string, string | number | boolean | undefined> = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue
    out[key] = value as string | number | boolean
  }
  return out
}

export async function listKinds(): Promise<ResourceKind[]> {
  return (await http.get<{ items: ResourceKind[] }>('/api/v1/resource-kinds')).items
}

export function listResources(query: ResourceQuery = {}, options: { signal?: AbortSignal; silent?: boolean } = {}): Promise<Paged<ResourceRecord>> {
  return http.get<Paged<ResourceRecord>>(BASE, { query: clean(query), ...options })
}

export function getResource(id: string, options: { silent?: boolean } = {}): Promise<ResourceRecord> {
  return http.get<ResourceRecord>(path(id), options)
}

export function createResource(input: ResourceInput): Promise<ResourceRecord> {
  return http.post<ResourceRecord>(BASE, input, { silent: true })
}

export function updateResource(id: string, patch: ResourceInput & { version: number }): Promise<ResourceRecord> {
  return http.patch<ResourceRecord>(path(id), patch, { silent: true })
}

export function deleteResource(id: string): Promise<void> {
  return http.delete<void>(path(id), { silent: true })
}

/** Confirms the record unchanged (verified now, version kept). */
export function verifyResource(id: string): Promise<ResourceRecord> {
  return http.post<ResourceRecord>(`${path(id)}/verify`, undefined, { silent: true })
}

export async function countResources(region?: string, signal?: AbortSignal): Promise<ResourceCount[]> {
  return (await http.get<{ items: ResourceCount[] }>(`${BASE}/counts`, { query: clean({ region }), signal: signal ?? undefined })).items
}

/** The bbox as the server reads it, rounded to ~1 m so URLs stay short. */
export function bboxParam(bbox: Bbox): string {
  return bbox.map((v) => Number(v.toFixed(5))).join(',')
}

export function clusterResources(query: ClusterQuery, signal?: AbortSignal): Promise<{ items: ResourceCluster[]; total: number }> {
  return http.get(`${BASE}/clusters`, {
    query: clean({
      bbox: bboxParam(query.bbox),
      zoom: Math.round(query.zoom),
      kind: query.kinds && query.kinds.length > 0 ? query.kinds.join(',') : undefined,
      region: query.region,
    }),
    signal: signal ?? undefined,
    silent: true,
  })
}

export async function nearbyResources(
  query: { lon: number; lat: number; radius_m: number; k?: number; kinds?: readonly string[] },
  signal?: AbortSignal,
): Promise<ResourcePlacement[]> {
  const { kinds, ...rest } = query
  return (
    await http.get<{ items: ResourcePlacement[] }>(`${BASE}/nearby`, {
      query: clean({ ...rest, kind: kinds && kinds.length > 0 ? kinds.join(',') : undefined }),
      signal: signal ?? undefined,
    })
  ).items
}

export async function qualityRanking(level: 'county' | 'city', region?: string): Promise<QualityRank[]> {
  return (await http.get<{ items: QualityRank[] }>(`${BASE}/quality/ranking`, { query: clean({ level, region }) })).items
}

export function importResources(
  kind: string,
  rows: readonly Record<string, unknown>[],
  options: { dryRun: boolean; partial: boolean },
): Promise<ImportReport> {
  return http.post<ImportReport>(`${BASE}/import`, { rows }, { query: { kind, dry_run: options.dryRun, partial: options.partial }, silent: true })
}

function queryString(query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value))
  return params.toString()
}

/** Where the browser downloads a kind's empty template (a GET: the session cookie rides along). */
export function templateUrl(kind: string, format: SpreadsheetFormat): string {
  return `${BASE}/template?${queryString({ kind, format })}`
}

/** Where the browser downloads the records matching a list's filters (`stale` is not read there). */
export function exportUrl(query: ResourceQuery & { kind: string }, format: SpreadsheetFormat): string {
  const filters: ResourceQuery = { ...query }
  delete filters.limit
  delete filters.offset
  delete filters.stale
  return `${BASE}/export?${queryString({ ...clean(filters), format })}`
}

/** The county boundaries (GeoJSON) for the offline base map. */
export interface BoundaryFeature {
  type: 'Feature'
  properties: { code: string; name?: string; level?: string; parent?: string }
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] }
}

export interface BoundaryCollection {
  type: 'FeatureCollection'
  features: BoundaryFeature[]
}

export function getBoundaries(): Promise<BoundaryCollection> {
  return http.get<BoundaryCollection>('/api/v1/regions/boundaries')
}

export interface ReminderReport {
  owners: number
  messages_sent: number
  /** Owners reminded within the last 24 hours: not messaged again. */
  recently_reminded: string[]
  unreachable: string[]
}

/** SMS to the registered administrators of every owner with records overdue for verification. */
export function remindOwners(): Promise<ReminderReport> {
  return http.post<ReminderReport>('/api/v1/resources/reminders', undefined)
}
