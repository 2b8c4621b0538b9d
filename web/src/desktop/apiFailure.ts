import type { ApiError } from '@/api/http'
import { localizeError } from '@/api/errors'

export interface FailureDeps {
  isLoggedIn: () => boolean
  currentPath: () => { path: string; fullPath: string }
  signOut: () => void
  goToLogin: (redirect: string) => void
  toast: (kind: 'error' | 'warning', message: string) => void
}

/**
 * What the desktop app does with a request failure nobody handled itself: a toast in the
 * user's language, and when the session has ended (401 `unauthenticated`) a trip to the
 * login page that comes back to the same place afterwards.
 */
export function handleApiFailure(error: ApiError, deps: FailureDeps): void {
  if (error.status === 401 && error.code === 'unauthenticated') {
    const here = deps.currentPath()
    if (deps.isLoggedIn() && here.path !== '/login') {
      deps.signOut()
      deps.toast('warning', localizeError(error))
      deps.goToLogin(here.fullPath)
      return
    }
  }
  deps.toast('error', localizeError(error))
}
