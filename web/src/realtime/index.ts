/**
 * The app-wide realtime connection and the composables components use. Components never
 * create sockets: they call `useRealtimeTopic('alerts', handler)` and read
 * `useRealtimeState()`.
 */
import { getActivePinia } from 'pinia'
import { onScopeDispose, type Ref } from 'vue'
import { http } from '@/api/http'
import { useSessionStore } from '@/stores/session'
import { defaultRealtimeUrl, RealtimeClient, type ConnectionState, type EventHandler } from './client'
import { maySubscribe } from './topics'

export type { ConnectionState, RealtimeEvent, EventHandler } from './client'

let client: RealtimeClient | null = null
let listening = false

/** The shared client, created on first use. */
export function getRealtime(): RealtimeClient {
  client ??= new RealtimeClient({
    url: () => defaultRealtimeUrl(window.location),
    // Refused for good (signed out, disabled): one ordinary request lets the app's 401
    // handling say so and open the login page.
    onRefused: () => void http.get('/api/v1/me').catch(() => undefined),
  })
  return client
}

/**
 * Starts the shared connection (idempotent) and reconnects at once when the browser
 * reports it is back online, instead of waiting out the backoff.
 */
export function startRealtime(): RealtimeClient {
  const rt = getRealtime()
  rt.start()
  if (!listening && typeof window !== 'undefined') {
    listening = true
    window.addEventListener('online', () => rt.reconnectNow())
  }
  return rt
}

/** Connection state of the shared client (connecting / open / closed). */
export function useRealtimeState(): Readonly<Ref<ConnectionState>> {
  return getRealtime().state
}

/**
 * Calls `handler` for events on `topic` while the calling component is alive. A topic the
 * signed-in user may not read (see ./topics) is not asked for: the server would refuse it.
 */
export function useRealtimeTopic(topic: string, handler: EventHandler): void {
  if (getActivePinia()) {
    const session = useSessionStore()
    if (!maySubscribe(topic, (permission) => session.can(permission))) return
  }
  const off = startRealtime().subscribe(topic, handler)
  onScopeDispose(off)
}
