import type { Component } from 'vue'
import type { Requirement } from '@/utils/permissions'

/**
 * One page of a module (值班值守, 应急资源, 监测预警, 系统管理) as its tabs list it: `path` is
 * under the module's own (`/duty` + `/` + `incidents`), `titleKey` the tab's text.
 */
export interface ModuleSection<K extends string = string, T extends string = string> {
  key: K
  path: string
  titleKey: T
  icon: Component
  /** null: every signed-in user. */
  permission: Requirement
}

type Can = (required: Requirement) => boolean

/** The sections a user may open, in menu order. */
export function visibleOf<S extends ModuleSection>(sections: readonly S[], can: Can): S[] {
  return sections.filter((s) => can(s.permission))
}

/** The section a path under `base` belongs to (`/duty/fax/12` under `/duty` → fax). */
export function sectionAt<S extends ModuleSection>(sections: readonly S[], base: string, path: string): S['key'] | null {
  const first = path.replace(new RegExp(`^${base}/?`), '').split('/')[0] ?? ''
  return sections.find((s) => s.path === first)?.key ?? null
}

/** Where the module's own path leads: the first section the user may open, else `fallback`. */
export function firstPathOf(sections: readonly ModuleSection[], base: string, can: Can, fallback: string): string {
  const first = visibleOf(sections, can)[0]
  return first ? `${base}/${first.path}` : fallback
}
