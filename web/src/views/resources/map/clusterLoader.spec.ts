import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Bbox, ClusterQuery } from '@/api/resources'
import { ApiError } from '@/api/http'
import { createClusterLoader, limitSymbols, type ClusterAnswer } from './clusterLoader'

const BOX: Bbox = [110, 34, 115, 41]
const ALL = { kinds: null, region: null }

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

function answer(total: number): ClusterAnswer {
  return { items: [{ lon: 112, lat: 37, count: total, kinds: { team: total } }], total }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('the map’s cluster loader', () => {
  it('debounces a burst of view changes into one request for the last view', async () => {
    const fetch = vi.fn(async () => answer(5))
    const onResult = vi.fn()
    const loader = createClusterLoader({ fetch, onResult, onError: vi.fn(), debounceMs: 200 })
    loader.request(BOX, 7, ALL)
    await vi.advanceTimersByTimeAsync(100)
    loader.request(BOX, 8, ALL)
    await vi.advanceTimersByTimeAsync(100)
    loader.request([111, 35, 113, 38], 9, { kinds: ['team', 'shelter'], region: '140100' })
    expect(fetch).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(200)
    expect(fetch).toHaveBeenCalledTimes(1)
    const [query] = fetch.mock.calls[0] as unknown as [ClusterQuery, AbortSignal]
    expect(query).toEqual({ bbox: [111, 35, 113, 38], zoom: 9, kinds: ['team', 'shelter'], region: '140100' })
    expect(onResult).toHaveBeenCalledTimes(1)
  })

  it('aborts the request in flight when a newer one starts, and drops a late answer', async () => {
    const first = deferred<ClusterAnswer>()
    const second = deferred<ClusterAnswer>()
    const signals: AbortSignal[] = []
    const fetch = vi.fn((_q: ClusterQuery, signal: AbortSignal) => {
      signals.push(signal)
      return signals.length === 1 ? first.promise : second.promise
    })
    const onResult = vi.fn()
    const onError = vi.fn()
    const loader = createClusterLoader({ fetch, onResult, onError })
    void loader.requestNow(BOX, 7, ALL)
    void loader.requestNow(BOX, 8, ALL)
    expect(signals[0]!.aborted).toBe(true)
    expect(signals[1]!.aborted).toBe(false)
    second.resolve(answer(2))
    first.resolve(answer(1)) // the aborted request answered anyway: ignored
    await vi.runAllTimersAsync()
    expect(onResult).toHaveBeenCalledTimes(1)
    expect(onResult.mock.calls[0]![0]).toEqual(answer(2))
    expect(onError).not.toHaveBeenCalled()
  })

  it('reports real failures but not aborts', async () => {
    const onError = vi.fn()
    const aborting = createClusterLoader({
      fetch: async () => {
        throw new ApiError({ status: 0, code: 'aborted', message: 'aborted' })
      },
      onResult: vi.fn(),
      onError,
    })
    await aborting.requestNow(BOX, 7, ALL)
    expect(onError).not.toHaveBeenCalled()
    const failing = createClusterLoader({
      fetch: async () => {
        throw new ApiError({ status: 500, code: 'internal', message: 'boom' })
      },
      onResult: vi.fn(),
      onError,
    })
    await failing.requestNow(BOX, 7, ALL)
    expect(onError).toHaveBeenCalledTimes(1)
  })

  it('asks nothing when every layer is off, and draws nothing', async () => {
    const fetch = vi.fn(async () => answer(3))
    const onResult = vi.fn()
    const loader = createClusterLoader({ fetch, onResult, onError: vi.fn() })
    await loader.requestNow(BOX, 7, { kinds: [], region: null })
    expect(fetch).not.toHaveBeenCalled()
    expect(onResult).toHaveBeenCalledWith({ items: [], total: 0 }, null)
  })

  it('cancel() drops the waiting request and aborts the running one', async () => {
    const pending = deferred<ClusterAnswer>()
    let signal: AbortSignal | null = null
    const onResult = vi.fn()
    const loader = createClusterLoader({
      fetch: (_q, s) => {
        signal = s
        return pending.promise
      },
      onResult,
      onError: vi.fn(),
    })
    void loader.requestNow(BOX, 7, ALL)
    loader.request(BOX, 8, ALL)
    loader.cancel()
    expect(signal!.aborted).toBe(true)
    pending.resolve(answer(1))
    await vi.runAllTimersAsync()
    expect(onResult).not.toHaveBeenCalled()
    expect(loader.requests).toBe(1)
  })
})

describe('limitSymbols', () => {
  it('keeps the biggest clusters when over the limit', () => {
    const items = [1, 50, 3, 20].map((count, i) => ({ lon: i, lat: i, count, kinds: {} }))
    expect(limitSymbols(items, 10).dropped).toBe(0)
    const limited = limitSymbols(items, 2)
    expect(limited.items.map((c) => c.count)).toEqual([50, 20])
    expect(limited.dropped).toBe(2)
  })
})
