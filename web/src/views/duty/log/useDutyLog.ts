import { computed, reactive, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { addLogEntry, listLog, type LogEntry, type LogKind } from '@/api/duty'
import { fieldError, localizeError } from '@/api/errors'
import { usePagedList } from '@/composables/usePagedList'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { addDays } from '../roster/calendar'
import { useDebounced } from '../useDebounced'

export const LOG_TEXT_MAX = 1000

/** The start of a Shanghai day and the start of the day after another, for `from`/`to`. */
export function dayRange(range: readonly string[] | null | undefined): { from?: string; to?: string } {
  if (!range || range.length !== 2 || !range[0] || !range[1]) return {}
  return { from: `${range[0]}T00:00:00+08:00`, to: `${addDays(range[1], 1)}T00:00:00+08:00` }
}

/**
 * 值班日志: a quick entry line (kind, text, Enter saves) over the organisation's log, newest
 * first, kept live by the "duty" topic.
 */
export function useDutyLog() {
  const { t } = useI18n()
  const session = useSessionStore()
  const filters = reactive({ org: session.user?.org?.id ?? '', days: [] as string[] })
  const orgCurrent = computed(() => (session.user?.org ? { id: session.user.org.id, name: session.user.org.name } : null))
  const canWrite = computed(() => session.can('duty.write'))
  const list = usePagedList(
    (q: { org: string; days: string[]; limit: number; offset: number }) =>
      listLog({ org: q.org || undefined, ...dayRange(q.days), limit: q.limit, offset: q.offset }, { silent: true }),
    filters,
    { pageSize: 50 },
  )

  const entry = reactive({ kind: 'call' as LogKind, text: '' })
  const saving = ref(false)
  const entryError = ref('')
  const fresh = shallowRef<ReadonlySet<string>>(new Set())
  let freshTimer: ReturnType<typeof setTimeout> | null = null

  function validate(): boolean {
    const text = entry.text.trim()
    if (!text) entryError.value = t('validation.required', { field: t('duty.log.text') })
    else if (text.length > LOG_TEXT_MAX) entryError.value = t('validation.tooLong', { field: t('duty.log.text'), max: LOG_TEXT_MAX })
    else entryError.value = ''
    return !entryError.value
  }

  /** Saves the line; the text stays when the server refuses it. */
  async function save(): Promise<LogEntry | null> {
    if (saving.value || !validate()) return null
    saving.value = true
    try {
      const saved = await addLogEntry({ kind: entry.kind, text: entry.text.trim() })
      entry.text = ''
      entryError.value = ''
      markFresh([saved.id])
      if (list.page.value === 1) list.items.value = [saved, ...list.items.value.filter((e) => e.id !== saved.id)]
      reloadSoon()
      return saved
    } catch (error) {
      const found = fieldError(error)
      entryError.value = found ? found.message : localizeError(error)
      return null
    } finally {
      saving.value = false
    }
  }

  function markFresh(ids: string[]) {
    if (ids.length === 0) return
    fresh.value = new Set([...fresh.value, ...ids])
    if (freshTimer) clearTimeout(freshTimer)
    freshTimer = setTimeout(() => (fresh.value = new Set()), 4000)
  }

  async function reloadLive() {
    const before = new Set(list.items.value.map((e) => e.id))
    await list.reload()
    if (list.page.value === 1) markFresh(list.items.value.filter((e) => !before.has(e.id)).map((e) => e.id))
  }
  const reloadSoon = useDebounced(() => void reloadLive(), 300)

  useRealtimeTopic('duty', (event) => {
    if (event.event !== 'log') return
    const data = event.data as { org_id?: unknown } | null
    if (data && typeof data.org_id === 'string' && filters.org && data.org_id !== filters.org) return
    reloadSoon()
  })

  return { filters, orgCurrent, canWrite, list, entry, saving, entryError, fresh, validate, save }
}
