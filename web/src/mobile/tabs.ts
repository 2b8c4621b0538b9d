export type MobileTab = 'tasks' | 'report' | 'map' | 'messages' | 'me'

export interface MobileTabItem {
  key: MobileTab
  path: string
  /** i18n key of the label. */
  titleKey: `mnav.${MobileTab}`
  /** Vant icon name. */
  icon: string
}

/** The bottom tab bar, in order (UI.md). */
export const MOBILE_TABS: readonly MobileTabItem[] = [
  { key: 'tasks', path: '/tasks', titleKey: 'mnav.tasks', icon: 'todo-list-o' },
  { key: 'report', path: '/report', titleKey: 'mnav.report', icon: 'add-o' },
  { key: 'map', path: '/map', titleKey: 'mnav.map', icon: 'location-o' },
  { key: 'messages', path: '/messages', titleKey: 'mnav.messages', icon: 'chat-o' },
  { key: 'me', path: '/me', titleKey: 'mnav.me', icon: 'user-o' },
]
