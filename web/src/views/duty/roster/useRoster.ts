import { computed, ref, shallowRef, watch } from 'vue'
import { dutyNow, getDutySettings, listShifts, type DutySettings, type DutyShift, type OnDuty, type Person } from '@/api/duty'
import { localizeError } from '@/api/errors'
import { isApiError } from '@/api/http'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { useClock } from '@/composables/useClock'
import { useDebounced } from '../useDebounced'
import { addMonths, daySlots, isCurrent, monthInShanghai, monthWeeks, shiftsByDate, todayInShanghai } from './calendar'

/** 排班: one organisation's month, its shift settings and who is on duty there now. */
export function useRoster() {
  const session = useSessionStore()
  const orgId = ref<string | null>(session.user?.org?.id ?? null)
  const orgCurrent = computed(() => (session.user?.org ? { id: session.user.org.id, name: session.user.org.name } : null))
  const month = ref(monthInShanghai())
  const settings = shallowRef<DutySettings | null>(null)
  const shifts = shallowRef<DutyShift[]>([])
  const onDuty = shallowRef<OnDuty[]>([])
  const loading = ref(false)
  const failure = ref('')
  const now = useClock(30_000)
  let generation = 0

  const today = computed(() => todayInShanghai(now.value))
  const weeks = computed(() => monthWeeks(month.value, today.value))
  const byDate = computed(() => shiftsByDate(shifts.value))
  const defs = computed(() => settings.value?.shifts ?? [])
  const canEdit = computed(() => session.can('rosters.write'))

  /** Everyone on this month's roster (offered when the users list cannot be read). */
  const rosterPeople = computed<Person[]>(() => shifts.value.flatMap((s) => [s.leader, ...s.officers].filter((p): p is Person => !!p)))

  /** Who is on duty now at the chosen organisation (the server's answer; the roster's current shift while it loads). */
  const current = computed<OnDuty | null>(() => onDuty.value.find((d) => d.org_id === orgId.value) ?? null)
  const currentShiftId = computed(() => shifts.value.find((s) => isCurrent(s, now.value))?.id ?? null)

  function slotsOf(date: string) {
    return daySlots(defs.value, byDate.value.get(date))
  }

  async function load(): Promise<void> {
    const org = orgId.value
    const mine = ++generation
    if (!org) {
      settings.value = null
      shifts.value = []
      return
    }
    loading.value = true
    try {
      const [s, items] = await Promise.all([getDutySettings(org, { silent: true }), listShifts(org, month.value, { silent: true })])
      if (mine !== generation) return
      settings.value = s
      shifts.value = items
      failure.value = ''
    } catch (error) {
      if (mine !== generation) return
      if (!(isApiError(error) && error.code === 'aborted')) failure.value = localizeError(error)
    } finally {
      if (mine === generation) loading.value = false
    }
    void loadNow()
  }

  async function loadNow(): Promise<void> {
    try {
      onDuty.value = await dutyNow(undefined, { silent: true })
    } catch {
      // the banner shows the roster's own current shift
    }
  }

  function replaceShift(saved: DutyShift) {
    const rest = shifts.value.filter((s) => s.id !== saved.id && !(s.date === saved.date && s.shift === saved.shift))
    shifts.value = saved.date.startsWith(month.value) ? [...rest, saved] : rest
    void loadNow()
  }

  function removeShift(id: string) {
    shifts.value = shifts.value.filter((s) => s.id !== id)
    void loadNow()
  }

  const reloadSoon = useDebounced(() => void load(), 400)
  useRealtimeTopic('duty', (event) => {
    if (event.event === 'shift') reloadSoon()
  })
  // The on-duty banner moves on by itself when a shift ends.
  watch(
    () => Math.floor(now.value / 60_000),
    () => {
      const c = current.value
      if (c && Date.parse(c.ends_at) <= now.value) void loadNow()
    },
  )

  watch([orgId, month], () => void load(), { immediate: true })

  return {
    orgId,
    orgCurrent,
    month,
    settings,
    shifts,
    defs,
    weeks,
    today,
    loading,
    failure,
    canEdit,
    current,
    currentShiftId,
    rosterPeople,
    now,
    slotsOf,
    load,
    replaceShift,
    removeShift,
    prevMonth: () => (month.value = addMonths(month.value, -1)),
    nextMonth: () => (month.value = addMonths(month.value, 1)),
    thisMonth: () => (month.value = monthInShanghai()),
  }
}
