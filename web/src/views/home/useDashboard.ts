import { onScopeDispose, ref, shallowRef, watch } from 'vue'
import { getDashboard, type Dashboard } from '@/api/dashboard'
import { isApiError } from '@/api/http'
import { localizeError } from '@/api/errors'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { isWithin } from '@/utils/regions'
import { useDebounced } from '@/views/duty/useDebounced'
import { feedItemOf, mergeFeed, type FeedItem } from './homeLogic'

/** Topics whose events change what the home page shows. */
export const DASHBOARD_TOPICS = ['incidents', 'reports', 'faxes', 'duty', 'alerts'] as const

/**
 * The home page's data: `GET /api/v1/dashboard` for the chosen region, fetched again
 * (debounced) on any event of the incident, report, fax, duty and warning topics and once a minute;
 * new incidents enter the feed as their events arrive.
 */
export function useDashboard(options: { debounceMs?: number; intervalMs?: number } = {}) {
  const session = useSessionStore()
  const region = ref<string | null>(session.region)
  const dashboard = shallowRef<Dashboard | null>(null)
  const feed = shallowRef<FeedItem[]>([])
  const loading = ref(false)
  const error = ref('')
  const loadedAt = ref<number | null>(null)
  let generation = 0
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    const mine = ++generation
    controller?.abort()
    const current = new AbortController()
    controller = current
    loading.value = true
    try {
      const next = await getDashboard(region.value, { silent: true, signal: current.signal })
      if (mine !== generation) return
      dashboard.value = next
      feed.value = mergeFeed(feed.value, next.active_incidents)
      error.value = ''
      loadedAt.value = Date.now()
    } catch (e) {
      if (mine !== generation || (isApiError(e) && e.code === 'aborted')) return
      error.value = localizeError(e)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  const refetchSoon = useDebounced(() => void load(), options.debounceMs ?? 800)
  for (const topic of DASHBOARD_TOPICS) {
    useRealtimeTopic(topic, (event) => {
      if (topic === 'incidents') {
        const item = feedItemOf(event.data)
        if (item && (!region.value || !item.region || isWithin(item.region, region.value))) feed.value = mergeFeed(feed.value, [item])
      }
      refetchSoon()
    })
  }

  const timer = globalThis.setInterval(() => void load(), options.intervalMs ?? 60_000)
  onScopeDispose(() => {
    globalThis.clearInterval(timer)
    controller?.abort()
  })

  watch(
    region,
    () => {
      feed.value = []
      void load()
    },
    { immediate: true },
  )

  return { region, dashboard, feed, loading, error, loadedAt, load }
}
