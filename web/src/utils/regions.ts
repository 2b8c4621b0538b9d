/**
 * The region tree (province → city → county, zones under their city) built from the
 * server's flat list, and jurisdiction by code prefix: 140000 covers every code starting
 * 14, 140100 every code starting 1401, a county only itself.
 */
import type { Region, RegionLevel } from '@/api/reference'

export interface RegionNode {
  /** The region code (el-tree-select's value). */
  value: string
  label: string
  level: RegionLevel
  parent: string | null
  children: RegionNode[]
}

const LEVEL_ORDER: Record<RegionLevel, number> = { province: 0, city: 1, county: 2, zone: 3 }

function byLevelThenCode(a: { level: RegionLevel; code: string }, b: { level: RegionLevel; code: string }): number {
  return LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code)
}

/** The code prefix a region covers: 140000 → 14, 140100 → 1401, 140105 → 140105. */
export function regionPrefix(code: string): string {
  let prefix = code
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2)
  return prefix
}

/** Whether `code` lies in `jurisdiction` (itself or below). */
export function isWithin(code: string, jurisdiction: string | null | undefined): boolean {
  if (!jurisdiction) return true
  return code.startsWith(regionPrefix(jurisdiction))
}

/**
 * Nests the flat list. With `root`, only that region and what lies below it (the
 * user's jurisdiction); a region whose parent is missing becomes a root. Children are
 * counties before zones, each by code.
 */
export function buildRegionTree(regions: readonly Region[], root?: string | null): RegionNode[] {
  const nodes = new Map<string, RegionNode>()
  const sorted = [...regions].sort(byLevelThenCode)
  for (const r of sorted) {
    if (root && !isWithin(r.code, root)) continue
    nodes.set(r.code, { value: r.code, label: r.name, level: r.level, parent: r.parent, children: [] })
  }
  const roots: RegionNode[] = []
  for (const node of nodes.values()) {
    const parent = node.parent !== null && node.value !== root ? nodes.get(node.parent) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

/** Names from the top down to `code`: ['山西省', '太原市', '小店区']. */
export function regionPath(code: string, byCode: ReadonlyMap<string, Pick<Region, 'name' | 'parent'>>): string[] {
  const names: string[] = []
  const seen = new Set<string>()
  let current: string | null = code
  while (current !== null && !seen.has(current)) {
    seen.add(current)
    const region = byCode.get(current)
    if (!region) break
    names.unshift(region.name)
    current = region.parent
  }
  return names
}

/** Every node of the tree, depth first. */
export function flattenTree<T extends { children?: T[] }>(nodes: readonly T[]): T[] {
  const out: T[] = []
  const walk = (list: readonly T[]) => {
    for (const node of list) {
      out.push(node)
      if (node.children) walk(node.children)
    }
  }
  walk(nodes)
  return out
}
