/**
 * Loads the map's clusters as the view moves: requests are debounced (a drag or a zoom
 * animation fires many events), a newer request aborts the one in flight, and an answer
 * that arrives after a newer request was made is dropped. Free of Leaflet so it is tested
 * with fake timers.
 */
import type { Bbox, ClusterQuery, ResourceCluster } from '@/api/resources'
import { isApiError } from '@/api/http'

export interface ClusterAnswer {
  items: ResourceCluster[]
  total: number
}

export interface ClusterFilters {
  /** Kinds to show; null for every kind. An empty list shows nothing (no request). */
  kinds: readonly string[] | null
  region: string | null
}

export interface LoaderTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface ClusterLoaderOptions {
  fetch: (query: ClusterQuery, signal: AbortSignal) => Promise<ClusterAnswer>
  onResult: (answer: ClusterAnswer, query: ClusterQuery | null) => void
  onError: (error: unknown) => void
  onLoading?: (loading: boolean) => void
  debounceMs?: number
  timers?: LoaderTimers
}

function isAbort(error: unknown): boolean {
  if (isApiError(error)) return error.code === 'aborted'
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError'
}

export function createClusterLoader(options: ClusterLoaderOptions) {
  const timers: LoaderTimers = options.timers ?? {
    setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  }
  const debounceMs = options.debounceMs ?? 200
  let timer: unknown = null
  let controller: AbortController | null = null
  let generation = 0
  let pending: { bbox: Bbox; zoom: number; filters: ClusterFilters } | null = null
  let requests = 0

  async function run(): Promise<void> {
    timer = null
    const next = pending
    if (!next) return
    pending = null
    controller?.abort()
    controller = null
    const mine = ++generation
    if (next.filters.kinds && next.filters.kinds.length === 0) {
      options.onLoading?.(false)
      options.onResult({ items: [], total: 0 }, null)
      return
    }
    const query: ClusterQuery = {
      bbox: next.bbox,
      zoom: next.zoom,
      kinds: next.filters.kinds ?? undefined,
      region: next.filters.region ?? undefined,
    }
    const mineController = new AbortController()
    controller = mineController
    options.onLoading?.(true)
    requests++
    try {
      const answer = await options.fetch(query, mineController.signal)
      if (mine !== generation) return
      options.onResult(answer, query)
    } catch (error) {
      if (mine !== generation || isAbort(error)) return
      options.onError(error)
    } finally {
      if (mine === generation) {
        controller = null
        options.onLoading?.(false)
      }
    }
  }

  return {
    /** Asks for the view after the debounce; a later call within it replaces this one. */
    request(bbox: Bbox, zoom: number, filters: ClusterFilters): void {
      pending = { bbox, zoom, filters }
      if (timer !== null) timers.clearTimeout(timer)
      timer = timers.setTimeout(() => void run(), debounceMs)
    },
    /** Asks at once (a filter changed: no reason to wait). */
    requestNow(bbox: Bbox, zoom: number, filters: ClusterFilters): Promise<void> {
      pending = { bbox, zoom, filters }
      if (timer !== null) timers.clearTimeout(timer)
      return run()
    },
    /** Drops the waiting request and aborts the one in flight. */
    cancel(): void {
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
      pending = null
      generation++
      controller?.abort()
      controller = null
    },
    /** How many requests were sent (for tests and the debug counter). */
    get requests(): number {
      return requests
    },
  }
}

/**
 * At most `max` symbols: the biggest clusters first, single records after. The server's
 * grid keeps a view far below this; it only guards against a huge screen.
 */
export function limitSymbols(items: readonly ResourceCluster[], max: number): { items: ResourceCluster[]; dropped: number } {
  if (items.length <= max) return { items: [...items], dropped: 0 }
  const sorted = [...items].sort((a, b) => b.count - a.count)
  return { items: sorted.slice(0, max), dropped: items.length - max }
}
