/**
 * The one place that decides who may open which route. Both apps install it.
 *
 * Today login is not enforced (`REQUIRE_LOGIN = false`): there is no session API yet, so
 * the guard only learns who is signed in (`GET /api/v1/me` through `useSessionStore`) and
 * keeps a signed-in user away from the login page. Switching `REQUIRE_LOGIN` on sends
 * everyone without a session to `/login?redirect=<where they were going>`.
 */
import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import { useSessionStore } from '@/stores/session'

export const REQUIRE_LOGIN = false

export interface GuardOptions {
  requireLogin: boolean
  loginPath: string
  homePath: string
}

type Target = Pick<RouteLocationNormalized, 'path' | 'fullPath' | 'query' | 'meta'>

/** Where a navigation to `to` may go: `true` to proceed, or a redirect. */
export function decide(to: Target, loggedIn: boolean, options: GuardOptions): true | RouteLocationRaw {
  if (to.path === options.loginPath) {
    if (!loggedIn) return true
    const redirect = typeof to.query.redirect === 'string' ? safeRedirect(to.query.redirect) : null
    return redirect ?? options.homePath
  }
  if (to.meta.public || !options.requireLogin || loggedIn) return true
  return { path: options.loginPath, query: { redirect: to.fullPath } }
}

/** Only same-app paths are followed after login (no `//evil.example` or `https:`). */
export function safeRedirect(value: string): string | null {
  return value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : null
}

export function installAuthGuard(router: Router, overrides: Partial<GuardOptions> = {}): void {
  const options: GuardOptions = { requireLogin: REQUIRE_LOGIN, loginPath: '/login', homePath: '/', ...overrides }
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (options.requireLogin || to.path === options.loginPath) {
      await session.ensureLoaded()
    } else {
      void session.ensureLoaded() // learn who is signed in without holding up the page
    }
    return decide(to, session.isLoggedIn, options)
  })
}
