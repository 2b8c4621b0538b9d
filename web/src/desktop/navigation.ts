import type { Component } from 'vue'
import { Aim, Box, DataAnalysis, Finished, Headset, HomeFilled, Reading, Setting, Warning } from '@element-plus/icons-vue'
import { ADMIN_MENU_PERMISSIONS } from '@/views/admin/sections'
import type { Requirement } from '@/utils/permissions'

export type ModuleKey = 'home' | 'duty' | 'resources' | 'monitoring' | 'analysis' | 'command' | 'review' | 'knowledge' | 'admin'

export interface NavItem {
  key: ModuleKey
  path: string
  /** i18n key of the label. */
  titleKey: `nav.${ModuleKey}`
  icon: Component
  /** Shown only to users who hold it (any one of a list). */
  permission?: Requirement
}

/**
 * The product's main navigation, in menu order (UI.md). Each entry needs what its pages read:
 * a role sees only the modules it may use (a data operator no 值班值守, a field responder no
 * 首页 command screen).
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'home', path: '/', titleKey: 'nav.home', icon: HomeFilled, permission: 'incidents.read' },
  { key: 'duty', path: '/duty', titleKey: 'nav.duty', icon: Headset, permission: ['incidents.read', 'duty.read'] },
  { key: 'resources', path: '/resources', titleKey: 'nav.resources', icon: Box, permission: 'resources.read' },
  { key: 'monitoring', path: '/monitoring', titleKey: 'nav.monitoring', icon: Warning, permission: ['alerts.read', 'monitoring.read'] },
  { key: 'analysis', path: '/analysis', titleKey: 'nav.analysis', icon: DataAnalysis, permission: 'incidents.read' },
  { key: 'command', path: '/command', titleKey: 'nav.command', icon: Aim, permission: 'incidents.read' },
  { key: 'review', path: '/review', titleKey: 'nav.review', icon: Finished, permission: 'incidents.read' },
  { key: 'knowledge', path: '/knowledge', titleKey: 'nav.knowledge', icon: Reading },
  { key: 'admin', path: '/admin', titleKey: 'nav.admin', icon: Setting, permission: ADMIN_MENU_PERMISSIONS },
]

/** The entries a user sees: those whose permission they hold. */
export function visibleNavItems(can: (required: Requirement) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => can(item.permission))
}

/** The menu entry a path belongs to: `/resources/teams/3` → `/resources`. */
export function activeNavPath(path: string): string {
  const match = NAV_ITEMS.filter((item) => item.path !== '/').find((item) => path === item.path || path.startsWith(`${item.path}/`))
  return match?.path ?? '/'
}
