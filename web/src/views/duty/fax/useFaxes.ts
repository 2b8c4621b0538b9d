import { computed, reactive, ref, shallowRef } from 'vue'
import { archiveFax, listFaxes, myDelivery, signFax, type Fax, type FaxBox } from '@/api/faxes'
import { localizeError } from '@/api/errors'
import { usePagedList } from '@/composables/usePagedList'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { useDebounced } from '../useDebounced'

export type ReceivedState = 'unread' | 'read' | 'signed'

/** Where a received fax stands for my organisation. */
export function receivedState(fax: Pick<Fax, 'recipients'>, orgId: string | null | undefined): ReceivedState {
  const mine = myDelivery(fax, orgId)
  if (mine?.signed_at) return 'signed'
  if (mine?.read_at) return 'read'
  return 'unread'
}

/** Whether a realtime event's `org_ids` concern my organisation (no list: assume it may). */
export function concernsOrg(data: unknown, orgId: string | null | undefined): boolean {
  const ids = (data as { org_ids?: unknown } | null)?.org_ids
  if (!Array.isArray(ids) || !orgId) return true
  return ids.map(String).includes(orgId)
}

/**
 * 电子传真 boxes: received (unsigned first in the eye: highlighted) and sent, search,
 * archived on or off, 签收 and 归档, kept live by the "faxes" topic.
 */
export function useFaxes(initialBox: FaxBox = 'received') {
  const session = useSessionStore()
  const orgId = computed(() => session.user?.org?.id ?? null)
  const canWrite = computed(() => session.can('duty.write'))
  // Sending starts with uploading the document.
  const canSend = computed(() => canWrite.value && session.can('files.write'))
  const filters = reactive({ box: initialBox as FaxBox, q: '', archived: false })
  const list = usePagedList(
    (q: { box: FaxBox; q: string; archived: boolean; limit: number; offset: number }) => listFaxes(q, { silent: true }),
    filters,
    {
      pageSize: 20,
    },
  )
  const unsigned = ref(0)
  const busy = ref<string | null>(null)
  const failure = ref('')
  const fresh = shallowRef<ReadonlySet<string>>(new Set())
  let freshTimer: ReturnType<typeof setTimeout> | null = null

  async function countUnsigned() {
    try {
      const page = await listFaxes({ box: 'received', archived: false, limit: 200 }, { silent: true })
      unsigned.value = page.items.filter((f) => receivedState(f, orgId.value) !== 'signed').length
    } catch {
      // the badge keeps its last value
    }
  }

  function replace(saved: Fax) {
    list.items.value = list.items.value.map((f) => (f.id === saved.id ? saved : f))
  }

  async function sign(fax: Fax): Promise<Fax | null> {
    busy.value = fax.id
    failure.value = ''
    try {
      const saved = await signFax(fax.id)
      replace(saved)
      void countUnsigned()
      return saved
    } catch (error) {
      failure.value = localizeError(error)
      return null
    } finally {
      busy.value = null
    }
  }

  async function archive(fax: Fax, archived: boolean): Promise<boolean> {
    busy.value = fax.id
    failure.value = ''
    try {
      await archiveFax(fax.id, archived)
      void list.reload()
      void countUnsigned()
      return true
    } catch (error) {
      failure.value = localizeError(error)
      return false
    } finally {
      busy.value = null
    }
  }

  async function reloadLive() {
    const before = new Set(list.items.value.map((f) => f.id))
    await list.reload()
    const added = list.items.value.filter((f) => !before.has(f.id)).map((f) => f.id)
    if (added.length > 0) {
      fresh.value = new Set([...fresh.value, ...added])
      if (freshTimer) clearTimeout(freshTimer)
      freshTimer = setTimeout(() => (fresh.value = new Set()), 5000)
    }
    void countUnsigned()
  }
  const reloadSoon = useDebounced(() => void reloadLive(), 300)
  useRealtimeTopic('faxes', (event) => {
    const id = (event.data as { id?: unknown } | null)?.id
    const shown = id !== undefined && list.items.value.some((f) => f.id === String(id))
    if (shown || concernsOrg(event.data, orgId.value)) reloadSoon()
  })

  void countUnsigned()

  return { orgId, canWrite, canSend, filters, list, unsigned, busy, failure, fresh, sign, archive, reload: reloadLive }
}
