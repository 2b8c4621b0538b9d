import type { Router } from 'vue-router'
import { t } from '@/locales'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (menu, breadcrumb, document title). */
    titleKey?: string
    /** Reachable without signing in. */
    public?: boolean
    /** `blank`: no top bar or menu (login). Default: the admin layout. */
    layout?: 'admin' | 'blank'
    /** Dark wall-display theme for the content area. */
    dark?: boolean
  }
}

/** Keeps `document.title` in step with the route and the language. */
export function pageTitle(titleKey: string | undefined, appNameKey: string): string {
  const app = t(appNameKey)
  return titleKey ? `${t(titleKey)} - ${app}` : app
}

export function installTitle(router: Router, appNameKey: string): void {
  router.afterEach((to) => {
    document.title = pageTitle(to.meta.titleKey, appNameKey)
  })
}
