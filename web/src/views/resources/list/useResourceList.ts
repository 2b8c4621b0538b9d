import { computed, reactive, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { exportUrl, listResources, type ResourceQuery, type SortKey, type SpreadsheetFormat } from '@/api/resources'
import { usePagedList } from '@/composables/usePagedList'
import { useRealtimeTopic } from '@/realtime'
import { useResourceKindsStore } from '@/stores/resourceKinds'
import { useResourceViewStore } from '@/stores/resourceView'
import { listColumns } from '../schema'

export interface ListFilters {
  kind: string
  region: string | null
  category: string
  q: string
  /** Only records whose quality is below this (0–100); null for any. */
  quality_below: number | null
  stale: boolean
  sort: SortKey
  order: 'asc' | 'desc'
}

/** The list request for the filters (empty ones left out). */
export function listQuery(filters: ListFilters): ResourceQuery {
  return {
    kind: filters.kind || undefined,
    region: filters.region ?? undefined,
    category: filters.category || undefined,
    q: filters.q.trim() || undefined,
    quality_below: filters.quality_below ?? undefined,
    stale: filters.stale || undefined,
    sort: filters.sort,
    order: filters.order,
  }
}

/** el-table's sort event to the server's sort: descending/ascending, or back to id order. */
export function sortFromTable(sort: SortKey | undefined, order: 'ascending' | 'descending' | null): { sort: SortKey; order: 'asc' | 'desc' } {
  if (!sort || !order) return { sort: 'id', order: 'asc' }
  return { sort, order: order === 'descending' ? 'desc' : 'asc' }
}

/** Triggers a download of a same-origin URL (the session cookie goes along). */
export function download(url: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = ''
  document.body.appendChild(link)
  link.click()
  link.remove()
}

/** 资源目录: one kind at a time, filters above, server paging and sorting, export. */
export function useResourceList() {
  const route = useRoute()
  const router = useRouter()
  const kinds = useResourceKindsStore()
  const view = useResourceViewStore()

  const routeKind = () => (typeof route.params.kind === 'string' && route.params.kind ? route.params.kind : '')
  const filters = reactive<ListFilters>({
    kind: routeKind(),
    region: view.region,
    category: '',
    q: '',
    quality_below: null,
    stale: false,
    sort: 'id',
    order: 'asc',
  })

  const list = usePagedList(
    (query: ListFilters & { limit: number; offset: number }) => listResources({ ...listQuery(query), limit: query.limit, offset: query.offset }),
    filters,
    {
      pageSize: 20,
      immediate: false,
    },
  )

  const kind = computed(() => kinds.kind(filters.kind))
  const columns = computed(() => (kind.value ? listColumns(kind.value, kinds.locale()) : []))

  // The kind lives in the URL (/resources/list/shelter); without one, the first kind.
  function syncKind(): void {
    const wanted = routeKind()
    if (!kinds.kinds.length) return
    if (!wanted || !kinds.kind(wanted)) {
      void router.replace({ name: 'resources-list', params: { kind: kinds.kinds[0]!.key }, query: route.query })
      return
    }
    if (filters.kind !== wanted) {
      filters.kind = wanted
      filters.category = ''
      filters.sort = 'id'
      filters.order = 'asc'
    } else if (list.items.value.length === 0 && !list.loading.value) {
      void list.search()
    }
  }
  watch(() => [route.params.kind, kinds.kinds.length], syncKind, { immediate: true })
  void kinds.load().then(syncKind, () => undefined)

  // The region is shared with the map.
  watch(
    () => filters.region,
    (region) => (view.region = region),
  )
  watch(
    () => view.region,
    (region) => (filters.region = region),
  )

  function chooseKind(key: string): void {
    if (key !== filters.kind) void router.push({ name: 'resources-list', params: { kind: key } })
  }

  function exportAs(format: SpreadsheetFormat): void {
    if (!filters.kind) return
    download(exportUrl({ ...listQuery(filters), kind: filters.kind }, format))
  }

  // Records of this kind changed elsewhere: reload the page (once per burst).
  let timer: ReturnType<typeof setTimeout> | null = null
  useRealtimeTopic('resources', (event) => {
    const data = event.data as { kind?: string } | null
    if (data?.kind && data.kind !== filters.kind) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void list.reload()
    }, 800)
  })

  return { filters, list, kind, columns, chooseKind, exportAs }
}
