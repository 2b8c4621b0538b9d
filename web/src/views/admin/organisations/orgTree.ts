/**
 * The organisation tree of the left panel: region nodes (province → city → county), and
 * under each region the organisations located there, nested by `parent_id` where the
 * parent is in the same region. A region node counts the organisations below it.
 */
import type { Organisation } from '@/api/organisations'
import type { RegionNode } from '@/utils/regions'

export interface OrgTreeNode {
  /** `r:<code>` or `o:<id>`: unique across both kinds. */
  key: string
  kind: 'region' | 'org'
  label: string
  region: string
  org?: Organisation
  /** Organisations in this subtree (for a region node; for an org node its descendants + 1). */
  count: number
  children: OrgTreeNode[]
}

export const regionKey = (code: string) => `r:${code}`
export const orgKey = (id: string) => `o:${id}`

function byName(a: OrgTreeNode, b: OrgTreeNode): number {
  return a.label.localeCompare(b.label, 'zh-Hans-CN')
}

export function buildOrgTree(regions: readonly RegionNode[], orgs: readonly Organisation[]): OrgTreeNode[] {
  const orgNodes = new Map<string, OrgTreeNode>()
  for (const org of orgs) {
    orgNodes.set(org.id, { key: orgKey(org.id), kind: 'org', label: org.name, region: org.region, org, count: 1, children: [] })
  }
  // Nest organisations under their parent when both sit in the same region.
  const rootsByRegion = new Map<string, OrgTreeNode[]>()
  for (const node of orgNodes.values()) {
    const parentId = node.org?.parent_id
    const parent = parentId ? orgNodes.get(parentId) : undefined
    if (parent && parent.region === node.region && parent !== node) {
      parent.children.push(node)
    } else {
      const list = rootsByRegion.get(node.region) ?? []
      list.push(node)
      rootsByRegion.set(node.region, list)
    }
  }
  const countOrg = (node: OrgTreeNode): number => {
    node.children.sort(byName)
    node.count = 1 + node.children.reduce((sum, child) => sum + countOrg(child), 0)
    return node.count
  }

  const convert = (region: RegionNode): OrgTreeNode => {
    const orgRoots = (rootsByRegion.get(region.value) ?? []).sort(byName)
    const childRegions = region.children.map(convert)
    const count = orgRoots.reduce((sum, node) => sum + countOrg(node), 0) + childRegions.reduce((sum, node) => sum + node.count, 0)
    return {
      key: regionKey(region.value),
      kind: 'region',
      label: region.label,
      region: region.value,
      count,
      children: [...orgRoots, ...childRegions],
    }
  }
  return regions.map(convert)
}

/** Whether a node (or, for el-tree's filter, its label) matches the filter text. */
export function matchesFilter(text: string, node: Pick<OrgTreeNode, 'label' | 'region'>): boolean {
  const q = text.trim().toLowerCase()
  return q === '' || node.label.toLowerCase().includes(q) || node.region.startsWith(q)
}
