import { getBoundaries, type BoundaryCollection } from '@/api/resources'

let cached: Promise<BoundaryCollection | null> | null = null

/** The county boundaries, fetched once per page load (the map and the location picker share them). */
export function loadBoundaries(): Promise<BoundaryCollection | null> {
  cached ??= getBoundaries().catch(() => {
    cached = null
    return null
  })
  return cached
}
