import type { Router } from 'vue-router'
import { t } from '@/locales'
import type { Requirement } from '@/utils/permissions'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (menu, breadcrumb, document title). */
    titleKey?: string
    /** i18n key of the module a sub-page belongs to (breadcrumb: 首页 / 系统管理 / 用户管理). */
    parentTitleKey?: string
    /** Reachable without signing in. */
    public?: boolean
    /** `blank`: no top bar or menu (login). Default: the admin layout. */
    layout?: 'admin' | 'blank'
    /** Dark wall-display theme for the content area. */
    dark?: boolean
    /** The permission the route needs (any one of a list); checked by the guard. */
    permission?: Requirement
  }
}

/** Keeps `document.title` in step with the route and the language. */
export function pageTitle(titleKey: string | undefined, appNameKey: string): string {
  const app = t(appNameKey)
  return titleKey ? `${t(titleKey)} - ${app}` : app
}

const COUNT_PREFIX = /^\(\d+\+?\) /
let unreadInTitle = 0

/** `(3) 首页 - 烽火…` with `unread` waiting notices; the title alone with none. */
export function titleWithCount(title: string, unread: number): string {
  const bare = title.replace(COUNT_PREFIX, '')
  if (unread <= 0) return bare
  return `(${unread > 99 ? '99+' : unread}) ${bare}`
}

/** Shows `unread` in the tab's title, now and after every navigation. */
export function setTitleCount(unread: number): void {
  unreadInTitle = unread
  document.title = titleWithCount(document.title, unread)
}

export function installTitle(router: Router, appNameKey: string): void {
  router.afterEach((to) => {
    document.title = titleWithCount(pageTitle(to.meta.titleKey, appNameKey), unreadInTitle)
  })
}
