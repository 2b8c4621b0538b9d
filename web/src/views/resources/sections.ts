import { DataLine, List, MapLocation, Upload } from '@element-plus/icons-vue'
import type { ModuleSection } from '@/utils/sections'

export type ResourceSectionKey = 'map' | 'list' | 'import' | 'quality'

/** Under /resources. */
export type ResourceSection = ModuleSection<ResourceSectionKey, `res.nav.${ResourceSectionKey}`>

/** The pages of 应急资源, in menu order. */
export const RESOURCE_SECTIONS: readonly ResourceSection[] = [
  { key: 'map', path: 'map', titleKey: 'res.nav.map', icon: MapLocation, permission: 'resources.read' },
  { key: 'list', path: 'list', titleKey: 'res.nav.list', icon: List, permission: 'resources.read' },
  { key: 'import', path: 'import', titleKey: 'res.nav.import', icon: Upload, permission: 'resources.write' },
  { key: 'quality', path: 'quality', titleKey: 'res.nav.quality', icon: DataLine, permission: 'resources.read' },
]
