import type { Component } from 'vue'
import { DataLine, List, MapLocation, Upload } from '@element-plus/icons-vue'
import type { Requirement } from '@/utils/permissions'

export type ResourceSectionKey = 'map' | 'list' | 'import' | 'quality'

export interface ResourceSection {
  key: ResourceSectionKey
  /** Under /resources. */
  path: string
  titleKey: `res.nav.${ResourceSectionKey}`
  icon: Component
  permission: Requirement
}

/** The pages of 应急资源, in menu order. */
export const RESOURCE_SECTIONS: readonly ResourceSection[] = [
  { key: 'map', path: 'map', titleKey: 'res.nav.map', icon: MapLocation, permission: 'resources.read' },
  { key: 'list', path: 'list', titleKey: 'res.nav.list', icon: List, permission: 'resources.read' },
  { key: 'import', path: 'import', titleKey: 'res.nav.import', icon: Upload, permission: 'resources.write' },
  { key: 'quality', path: 'quality', titleKey: 'res.nav.quality', icon: DataLine, permission: 'resources.read' },
]

export function visibleResourceSections(can: (required: Requirement) => boolean): ResourceSection[] {
  return RESOURCE_SECTIONS.filter((s) => can(s.permission))
}

/** The section a path belongs to (`/resources/list/team` → list). */
export function activeResourceSection(path: string): ResourceSectionKey | null {
  const rest = path.replace(/^\/resources\/?/, '')
  const first = rest.split('/')[0] ?? ''
  return RESOURCE_SECTIONS.find((s) => s.path === first)?.key ?? null
}
