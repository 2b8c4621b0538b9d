import { onScopeDispose, ref, shallowRef, watch } from 'vue'
import { getDashboard, type Dashboard } from '@/api/dashboard'
import { isApiError } from '@/api/http'
import { localizeError } from '@/api/errors'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { isWithin } from '@/utils/regions'
import { useDebounced } from '@/views/duty/useDebounced'
import { alarmOf } from '@/views/monitoring/themes/themeLogic'
import { dashboardTopics, feedItemOf, mergeFeed, mergeTopAlarm, MONITORING_TOPICS, reloadsDashboard, type FeedItem } from './homeLogic'

export { DASHBOARD_TOPICS } from './homeLogic'

/** A live alarm stays marked 新 this long. */
export const FRESH_ALARM_MS = 10_000

/**
 * The home page's data: `GET /api/v1/dashboard` for the chosen region, fetched again
 * (debounced) on any event of the incident, report, fax, duty and warning topics, on "alarm"
 * events of the six monitoring topics (for users with `monitoring.read`; their every-second
 * "readings" are ignored) and once a minute. New incidents enter the feed as their events
 * arrive; a live alarm takes its place among the panel's top alarms at once (marked fresh).
 */
export function useDashboard(options: { debounceMs?: number; intervalMs?: number } = {}) {
  const session = useSessionStore()
  const region = ref<string | null>(session.region)
  const dashboard = shallowRef<Dashboard | null>(null)
  const feed = shallowRef<FeedItem[]>([])
  /** Ids of alarms that arrived live a moment ago. */
  const freshAlarms = shallowRef<ReadonlySet<string>>(new Set())
  const loading = ref(false)
  const error = ref('')
  const loadedAt = ref<number | null>(null)
  let generation = 0
  let controller: AbortController | null = null
  const freshTimers = new Set<ReturnType<typeof setTimeout>>()

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

  function markFresh(id: string) {
    freshAlarms.value = new Set([...freshAlarms.value, id])
    const timer = setTimeout(() => {
      freshTimers.delete(timer)
      const next = new Set(freshAlarms.value)
      next.delete(id)
      freshAlarms.value = next
    }, FRESH_ALARM_MS)
    freshTimers.add(timer)
  }

  /** A live alarm into the panel's rows now; the reload that follows brings the counts. */
  function applyAlarm(data: unknown) {
    const alarm = alarmOf(data)
    const current = dashboard.value
    if (!alarm || !current?.alarms) return
    const before = current.alarms.top
    const after = mergeTopAlarm(before, alarm, region.value)
    if (after === before) return
    dashboard.value = { ...current, alarms: { ...current.alarms, top: [...after] } }
    if (!before.some((a) => a.id === alarm.id) && after.some((a) => a.id === alarm.id)) markFresh(alarm.id)
  }

  const refetchSoon = useDebounced(() => void load(), options.debounceMs ?? 800)
  for (const topic of dashboardTopics(session.can('monitoring.read'))) {
    useRealtimeTopic(topic, (event) => {
      if (!reloadsDashboard(topic, event.event)) return
      if (topic === 'incidents') {
        const item = feedItemOf(event.data)
        if (item && (!region.value || !item.region || isWithin(item.region, region.value))) feed.value = mergeFeed(feed.value, [item])
      } else if (MONITORING_TOPICS.includes(topic)) {
        applyAlarm(event.data)
      }
      refetchSoon()
    })
  }

  const timer = globalThis.setInterval(() => void load(), options.intervalMs ?? 60_000)
  onScopeDispose(() => {
    globalThis.clearInterval(timer)
    for (const t of freshTimers) clearTimeout(t)
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

  return { region, dashboard, feed, freshAlarms, loading, error, loadedAt, load }
}
