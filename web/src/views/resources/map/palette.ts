/**
 * The map's symbols: one fixed colour per kind (the legend names each beside its colour),
 * and cluster sizes that grow with the count but stay readable. The kind colours avoid the
 * four warning-level colours (UI.md), which mean levels everywhere.
 */

const KIND_COLOURS: Record<string, string> = {
  team: '#59a14f',
  depot: '#b07aa1',
  expert: '#ff9da7',
  info_officer: '#bab0ac',
  station: '#76b7b2',
  camera: '#a0cbe8',
  shelter: '#8cd17d',
  protection_target: '#edc948',
  hazard_point: '#e15759',
  enterprise: '#9c755f',
  gas_station: '#f28e2b',
  water_facility: '#4e79a7',
  major_hazard: '#d37295',
  team_member: '#86bcb6',
  equipment: '#b6992d',
  stock_line: '#d4a6c8',
}

/** Colours for kinds the server adds later, picked by the key so they stay stable. */
const SPARE = ['#499894', '#fabfd2', '#ffbe7d', '#79706e', '#a0a0ff', '#c0e070']

export function kindColour(kind: string): string {
  const known = KIND_COLOURS[kind]
  if (known) return known
  let hash = 0
  for (const ch of kind) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return SPARE[hash % SPARE.length]!
}

/** Radius in pixels of a single record's dot. */
export const POINT_RADIUS = 6

/**
 * Radius in pixels of a cluster's circle: 16 for two records, growing with the logarithm
 * of the count (so 10, 100, 1000 read as steps) up to 34.
 */
export function clusterRadius(count: number): number {
  if (count <= 1) return POINT_RADIUS
  return Math.min(34, Math.round(12 + 6 * Math.log10(count) + (count >= 2 ? 2 : 0)))
}

/** The count as drawn inside a cluster: 999, 1.2k, 12k. */
export function clusterLabel(count: number): string {
  if (count < 1000) return String(count)
  if (count < 10_000) return `${(count / 1000).toFixed(1).replace(/\.0$/, '')}k`
  return `${Math.round(count / 1000)}k`
}

export interface Slice {
  kind: string
  colour: string
  /** Start and end angle in radians, clockwise from 12 o'clock. */
  start: number
  end: number
}

/** The ring of a cluster: one slice per kind, proportional to its records, largest first. */
export function clusterSlices(kinds: Record<string, number>): Slice[] {
  const entries = Object.entries(kinds).filter(([, n]) => n > 0)
  const total = entries.reduce((sum, [, n]) => sum + n, 0)
  if (total === 0) return []
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const slices: Slice[] = []
  let angle = -Math.PI / 2
  for (const [kind, n] of entries) {
    const sweep = (n / total) * Math.PI * 2
    slices.push({ kind, colour: kindColour(kind), start: angle, end: angle + sweep })
    angle += sweep
  }
  return slices
}
