/**
 * 研判分析: the situation around an incident or a point (综合信息汇聚) and the intensity
 * zones of an earthquake (关联分析). See docs/openapi.yaml, tag `analysis`.
 */
import { http } from './http'
import type { Alert } from './alerts'
import type { Incident } from './incidents'
import type { Station } from './monitoring'

/** A record near the point. Neighbours (other jurisdictions) have no id and only a summary. */
export interface SituationItem {
  id?: string
  kind: string
  category: string
  category_name: string
  name: string
  region: string
  lon: number
  lat: number
  distance_m: number
  /** The smallest ring holding it (metres). */
  ring_m: number
  /** Teams: minutes at the team type's speed along a straight line; null otherwise. */
  eta_min: number | null
  other_region: boolean
  address?: string
  contact_person?: string
  contact_phone?: string
  /** Neighbours: the organisation keeping the record and its region's name. */
  owner?: string
  region_name?: string
  /** Teams: relevant equipment summed per category. */
  equipment?: { category: string; category_name: string; quantity: number }[]
  /** Depots: the stock the incident type needs. */
  stock?: { item: string; category: string; category_name: string; quantity: number; unit: string }[]
  /** Experts: whether the specialty matches the incident type. */
  matches_type?: boolean
  /** The kind's own fields (size, capacity, beds, stream_url …). */
  [field: string]: unknown
}

export interface SituationKind {
  kind: string
  name: string
  name_en: string
  /** Per ring (cumulative): records of the caller's jurisdiction inside it. */
  within: number[]
  /** Per ring (cumulative): records of other jurisdictions inside it. */
  other_within: number[]
  nearest: SituationItem[]
  neighbours: SituationItem[]
}

export interface CountyShare {
  code: string
  name: string
  overlap_km2: number
  density_per_km2: number
  people: number
}

export interface SituationRing {
  radius_m: number
  population: { people: number; counties: CountyShare[] }
  shelter_capacity: number
}

export interface DutyRoom {
  org_id: string
  org_name: string
  region: string
  phone: string
  rostered: boolean
  leader: { name: string; phone: string } | null
  officers: { name: string; phone: string }[]
}

export interface Situation {
  point: { lon: number; lat: number; region: string; region_name: string }
  type: string
  incident_id: string | null
  rings_m: number[]
  eta_method: string
  eta_note: string
  kinds: SituationKind[]
  rings: SituationRing[]
  population_method: string
  population_note: string
  warnings: Alert[]
  incidents: (Incident & { distance_m: number })[]
  stations: (Station & { distance_m: number })[]
  on_duty: DutyRoom[]
}

export interface QuakeZone {
  /** 6, 7, 8 (VIII and above). */
  intensity: number
  long_axis_km: number
  short_axis_km: number
  /** Closed ring of [lon, lat]. */
  outline: [number, number][]
  /** People in this zone and not in the next one inside it. */
  people: number
  exposed: SituationItem[]
}

export interface QuakePicture {
  point: { lon: number; lat: number }
  magnitude: number
  depth_km: number
  strike_deg: number
  /** The attenuation relation used, with its source. */
  relation: string
  zones: QuakeZone[]
}

export interface PointQuery {
  lon: number
  lat: number
  type?: string | undefined
  rings?: readonly number[] | undefined
}

export interface QuakeQuery {
  lon: number
  lat: number
  magnitude: number
  depth_km?: number | undefined
  strike_deg?: number | undefined
}

type Options = { silent?: boolean; signal?: AbortSignal }

const V1 = '/api/v1'
const ringsParam = (rings?: readonly number[]) => (rings && rings.length > 0 ? rings.join(',') : undefined)

export function getIncidentSituation(id: string, rings?: readonly number[], options: Options = {}): Promise<Situation> {
  return http.get<Situation>(`${V1}/incidents/${encodeURIComponent(id)}/situation`, { query: { rings: ringsParam(rings) }, ...options })
}

export function getPointSituation(query: PointQuery, options: Options = {}): Promise<Situation> {
  return http.get<Situation>(`${V1}/analysis/situation`, {
    query: { lon: query.lon, lat: query.lat, type: query.type || undefined, rings: ringsParam(query.rings) },
    ...options,
  })
}

export function getEarthquakeZones(query: QuakeQuery, options: Options = {}): Promise<QuakePicture> {
  return http.get<QuakePicture>(`${V1}/analysis/earthquake`, {
    query: { lon: query.lon, lat: query.lat, magnitude: query.magnitude, depth_km: query.depth_km, strike_deg: query.strike_deg },
    ...options,
  })
}
