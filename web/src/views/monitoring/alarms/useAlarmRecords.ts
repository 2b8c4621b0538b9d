import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue'
import { acknowledgeAlarm, alarmToIncident, alarmToWarning, closeAlarm, listAlarms, monitoringTopic, THEMES, type Alarm } from '@/api/monitoring'
import { usePagedList } from '@/composables/usePagedList'
import { getRealtime, useRealtimeState, useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { alarmOf } from '../themes/themeLogic'
import { useAlarmActions } from '../themes/useAlarmActions'
import {
  alarmEventConcerns,
  alarmRecordQuery,
  HOLD_AFTER_ACTION_MS,
  isNewAlarm,
  mergeHeld,
  type AlarmRecordFilters,
  type HeldRows,
} from './alarmRecords'

/** A new alarm stays highlighted this long. */
const FRESH_MS = 10_000

/**
 * 报警记录: every theme's alarms, server-paged; open ones by default. Live from the six
 * `monitoring/{theme}` topics ("alarm" events only): an event that concerns the page reloads
 * it (debounced), so new, acknowledged and closed alarms show without a reload.
 *
 * No row moves under the pointer: while the pointer is over the list (`pointerOver`), an action
 * is under way or was taken a moment ago, the order holds — rows keep their places and take their
 * new state, new ones are only counted (`held.added`: "n 条新报警") — until the hold ends or
 * `applyLatest` is asked for. The row actions (确认, 关闭, 转预警, 转事件) are `actions`.
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

  // The held order.
  const pointerOver = ref(false)
  const recentlyActed = ref(false)
  let actedTimer: ReturnType<typeof setTimeout> | null = null
  /** Alarms in a newer state than the page may have: heard live or answered by an action. */
  const known = shallowRef<ReadonlyMap<string, Alarm>>(new Map())
  function learn(alarm: Alarm) {
    const before = known.value.get(alarm.id)
    if (before && before.version >= alarm.version) return
    known.value = new Map(known.value).set(alarm.id, alarm)
  }
  function acted() {
    recentlyActed.value = true
    if (actedTimer) clearTimeout(actedTimer)
    actedTimer = setTimeout(() => {
      actedTimer = null
      recentlyActed.value = false
    }, HOLD_AFTER_ACTION_MS)
  }
  /** The rows in the order held, or null while the list follows the server's order. */
  const heldOrder = shallowRef<Alarm[] | null>(null)

  for (const theme of THEMES) {
    useRealtimeTopic(monitoringTopic(theme), (event) => {
      if (event.event !== 'alarm') return
      const alarm = alarmOf(event.data)
      if (!alarm) return
      const shown = new Set((heldOrder.value ?? list.items.value).map((row) => row.id))
      if (shown.has(alarm.id)) learn(alarm)
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
    if (actedTimer) clearTimeout(actedTimer)
    for (const t of timers) clearTimeout(t)
  })

  watch(
    () => session.region,
    (region) => {
      if (!filters.region) filters.region = region
    },
  )

  /** An action's answer shown at once; on a refusal (409: handled meanwhile) the page shows the alarm as it is now. */
  async function settle<T>(work: Promise<T>, alarmOfAnswer: (answer: T) => Alarm): Promise<T> {
    try {
      const answer = await work
      learn(alarmOfAnswer(answer))
      return answer
    } finally {
      void list.reload()
    }
  }
  const actions = useAlarmActions({
    acknowledge: (alarm) => settle(acknowledgeAlarm(alarm.id), (a) => a),
    close: (alarm, reason) => settle(closeAlarm(alarm.id, reason), (a) => a),
    toWarning: (alarm) => settle(alarmToWarning(alarm.id), (answer) => answer.alarm),
    toIncident: (alarm, occurredAt) => settle(alarmToIncident(alarm.id, occurredAt), (answer) => answer.alarm),
    acted,
  })

  const holding = computed(
    () => pointerOver.value || recentlyActed.value || !!actions.busy.value || !!actions.closing.value || !!actions.making.value,
  )
  watch(holding, (hold) => {
    heldOrder.value = hold ? [...list.items.value] : null
    if (!hold) known.value = new Map()
  })
  // Another page or other filters: what was held no longer applies.
  watch([() => ({ ...filters }), list.page, list.pageSize], () => {
    heldOrder.value = holding.value ? [] : null
    recentlyActed.value = false
  })
  watch(list.items, (items) => {
    // The first page of new filters while still held: shown as it comes.
    if (heldOrder.value?.length === 0 && items.length > 0) heldOrder.value = [...items]
  })

  /** What the table shows: the server's order, or the held one with its news counted. */
  const held = computed<HeldRows<Alarm>>(() =>
    heldOrder.value
      ? mergeHeld(heldOrder.value, list.items.value, known.value)
      : { rows: list.items.value, gone: new Set<string>(), added: 0, stale: false },
  )

  /** "n 条新报警": the server's order and rows now, holding on from there while the pointer stays. */
  function applyLatest() {
    if (heldOrder.value) heldOrder.value = [...list.items.value]
    known.value = new Map()
  }

  return { filters, list, fresh, live, held, pointerOver, applyLatest, actions }
}
