import { computed, ref, shallowRef, watch } from 'vue'
import { useRouter } from 'vue-router'
import { listNotifications, readAllNotifications, readNotification, type AppNotification } from '@/api/incidents'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'

/** Whether a "notifications" event is for `userId` (`data.user_ids` lists who has something new). */
export function forUser(data: unknown, userId: string | null | undefined): boolean {
  if (!userId || !data || typeof data !== 'object') return false
  const ids = (data as { user_ids?: unknown }).user_ids
  return Array.isArray(ids) && ids.map(String).includes(String(userId))
}

/** Where a notification's link goes inside the app: same-app paths only. */
export function internalLink(link: string | null | undefined): string | null {
  if (!link) return null
  return link.startsWith('/') && !link.startsWith('//') ? link : null
}

/** The bell: the latest notifications and the unread count, live from the "notifications" topic. */
export function useNotifications(limit = 10) {
  const session = useSessionStore()
  const router = useRouter()
  const items = shallowRef<AppNotification[]>([])
  const unread = ref(0)
  const loading = ref(false)
  const failed = ref(false)
  const userId = computed(() => (session.isLoggedIn ? (session.user?.id ?? null) : null))
  let generation = 0

  async function load(): Promise<void> {
    if (!userId.value) {
      items.value = []
      unread.value = 0
      return
    }
    const mine = ++generation
    loading.value = true
    try {
      const page = await listNotifications({ limit }, { silent: true })
      if (mine !== generation) return
      items.value = page.items
      unread.value = page.unread
      failed.value = false
    } catch {
      if (mine === generation) failed.value = true
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(userId, () => void load(), { immediate: true })
  useRealtimeTopic('notifications', (event) => {
    if (forUser(event.data, userId.value)) void load()
  })

  async function open(item: AppNotification): Promise<void> {
    if (!item.read_at) {
      items.value = items.value.map((n) => (n.id === item.id ? { ...n, read_at: new Date().toISOString() } : n))
      unread.value = Math.max(0, unread.value - 1)
      try {
        await readNotification(item.id)
      } catch {
        void load()
      }
    }
    const link = internalLink(item.link)
    if (link) await router.push(link)
  }

  async function readAll(): Promise<void> {
    try {
      await readAllNotifications()
    } finally {
      await load()
    }
  }

  return { items, unread, loading, failed, load, open, readAll }
}
