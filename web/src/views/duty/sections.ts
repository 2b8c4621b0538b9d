import type { Component } from 'vue'
import { Calendar, Notebook, PhoneFilled, Printer, Promotion, Switch } from '@element-plus/icons-vue'
import type { Requirement } from '@/utils/permissions'

export type DutySectionKey = 'incidents' | 'reports' | 'roster' | 'log' | 'handover' | 'fax'

export interface DutySection {
  key: DutySectionKey
  /** Under /duty. */
  path: string
  titleKey: `duty.nav.${DutySectionKey}`
  icon: Component
  permission: Requirement
}

/** The pages of 值班值守, in menu order. */
export const DUTY_SECTIONS: readonly DutySection[] = [
  { key: 'incidents', path: 'incidents', titleKey: 'duty.nav.incidents', icon: PhoneFilled, permission: 'incidents.read' },
  { key: 'reports', path: 'reports', titleKey: 'duty.nav.reports', icon: Promotion, permission: 'incidents.read' },
  { key: 'roster', path: 'roster', titleKey: 'duty.nav.roster', icon: Calendar, permission: 'duty.read' },
  { key: 'log', path: 'log', titleKey: 'duty.nav.log', icon: Notebook, permission: 'duty.read' },
  { key: 'handover', path: 'handover', titleKey: 'duty.nav.handover', icon: Switch, permission: 'duty.read' },
  { key: 'fax', path: 'fax', titleKey: 'duty.nav.fax', icon: Printer, permission: 'duty.read' },
]

export function visibleDutySections(can: (required: Requirement) => boolean): DutySection[] {
  return DUTY_SECTIONS.filter((s) => can(s.permission))
}

/** The section a path belongs to (`/duty/fax/12` → fax). */
export function activeDutySection(path: string): DutySectionKey | null {
  const rest = path.replace(/^\/duty\/?/, '')
  const first = rest.split('/')[0] ?? ''
  return DUTY_SECTIONS.find((s) => s.path === first)?.key ?? null
}

/** Where /duty goes: 信息接报 for those who may read incidents, else the first page they may see. */
export function firstDutyPath(can: (required: Requirement) => boolean): string {
  const first = visibleDutySections(can)[0]
  return first ? `/duty/${first.path}` : '/403'
}
