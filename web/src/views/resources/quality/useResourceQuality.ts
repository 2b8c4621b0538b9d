import { computed, ref, shallowRef, watch } from 'vue'
import { localizeError } from '@/api/errors'
import { listResources, qualityRanking, verifyResource, type QualityRank, type ResourceRecord } from '@/api/resources'
import { collectAll } from '@/composables/usePagedList'
import { useResourceKindsStore } from '@/stores/resourceKinds'
import { useResourceViewStore } from '@/stores/resourceView'

/** The most stale records of one kind read for sorting (the server cannot sort by verification). */
export const MAX_STALE = 2000

/** Stalest first: most days since verified, then by id. */
export function byStaleness(a: ResourceRecord, b: ResourceRecord): number {
  return b.days_since_verified - a.days_since_verified || Number(a.id) - Number(b.id)
}

/** Share of stale records, in percent with one decimal. */
export function staleShare(row: Pick<QualityRank, 'records' | 'stale'>): number {
  return row.records > 0 ? Math.round((row.stale / row.records) * 1000) / 10 : 0
}

/** 数据质量: the ranking of regions (推广应用排名) and the stalest records per kind. */
export function useResourceQuality() {
  const kinds = useResourceKindsStore()
  const view = useResourceViewStore()
  const level = ref<'county' | 'city'>('city')
  const ranking = shallowRef<QualityRank[]>([])
  const rankingLoading = ref(false)
  const rankingError = ref('')

  async function loadRanking(): Promise<void> {
    rankingLoading.value = true
    rankingError.value = ''
    try {
      ranking.value = await qualityRanking(level.value, view.region ?? undefined)
    } catch (error) {
      rankingError.value = localizeError(error)
      ranking.value = []
    } finally {
      rankingLoading.value = false
    }
  }

  // Stale counts per kind, and the stalest records of the chosen kind.
  const staleCounts = ref<Record<string, number>>({})
  const staleKind = ref('')
  const stale = shallowRef<ResourceRecord[]>([])
  const staleLoading = ref(false)
  const staleError = ref('')
  const stalePage = ref(1)
  const stalePageSize = ref(20)
  const verifying = ref<string | null>(null)
  const stalePageItems = computed(() => stale.value.slice((stalePage.value - 1) * stalePageSize.value, stalePage.value * stalePageSize.value))
  let staleGeneration = 0

  async function loadStaleCounts(): Promise<void> {
    await kinds.load().catch(() => undefined)
    const region = view.region ?? undefined
    const entries = await Promise.all(
      kinds.kinds.map(async (k) => {
        try {
          const page = await listResources({ kind: k.key, stale: true, region, limit: 1 }, { silent: true })
          return [k.key, page.total] as const
        } catch {
          return [k.key, 0] as const
        }
      }),
    )
    staleCounts.value = Object.fromEntries(entries)
    if (!staleKind.value || !(staleKind.value in staleCounts.value)) {
      // Start with the kind that has the most stale records.
      staleKind.value = [...entries].sort((a, b) => b[1] - a[1])[0]?.[0] ?? kinds.kinds[0]?.key ?? ''
    }
  }

  async function loadStale(): Promise<void> {
    const kind = staleKind.value
    if (!kind) return
    const mine = ++staleGeneration
    staleLoading.value = true
    staleError.value = ''
    try {
      const rows = await collectAll(
        (q: { kind: string; stale: true; region?: string | undefined; sort: 'id'; limit: number; offset: number }) =>
          listResources(q, { silent: true }),
        { kind, stale: true as const, region: view.region ?? undefined, sort: 'id' as const },
        MAX_STALE,
      )
      if (mine !== staleGeneration) return
      stale.value = rows.sort(byStaleness)
      stalePage.value = 1
    } catch (error) {
      if (mine === staleGeneration) staleError.value = localizeError(error)
    } finally {
      if (mine === staleGeneration) staleLoading.value = false
    }
  }

  /** Confirms a record unchanged: it leaves the stale list at once. */
  async function verify(record: ResourceRecord): Promise<boolean> {
    verifying.value = record.id
    try {
      await verifyResource(record.id)
      stale.value = stale.value.filter((r) => r.id !== record.id)
      staleCounts.value = { ...staleCounts.value, [record.kind]: Math.max(0, (staleCounts.value[record.kind] ?? 1) - 1) }
      if (stalePageItems.value.length === 0 && stalePage.value > 1) stalePage.value--
      return true
    } catch (error) {
      staleError.value = localizeError(error)
      return false
    } finally {
      verifying.value = null
    }
  }

  function reloadAll(): void {
    void loadRanking()
    const before = staleKind.value
    // A new kind chosen by the counts loads through the watcher below.
    void loadStaleCounts().then(() => (staleKind.value === before ? loadStale() : undefined))
  }

  watch(level, () => void loadRanking())
  watch(
    () => view.region,
    () => reloadAll(),
  )
  watch(staleKind, () => void loadStale())

  return {
    view,
    level,
    ranking,
    rankingLoading,
    rankingError,
    staleCounts,
    staleKind,
    stale,
    stalePageItems,
    stalePage,
    stalePageSize,
    staleLoading,
    staleError,
    verifying,
    verify,
    reloadAll,
    loadStale,
  }
}
