import { computed, reactive, ref, shallowRef } from 'vue'
import {
  acceptHandover,
  createHandover,
  handoverPreview,
  listHandovers,
  listShifts,
  type Handover,
  type HandoverPreview,
  type Person,
} from '@/api/duty'
import { localizeError } from '@/api/errors'
import { usePagedList } from '@/composables/usePagedList'
import { useServerErrors } from '@/composables/useServerErrors'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { monthInShanghai } from '../roster/calendar'
import { useDebounced } from '../useDebounced'
import { useOrgPeople } from '../useOrgPeople'

export const HANDOVER_NOTES_MAX = 2000

/** Handovers waiting for `userId` to accept, oldest first. */
export function waitingFor(items: readonly Handover[], userId: string | null | undefined): Handover[] {
  if (!userId) return []
  return items.filter((h) => h.to?.id === userId && !h.accepted_at).sort((a, b) => a.created_at.localeCompare(b.created_at))
}

/**
 * 交接班: what is still open for the organisation (the outgoing officer's preview), handing
 * over to a colleague with notes, accepting a handover made to me, and the history.
 */
export function useHandover() {
  const session = useSessionStore()
  const me = computed(() => session.user?.id ?? null)
  const orgId = computed(() => session.user?.org?.id ?? null)
  const canWrite = computed(() => session.can('duty.write'))

  const preview = shallowRef<HandoverPreview | null>(null)
  const previewError = ref('')
  const previewLoading = ref(false)
  const rosterPeople = shallowRef<Person[]>([])
  const { people, failed: peopleFailed } = useOrgPeople(orgId, rosterPeople)
  const colleagues = computed(() => people.value.filter((p) => p.id !== me.value))

  const filters = reactive({ org: orgId.value ?? '' })
  const history = usePagedList(
    (q: { org: string; limit: number; offset: number }) =>
      listHandovers({ org: q.org || undefined, limit: q.limit, offset: q.offset }, { silent: true }),
    filters,
    {
      pageSize: 20,
    },
  )
  const waiting = shallowRef<Handover[]>([])

  const form = reactive({ to_user_id: '', notes: '' })
  const server = useServerErrors(form)
  const saving = ref(false)
  const failure = ref('')
  const accepting = ref<string | null>(null)

  async function loadPreview() {
    previewLoading.value = true
    try {
      preview.value = await handoverPreview({ silent: true })
      previewError.value = ''
    } catch (error) {
      previewError.value = localizeError(error)
    } finally {
      previewLoading.value = false
    }
  }

  async function loadWaiting() {
    try {
      const page = await listHandovers({ org: orgId.value ?? undefined, limit: 50 }, { silent: true })
      waiting.value = waitingFor(page.items, me.value)
    } catch {
      // the history shows the error
    }
  }

  async function loadRosterPeople() {
    if (!orgId.value) return
    try {
      const shifts = await listShifts(orgId.value, monthInShanghai(), { silent: true })
      rosterPeople.value = shifts.flatMap((s) => [s.leader, ...s.officers].filter((p): p is Person => !!p))
    } catch {
      rosterPeople.value = []
    }
  }

  /** Hands over (signed by me); what was typed stays when the server refuses. */
  async function handOver(): Promise<Handover | null> {
    if (saving.value) return null
    saving.value = true
    failure.value = ''
    try {
      const saved = await createHandover({ to_user_id: form.to_user_id, notes: form.notes.trim() })
      form.to_user_id = ''
      form.notes = ''
      server.clear()
      void history.search()
      void loadWaiting()
      return saved
    } catch (error) {
      if (!server.apply(error)) failure.value = localizeError(error)
      return null
    } finally {
      saving.value = false
    }
  }

  async function accept(handover: Handover): Promise<boolean> {
    accepting.value = handover.id
    failure.value = ''
    try {
      await acceptHandover(handover.id)
      void history.reload()
      void loadWaiting()
      return true
    } catch (error) {
      failure.value = localizeError(error)
      return false
    } finally {
      accepting.value = null
    }
  }

  const refreshHandovers = useDebounced(() => {
    void history.reload()
    void loadWaiting()
  }, 300)
  const refreshPreview = useDebounced(() => void loadPreview(), 800)
  useRealtimeTopic('duty', (event) => {
    if (event.event === 'handover') refreshHandovers()
  })
  useRealtimeTopic('incidents', refreshPreview)
  useRealtimeTopic('reports', refreshPreview)
  useRealtimeTopic('faxes', refreshPreview)

  void loadPreview()
  void loadWaiting()
  void loadRosterPeople()

  return {
    me,
    canWrite,
    preview,
    previewError,
    previewLoading,
    colleagues,
    peopleFailed,
    history,
    waiting,
    form,
    errors: server.errors,
    saving,
    failure,
    accepting,
    loadPreview,
    handOver,
    accept,
  }
}
