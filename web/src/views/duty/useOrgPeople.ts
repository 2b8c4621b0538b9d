import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import type { Person } from '@/api/duty'
import { http } from '@/api/http'
import type { Paged } from '@/api/reference'
import type { User } from '@/api/users'

/** People of one organisation to choose on duty: by name, with the phone to tell namesakes apart. */
export interface PersonOption {
  id: string
  name: string
  phone: string
}

/** Adds `extra` people not yet in `list` (by id), keeping the order: the list first. */
export function mergePeople(list: readonly PersonOption[], extra: readonly (Person | null | undefined)[]): PersonOption[] {
  const out = [...list]
  const ids = new Set(out.map((p) => p.id))
  for (const p of extra) {
    if (!p || ids.has(p.id)) continue
    ids.add(p.id)
    out.push({ id: p.id, name: p.name, phone: p.phone ?? '' })
  }
  return out
}

/**
 * The active users of `orgId` (users API, up to 500). A user without `users.read` gets a
 * refusal; then the people already known (`known`, e.g. from the roster) are what is offered.
 */
export function useOrgPeople(orgId: Ref<string | null | undefined>, known: Ref<readonly (Person | null | undefined)[]> = ref([])) {
  const users = shallowRef<PersonOption[]>([])
  const loading = ref(false)
  const failed = ref(false)
  let generation = 0

  async function load() {
    const org = orgId.value
    const mine = ++generation
    if (!org) {
      users.value = []
      return
    }
    loading.value = true
    try {
      const page = await listUsersSilently(org)
      if (mine !== generation) return
      users.value = page
      failed.value = false
    } catch {
      if (mine !== generation) return
      users.value = []
      failed.value = true
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(orgId, () => void load(), { immediate: true })

  const people = computed(() => mergePeople(users.value, known.value).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')))
  return { people, loading, failed, reload: load }
}

async function listUsersSilently(org: string): Promise<PersonOption[]> {
  // Silent: a duty officer may not read users; the page then offers the people it knows.
  const page = await http.get<Paged<User>>('/api/v1/users', { query: { org, status: 'active', limit: 500 }, silent: true })
  return page.items.map((u) => ({ id: u.id, name: u.name, phone: u.phone }))
}
