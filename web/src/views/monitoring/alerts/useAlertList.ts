import { onScopeDispose, reactive, ref, watch } from 'vue'
import { listAlerts } from '@/api/alerts'
import { usePagedList } from '@/composables/usePagedList'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { ackChangesList, alertOf, alertQuery, matchesAlertFilters, type AlertFilters } from './alertLogic'

/** 预警信息 list: filters above, server paging, live rows from the "alerts" topic (new ones highlighted). */
export function useAlertList(initial: { mine?: boolean } = {}) {
  const session = useSessionStore()
  const filters = reactive<AlertFilters>({ region: session.region, scope: 'active', level: '', q: '', mine: initial.mine ?? false })
  const list = usePagedList(
    (query: AlertFilters & { limit: number; offset: number }) =>
      listAlerts({ ...alertQuery(query), limit: query.limit, offset: query.offset }, { silent: true }),
    filters,
    { pageSize: 20 },
  )

  const fresh = ref(new Set<string>())
  let timer: ReturnType<typeof setTimeout> | null = null
  const timers = new Set<ReturnType<typeof setTimeout>>()
  function reloadSoon() {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void list.reload()
    }, 300)
  }
  useRealtimeTopic('alerts', (event) => {
    // 待我确认: a row acknowledged (here or elsewhere) leaves the list; my own 叫应 turns its tag to 我已确认.
    if (event.event === 'acknowledged') {
      if (ackChangesList(event.data, list.items.value, !!filters.mine, session.user?.id)) reloadSoon()
      return
    }
    const alert = alertOf(event.data)
    if (!alert) return
    if (!matchesAlertFilters(alert, filters) && !list.items.value.some((row) => row.id === alert.id)) return
    if (event.event === 'created') {
      fresh.value = new Set([...fresh.value, alert.id])
      const done = setTimeout(() => {
        timers.delete(done)
        const next = new Set(fresh.value)
        next.delete(alert.id)
        fresh.value = next
      }, 10_000)
      timers.add(done)
    }
    reloadSoon()
  })
  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
    for (const t of timers) clearTimeout(t)
  })

  watch(
    () => session.region,
    (region) => {
      if (!filters.region) filters.region = region
    },
  )

  return { filters, list, fresh }
}
