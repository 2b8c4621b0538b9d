import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { localizeError } from '@/api/errors'
import { isApiError } from '@/api/http'
import type { Paged } from '@/api/reference'

export const PAGE_SIZES = [20, 50, 100, 200] as const

/** The `offset` of a 1-based page. */
export function pageOffset(page: number, pageSize: number): number {
  return Math.max(0, (Math.max(1, Math.floor(page)) - 1) * pageSize)
}

/** The last page that still has rows, for when a filter shrinks the list. */
export function lastPage(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize))
}

export interface PagedListOptions {
  pageSize?: number
  /** Wait this long after the filters change before asking (typing in a search box). */
  debounceMs?: number
  /** Load at once (default true). */
  immediate?: boolean
}

/**
 * A server-paged table: `filters` is reactive; changing it goes back to page 1 and
 * reloads (debounced); an answer that arrives after a newer request is dropped.
 */
export function usePagedList<T, Q extends object>(
  fetchPage: (query: Q & { limit: number; offset: number }) => Promise<Paged<T>>,
  filters: Q,
  options: PagedListOptions = {},
) {
  const items = shallowRef<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(options.pageSize ?? PAGE_SIZES[0])
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  let generation = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  async function load(): Promise<void> {
    const mine = ++generation
    loading.value = true
    try {
      const result = await fetchPage({ ...filters, limit: pageSize.value, offset: pageOffset(page.value, pageSize.value) })
      if (mine !== generation) return
      items.value = result.items
      total.value = result.total
      error.value = null
      if (result.items.length === 0 && page.value > 1 && result.total > 0) {
        page.value = lastPage(result.total, pageSize.value)
        await load()
      }
    } catch (e) {
      if (mine !== generation) return
      if (!(isApiError(e) && e.code === 'aborted')) error.value = e
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** Back to page 1 and load (filters changed). */
  function search(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    page.value = 1
    return load()
  }

  watch(
    () => ({ ...filters }),
    () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => void search(), options.debounceMs ?? 250)
    },
    { deep: true },
  )
  watch(page, () => void load())
  watch(pageSize, () => {
    if (page.value === 1) void load()
    else page.value = 1
  })

  if (options.immediate !== false) void load()

  return { items, total, page, pageSize, loading, error, reload: load, search, pageSizes: [...PAGE_SIZES] }
}

/** What ListPage needs of a paged list. */
export interface PagedListState<T> {
  items: Ref<T[]>
  total: Ref<number>
  page: Ref<number>
  pageSize: Ref<number>
  loading: Ref<boolean>
  error: Ref<unknown>
  pageSizes: number[]
  search: () => Promise<void>
  reload: () => Promise<void>
}

/**
 * ListPage's props and events that follow a paged list (`<ListPage v-bind="binding" …>`): the
 * rows, total, loading, the load error worded by `describe`, the page and page size both ways,
 * a search (back to page 1) and the retry.
 */
export function listPageBinding<T>(list: PagedListState<T>, describe: (error: unknown) => string = localizeError) {
  return computed(() => ({
    items: list.items.value,
    total: list.total.value,
    loading: list.loading.value,
    error: list.error.value ? describe(list.error.value) : '',
    pageSizes: list.pageSizes,
    page: list.page.value,
    'onUpdate:page': (value: number) => {
      list.page.value = value
    },
    pageSize: list.pageSize.value,
    'onUpdate:pageSize': (value: number) => {
      list.pageSize.value = value
    },
    onSearch: () => void list.search(),
    onRetry: () => void list.reload(),
  }))
}

/** Every row matching `filters`, page by page (for exports), at most `max`. */
export async function collectAll<T, Q extends object>(
  fetchPage: (query: Q & { limit: number; offset: number }) => Promise<Paged<T>>,
  filters: Q,
  max = 10_000,
  pageSize = 200,
): Promise<T[]> {
  const out: T[] = []
  for (;;) {
    const page = await fetchPage({ ...filters, limit: pageSize, offset: out.length })
    out.push(...page.items)
    if (page.items.length === 0 || out.length >= page.total || out.length >= max) return out.slice(0, max)
  }
}
