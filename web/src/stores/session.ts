import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import * as authApi from '@/api/auth'
import { CSRF_COOKIE, isApiError, readCookie } from '@/api/http'
import type { SessionUser } from '@/api/auth'
import { clearAllDrafts } from '@/utils/drafts'
import { satisfies, type Requirement } from '@/utils/permissions'

export type SessionStatus = 'unknown' | 'anonymous' | 'authenticated'

/**
 * Whether this browser may hold a session: signing in sets the CSRF cookie next to the
 * (unreadable) session cookie and signing out clears both, so without it there is nothing
 * to ask the server about (and no 401 in the console of every login page).
 */
function maybeSignedIn(): boolean {
  return typeof document === 'undefined' || readCookie(CSRF_COOKIE) !== undefined
}

/** Who is signed in and what they may do, as the server says (`GET /api/v1/me`). */
export const useSessionStore = defineStore('session', () => {
  const user = shallowRef<SessionUser | null>(null)
  const status = ref<SessionStatus>('unknown')
  let loading: Promise<void> | null = null

  const isLoggedIn = computed(() => status.value === 'authenticated')
  const permissions = computed<readonly string[]>(() => user.value?.permissions ?? [])
  /** The user's jurisdiction: their region code (every list defaults to it). */
  const region = computed(() => user.value?.region ?? null)

  /** Whether the signed-in user holds the permission (or any of a list). */
  function can(required: Requirement): boolean {
    return isLoggedIn.value && satisfies(permissions.value, required)
  }

  async function fetchMe(): Promise<void> {
    if (!maybeSignedIn()) {
      user.value = null
      status.value = 'anonymous'
      return
    }
    try {
      const me = await authApi.getMe()
      user.value = { ...me, permissions: me.permissions ?? [] }
      status.value = 'authenticated'
    } catch (error) {
      // 401: signed out. Anything else (network, server error): we cannot tell, so treat
      // the user as signed out for now; the login page says what is wrong when they try.
      if (!isApiError(error) || error.status !== 401) {
        console.warn('session: could not load the current user', error)
      }
      user.value = null
      status.value = 'anonymous'
    }
  }

  /** Loads the session once; later calls wait for the same answer. */
  function ensureLoaded(): Promise<void> {
    if (status.value !== 'unknown') return Promise.resolve()
    loading ??= fetchMe().finally(() => {
      loading = null
    })
    return loading
  }

  /** Asks the server again (after login or when a request answers 401). */
  function refresh(): Promise<void> {
    loading = fetchMe().finally(() => {
      loading = null
    })
    return loading
  }

  function setUser(next: SessionUser): void {
    user.value = { ...next, permissions: next.permissions ?? [] }
    status.value = 'authenticated'
  }

  /** The server said the session is gone (401 on some request): forget the user locally. */
  function markSignedOut(): void {
    user.value = null
    status.value = 'anonymous'
  }

  /** Signing out on purpose also removes the drafts kept in this browser (a shared computer). */
  async function logout(): Promise<void> {
    clearAllDrafts()
    try {
      await authApi.logout()
    } catch {
      // the session is dropped locally either way
    }
    markSignedOut()
  }

  return { user, status, isLoggedIn, permissions, region, can, ensureLoaded, refresh, setUser, markSignedOut, logout }
})
