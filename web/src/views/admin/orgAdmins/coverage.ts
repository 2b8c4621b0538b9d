import type { Coverage } from '@/api/orgAdmins'
import type { Region } from '@/api/reference'

export interface CoverageRow extends Coverage {
  /** Regions below without any administrator (for a parent row). */
  missingBelow: number
  children?: CoverageRow[]
}

/**
 * The coverage list as a tree (province → city → county) using the region list for
 * parents; with `onlyMissing`, a flat list of the regions without an administrator.
 */
export function coverageRows(items: readonly Coverage[], regions: ReadonlyMap<string, Pick<Region, 'parent'>>, onlyMissing: boolean): CoverageRow[] {
  const sorted = [...items].sort((a, b) => a.region.localeCompare(b.region))
  if (onlyMissing) return sorted.filter((c) => c.admins === 0).map((c) => ({ ...c, missingBelow: 0 }))

  const rows = new Map<string, CoverageRow>(sorted.map((c) => [c.region, { ...c, missingBelow: 0 }]))
  const roots: CoverageRow[] = []
  for (const row of rows.values()) {
    const parentCode = regions.get(row.region)?.parent ?? null
    const parent = parentCode ? rows.get(parentCode) : undefined
    if (parent) (parent.children ??= []).push(row)
    else roots.push(row)
  }
  const count = (row: CoverageRow): number => {
    row.missingBelow = (row.children ?? []).reduce((sum, child) => sum + count(child) + (child.admins === 0 ? 1 : 0), 0)
    return row.missingBelow
  }
  roots.forEach(count)
  return roots
}

/** How many regions have no administrator at all. */
export function missingCount(items: readonly Coverage[]): number {
  return items.filter((c) => c.admins === 0).length
}
