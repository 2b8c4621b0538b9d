import { BellFilled, DataLine, List, OfficeBuilding, Odometer, Pouring, Sunny, WarnTriangleFilled } from '@element-plus/icons-vue'
import type { ThemeCode } from '@/api/monitoring'
import type { Requirement } from '@/utils/permissions'
import { firstPathOf, type ModuleSection } from '@/utils/sections'

/** 预警信息, 报警记录 (every theme's alarms), then the six monitoring themes (监测预警专题). */
export type MonitoringSectionKey = 'alerts' | 'alarms' | ThemeCode

/** Under /monitoring. */
export type MonitoringSection = ModuleSection<MonitoringSectionKey, `alerts.nav.${MonitoringSectionKey}`>

/** The six themes in menu order: one page each at /monitoring/{theme}, the same view. */
export const THEME_SECTIONS: readonly (MonitoringSection & { key: ThemeCode })[] = [
  { key: 'forest', path: 'forest', titleKey: 'alerts.nav.forest', icon: Sunny, permission: 'monitoring.read' },
  { key: 'flood', path: 'flood', titleKey: 'alerts.nav.flood', icon: Pouring, permission: 'monitoring.read' },
  { key: 'geology', path: 'geology', titleKey: 'alerts.nav.geology', icon: DataLine, permission: 'monitoring.read' },
  { key: 'hazchem', path: 'hazchem', titleKey: 'alerts.nav.hazchem', icon: WarnTriangleFilled, permission: 'monitoring.read' },
  { key: 'mine', path: 'mine', titleKey: 'alerts.nav.mine', icon: Odometer, permission: 'monitoring.read' },
  { key: 'metallurgy', path: 'metallurgy', titleKey: 'alerts.nav.metallurgy', icon: OfficeBuilding, permission: 'monitoring.read' },
]

/** The pages of 监测预警, in menu order. */
export const MONITORING_SECTIONS: readonly MonitoringSection[] = [
  { key: 'alerts', path: 'alerts', titleKey: 'alerts.nav.alerts', icon: BellFilled, permission: 'alerts.read' },
  { key: 'alarms', path: 'alarms', titleKey: 'alerts.nav.alarms', icon: List, permission: 'monitoring.read' },
  ...THEME_SECTIONS,
]

/** Where /monitoring goes: the first page the user may see, else 403. */
export function firstMonitoringPath(can: (required: Requirement) => boolean): string {
  return firstPathOf(MONITORING_SECTIONS, '/monitoring', can, '/403')
}
