import { computed, onScopeDispose, reactive, ref, watch } from 'vue'
import { acknowledgeAlarm, closeAlarm, listAlarms, monitoringTopic, THEMES, type Alarm } from '@/api/monitoring'
import { usePagedList } from '@/composables/usePagedList'
import { getRealtime, useRealtimeState, useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { alarmOf } from '../themes/themeLogic'
import { alarmEventConcerns, alarmRecordQuery, isNewAlarm, type AlarmRecordFilters } from './alarmRecords'

/** A new alarm stays highlighted this long. */
const FRESH_MS = 10_000

/**
 * 报警记录: every theme's alarms, server-paged; open ones by default. Live from the six
 * `monitoring/{theme}` topics ("alarm" events only): an event that concerns the page reloads
 * it (debounced), so new, acknowledged and closed alarms show without a reload.
 */
export function useAlarmRecords() {
  const session = useSessionStore()
  const filters = reactive<AlarmRecordFilters>({ state: 'open', theme: '', region: session.region })
  const list = usePagedList(
    (query: AlarmRecordFilters & { limit: number; offset: number }) =>
      listAlarms({ ...alarmRecordQuery(query), limit: query.limit, offset: query.offset }, { silent: true }),
    filters,
    { pageSize: 20 },
  )

  const fresh = ref<ReadonlySet<string>>(new Set())
  let timer: ReturnType<typeof setTimeout> | null = null
  const timers = new Set<ReturnType<typeof setTimeout>>()
  function reloadSoon() {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void list.reload()
    }, 300)
  }
  function markFresh(id: string) {
    fresh.value = new Set([...fresh.value, id])
    const done = setTimeout(() => {
      timers.delete(done)
      const next = new Set(fresh.value)
      next.delete(id)
      fresh.value = next
    }, FRESH_MS)
    timers.add(done)
  }

  for (const theme of THEMES) {
    useRealtimeTopic(monitoringTopic(theme), (event) => {
      if (event.event !== 'alarm') return
      const alarm = alarmOf(event.data)
      if (!alarm) return
      const shown = new Set(list.items.value.map((row) => row.id))
      if (!alarmEventConcerns({ ...alarm, theme: alarm.theme || theme }, filters, shown)) return
      if (!shown.has(alarm.id) && isNewAlarm(alarm)) markFresh(alarm.id)
      reloadSoon()
    })
  }

  /** The server has confirmed all six topics: alarms arrive live. */
  const live = computed(() => THEMES.every((theme) => getRealtime().confirmedTopics.value.has(monitoringTopic(theme))))

  // After a dropped connection, events were missed: ask again.
  const connection = useRealtimeState()
  watch(connection, (state, previous) => {
    if (state === 'open' && previous !== undefined && previous !== 'open') void list.reload()
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

  /** 确认; on a refusal (409: handled meanwhile) the page shows the alarm as it is now. */
  async function acknowledge(alarm: Alarm): Promise<Alarm> {
    try {
      return await acknowledgeAlarm(alarm.id)
    } finally {
      void list.reload()
    }
  }

  async function close(alarm: Alarm, reason: string): Promise<Alarm> {
    try {
      return await closeAlarm(alarm.id, reason)
    } finally {
      void list.reload()
    }
  }

  return { filters, list, fresh, live, acknowledge, close }
}
