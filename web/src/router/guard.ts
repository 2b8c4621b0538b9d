/**
 * The one place that decides who may open which route. Both apps install it.
 *
 * With `REQUIRE_LOGIN` on (the desktop app), everyone without a session goes to
 * `/login?redirect=<where they were going>`; a signed-in user is kept away from the login
 * page; a route whose `meta.permission` the user lacks shows the forbidden page. The
 * mobile app has no login page yet and installs the guard with `requireLogin: false`.
 */
import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import { useSessionStore } from '@/stores/session'
import type { Requirement } from '@/utils/permissions'

export const REQUIRE_LOGIN = true

export interface GuardOptions {
  requireLogin: boolean
  loginPath: string
  homePath: string
  /** Where a signed-in user without the route's permission goes. */
  forbiddenPath: string
}

type Target = Pick<RouteLocationNormalized, 'path' | 'fullPath' | 'query' | 'meta'>

/**
 * Where a navigation to `to` may go: `true` to proceed, or a redirect. `can` answers
 * whether the signed-in user holds a permission (routes name theirs in `meta.permission`).
 */
export function decide(
  to: Target,
  loggedIn: boolean,
  options: GuardOptions,
  can: (required: Requirement) => boolean = () => true,
): true | RouteLocationRaw {
  if (to.path === options.loginPath) {
    if (!loggedIn) return true
    const redirect = typeof to.query.redirect === 'string' ? safeRedirect(to.query.redirect) : null
    return redirect ?? options.homePath
  }
  if (to.meta.public) return true
  if (!loggedIn) return options.requireLogin ? { path: options.loginPath, query: { redirect: to.fullPath } } : true
  if (to.meta.permission && !can(to.meta.permission)) {
    return { path: options.forbiddenPath, query: { from: to.fullPath } }
  }
  return true
}

/** Only same-app paths are followed after login (no `//evil.example` or `https:`). */
export function safeRedirect(value: string): string | null {
  return value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : null
}

export function installAuthGuard(router: Router, overrides: Partial<GuardOptions> = {}): void {
  const options: GuardOptions = {
    requireLogin: REQUIRE_LOGIN,
    loginPath: '/login',
    homePath: '/',
    forbiddenPath: '/403',
    ...overrides,
  }
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (options.requireLogin || to.path === options.loginPath || to.meta.permission) {
      await session.ensureLoaded()
    } else {
      void session.ensureLoaded() // learn who is signed in without holding up the page
    }
    return decide(to, session.isLoggedIn, options, session.can)
  })
}
