import type { Component } from 'vue'
import { BellFilled } from '@element-plus/icons-vue'
import type { Requirement } from '@/utils/permissions'

/** 预警信息 now; the six monitoring themes (森林草原火灾 …) join as later pages. */
export type MonitoringSectionKey = 'alerts'

export interface MonitoringSection {
  key: MonitoringSectionKey
  /** Under /monitoring. */
  path: string
  titleKey: `alerts.nav.${MonitoringSectionKey}`
  icon: Component
  permission: Requirement
}

/** The pages of 监测预警, in menu order. */
export const MONITORING_SECTIONS: readonly MonitoringSection[] = [
  { key: 'alerts', path: 'alerts', titleKey: 'alerts.nav.alerts', icon: BellFilled, permission: 'alerts.read' },
]

export function visibleMonitoringSections(can: (required: Requirement) => boolean): MonitoringSection[] {
  return MONITORING_SECTIONS.filter((s) => can(s.permission))
}

/** The section a path belongs to (`/monitoring/alerts/12` → alerts). */
export function activeMonitoringSection(path: string): MonitoringSectionKey | null {
  const first = path.replace(/^\/monitoring\/?/, '').split('/')[0] ?? ''
  return MONITORING_SECTIONS.find((s) => s.path === first)?.key ?? null
}

/** Where /monitoring goes: the first page the user may see, else 403. */
export function firstMonitoringPath(can: (required: Requirement) => boolean): string {
  const first = visibleMonitoringSections(can)[0]
  return first ? `/monitoring/${first.path}` : '/403'
}
