import { Calendar, Notebook, PhoneFilled, Printer, Promotion, Switch } from '@element-plus/icons-vue'
import type { Requirement } from '@/utils/permissions'
import { firstPathOf, type ModuleSection } from '@/utils/sections'

export type DutySectionKey = 'incidents' | 'reports' | 'roster' | 'log' | 'handover' | 'fax'

/** Under /duty. */
export type DutySection = ModuleSection<DutySectionKey, `duty.nav.${DutySectionKey}`>

/** The pages of 值班值守, in menu order. */
export const DUTY_SECTIONS: readonly DutySection[] = [
  { key: 'incidents', path: 'incidents', titleKey: 'duty.nav.incidents', icon: PhoneFilled, permission: 'incidents.read' },
  { key: 'reports', path: 'reports', titleKey: 'duty.nav.reports', icon: Promotion, permission: 'incidents.read' },
  { key: 'roster', path: 'roster', titleKey: 'duty.nav.roster', icon: Calendar, permission: 'duty.read' },
  { key: 'log', path: 'log', titleKey: 'duty.nav.log', icon: Notebook, permission: 'duty.read' },
  { key: 'handover', path: 'handover', titleKey: 'duty.nav.handover', icon: Switch, permission: 'duty.read' },
  { key: 'fax', path: 'fax', titleKey: 'duty.nav.fax', icon: Printer, permission: 'duty.read' },
]

/** Where /duty goes: 信息接报 for those who may read incidents, else the first page they may see. */
export function firstDutyPath(can: (required: Requirement) => boolean): string {
  return firstPathOf(DUTY_SECTIONS, '/duty', can, '/403')
}
