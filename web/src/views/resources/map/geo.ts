/**
 * Small geometry for the map: great-circle distances for the measure tool, the box the
 * clusters API is asked for, and which county a point falls in (for "create here").
 */
import type { Bbox, BoundaryCollection, BoundaryFeature } from '@/api/resources'

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8

export interface LonLat {
  lon: number
  lat: number
}

const rad = (deg: number) => (deg * Math.PI) / 180

/** Great-circle (haversine) distance in metres. */
export function haversine(a: LonLat, b: LonLat): number {
  const dLat = rad(b.lat - a.lat)
  const dLon = rad(b.lon - a.lon)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Length of a path through the points, metres. */
export function pathLength(points: readonly LonLat[]): number {
  let total = 0
  for (let i = 1; i < points.length; i++) total += haversine(points[i - 1]!, points[i]!)
  return total
}

/** 850 m, 12.3 km, 123 km. */
export function formatDistance(metres: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const km = locale === 'en' ? 'km' : '公里'
  const m = locale === 'en' ? 'm' : '米'
  if (metres < 1000) return `${Math.round(metres)} ${m}`
  if (metres < 100_000) return `${(metres / 1000).toFixed(2)} ${km}`
  return `${Math.round(metres / 1000)} ${km}`
}

/**
 * The box to ask the clusters API for: the view grown by `pad` of its size on each side
 * (so a small pan needs no new request), clamped to valid coordinates.
 */
export function paddedBbox(view: Bbox, pad = 0.1): Bbox {
  const [w, s, e, n] = view
  const dx = (e - w) * pad
  const dy = (n - s) * pad
  return [Math.max(-180, w - dx), Math.max(-85, s - dy), Math.min(180, e + dx), Math.min(85, n + dy)]
}

function rings(feature: BoundaryFeature): number[][][] {
  return feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat()
}

function polygons(feature: BoundaryFeature): number[][][][] {
  return feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates
}

/** Ray casting: whether the point is inside the ring (lon/lat pairs). */
function inRing(lon: number, lat: number, ring: readonly number[][]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** The code of the county whose boundary contains the point, or null. */
export function countyAt(boundaries: BoundaryCollection, lon: number, lat: number): string | null {
  for (const feature of boundaries.features) {
    for (const polygon of polygons(feature)) {
      const [outer, ...holes] = polygon
      if (outer && inRing(lon, lat, outer) && !holes.some((h) => inRing(lon, lat, h))) return feature.properties.code
    }
  }
  return null
}

/** The bounding box of the counties of a region (a county, a city's counties, or all). */
export function regionBbox(boundaries: BoundaryCollection, region: string | null | undefined): Bbox | null {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  const prefix = region ? regionCodePrefix(region) : ''
  for (const feature of boundaries.features) {
    if (prefix && !feature.properties.code.startsWith(prefix)) continue
    for (const ring of rings(feature)) {
      for (const [lon, lat] of ring as [number, number][]) {
        if (lon < w) w = lon
        if (lon > e) e = lon
        if (lat < s) s = lat
        if (lat > n) n = lat
      }
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null
}

/** 140000 → 14, 140100 → 1401, 140105 → 140105 (a functional zone 140171 → its city 1401). */
export function regionCodePrefix(code: string): string {
  if (code.endsWith('71')) return code.slice(0, 4)
  let prefix = code
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2)
  return prefix
}

export type EdgeClass = 'county' | 'city' | 'province'

/** How far beside an edge the neighbour is looked for (degrees, ~500 m). */
const NEIGHBOUR_PROBE = 0.005

interface IndexedFeature {
  code: string
  city: string
  box: Bbox
  feature: BoundaryFeature
}

function indexFeatures(boundaries: BoundaryCollection): IndexedFeature[] {
  return boundaries.features.map((feature) => {
    let w = Infinity
    let s = Infinity
    let e = -Infinity
    let n = -Infinity
    for (const ring of rings(feature)) {
      for (const [lon, lat] of ring as [number, number][]) {
        w = Math.min(w, lon)
        e = Math.max(e, lon)
        s = Math.min(s, lat)
        n = Math.max(n, lat)
      }
    }
    const code = feature.properties.code
    return { code, city: feature.properties.parent ?? `${code.slice(0, 4)}00`, box: [w, s, e, n] as Bbox, feature }
  })
}

function indexedCountyAt(index: readonly IndexedFeature[], lon: number, lat: number): IndexedFeature | null {
  for (const f of index) {
    if (lon < f.box[0] || lon > f.box[2] || lat < f.box[1] || lat > f.box[3]) continue
    for (const polygon of polygons(f.feature)) {
      const [outer, ...holes] = polygon
      if (outer && inRing(lon, lat, outer) && !holes.some((h) => inRing(lon, lat, h))) return f
    }
  }
  return null
}

/**
 * The base map's borders from the county polygons, by what lies on the other side of each
 * edge (probed ~500 m to either side, since neighbouring counties' outlines do not share
 * every vertex): a county of the same city makes a county border, a county of another city
 * a city border, nothing the province's outline. Each class comes back as line strings of
 * lat/lng pairs for Leaflet, consecutive edges joined; an edge both neighbours share
 * exactly is drawn once.
 */
export function borderLines(boundaries: BoundaryCollection): Record<EdgeClass, [number, number][][]> {
  const index = indexFeatures(boundaries)
  const out: Record<EdgeClass, [number, number][][]> = { county: [], city: [], province: [] }
  const seen = new Set<string>()
  const key = (a: number[], b: number[]) => {
    const p = `${a[0]},${a[1]}`
    const q = `${b[0]},${b[1]}`
    return p < q ? `${p}|${q}` : `${q}|${p}`
  }
  for (const self of index) {
    for (const ring of rings(self.feature)) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1]!
        const b = ring[i]!
        const k = key(a, b)
        if (seen.has(k)) continue
        seen.add(k)
        const [ax, ay] = a as [number, number]
        const [bx, by] = b as [number, number]
        const length = Math.hypot(bx - ax, by - ay) || 1
        const nx = (-(by - ay) / length) * NEIGHBOUR_PROBE
        const ny = ((bx - ax) / length) * NEIGHBOUR_PROBE
        const mx = (ax + bx) / 2
        const my = (ay + by) / 2
        const sides = [indexedCountyAt(index, mx + nx, my + ny), indexedCountyAt(index, mx - nx, my - ny)]
        const others = sides.filter((f) => f?.code !== self.code)
        let cls: EdgeClass
        if (others.length === 0)
          cls = 'county' // a narrow neck of the county itself
        else if (others.some((f) => f === null)) cls = 'province'
        else cls = others.some((f) => f!.city !== self.city) ? 'city' : 'county'
        const lines = out[cls]
        const last = lines[lines.length - 1]
        const from: [number, number] = [ay, ax]
        const to: [number, number] = [by, bx]
        const end = last?.[last.length - 1]
        if (last && end && end[0] === from[0] && end[1] === from[1]) last.push(to)
        else lines.push([from, to])
      }
    }
  }
  return out
}
