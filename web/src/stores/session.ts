import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import * as authApi from '@/api/auth'
import { isApiError } from '@/api/http'
import type { SessionUser } from '@/api/auth'

export type SessionStatus = 'unknown' | 'anonymous' | 'authenticated'

/** Who is signed in, as the server says (`GET /api/v1/me`). */
export const useSessionStore = defineStore('session', () => {
  const user = shallowRef<SessionUser | null>(null)
  const status = ref<SessionStatus>('unknown')
  let loading: Promise<void> | null = null

  const isLoggedIn = computed(() => status.value === 'authenticated')

  async function fetchMe(): Promise<void> {
    try {
      user.value = await authApi.getMe()
      status.value = 'authenticated'
    } catch (error) {
      // 401: signed out. 404: the session API is not there yet. Anything else (network,
      // server error): we cannot tell, so treat the user as signed out for now.
      if (!isApiError(error) || ![401, 404].includes(error.status)) {
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
    user.value = next
    status.value = 'authenticated'
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch {
      // the session is dropped locally either way
    }
    user.value = null
    status.value = 'anonymous'
  }

  return { user, status, isLoggedIn, ensureLoaded, refresh, setUser, logout }
})
