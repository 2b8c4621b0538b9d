/**
 * The map's place search: counties and cities of the reference data by name (the data holds no
 * townships), best match first, within the user's jurisdiction so the map may show them.
 */
import type { Region } from '@/api/reference'
import { regionCodePrefix } from './geo'

const LEVEL_ORDER: Readonly<Record<string, number>> = { province: 0, city: 1, county: 2 }

/**
 * Regions whose name holds `query` (or whose code it is), inside `within` (a region code; null
 * or '' for all): the exact name first, then names starting with it, then the rest; cities
 * before counties, then by code. At most `limit`.
 */
export function matchRegions(regions: readonly Region[], query: string, within: string | null | undefined, limit = 8): Region[] {
  const q = query.trim()
  if (!q) return []
  const prefix = within ? regionCodePrefix(within) : ''
  const rank = (r: Region) => (r.name === q || r.code === q ? 0 : r.name.startsWith(q) ? 1 : 2)
  return regions
    .filter((r) => (!prefix || r.code.startsWith(prefix)) && (r.name.includes(q) || r.code === q))
    .sort((a, b) => rank(a) - rank(b) || (LEVEL_ORDER[a.level] ?? 3) - (LEVEL_ORDER[b.level] ?? 3) || a.code.localeCompare(b.code))
    .slice(0, limit)
}
