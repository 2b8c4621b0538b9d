import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import { ApiError } from '@/api/http'
import { lastPage, listPageBinding, pageOffset, usePagedList } from './usePagedList'

describe('paging arithmetic', () => {
  it('turns pages into offsets', () => {
    expect(pageOffset(1, 20)).toBe(0)
    expect(pageOffset(3, 50)).toBe(100)
    expect(pageOffset(0, 20)).toBe(0)
  })

  it('finds the last page', () => {
    expect(lastPage(0, 20)).toBe(1)
    expect(lastPage(41, 20)).toBe(3)
  })
})

describe('usePagedList', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('loads, and goes back to page 1 when a filter changes', async () => {
    const fetchPage = vi.fn(async (q: { q: string; limit: number; offset: number }) => ({
      items: [`${q.q}@${q.offset}`],
      total: 100,
    }))
    const filters = reactive({ q: '' })
    const list = usePagedList(fetchPage, filters, { debounceMs: 100 })
    await vi.runAllTimersAsync()
    expect(fetchPage).toHaveBeenLastCalledWith({ q: '', limit: 20, offset: 0 })
    list.page.value = 3
    await vi.runAllTimersAsync()
    expect(fetchPage).toHaveBeenLastCalledWith({ q: '', limit: 20, offset: 40 })
    filters.q = '太原'
    await nextTick()
    await vi.runAllTimersAsync()
    expect(list.page.value).toBe(1)
    expect(fetchPage).toHaveBeenLastCalledWith({ q: '太原', limit: 20, offset: 0 })
    expect(list.items.value).toEqual(['太原@0'])
    expect(list.total.value).toBe(100)
  })

  it('drops an answer that arrives after a newer request', async () => {
    let release: (v: { items: string[]; total: number }) => void = () => {}
    const fetchPage = vi
      .fn()
      .mockImplementationOnce(() => new Promise((r) => (release = r)))
      .mockResolvedValue({ items: ['new'], total: 1 })
    const list = usePagedList(fetchPage, reactive({}), { debounceMs: 0 })
    void list.reload()
    await vi.runAllTimersAsync()
    release({ items: ['old'], total: 1 })
    await vi.runAllTimersAsync()
    expect(list.items.value).toEqual(['new'])
  })
})

describe('listPageBinding', () => {
  it("gives ListPage the list's rows and load error in words, and turns its page, search and retry back into the list", async () => {
    const fetchPage = vi.fn(async (q: { limit: number; offset: number }) => {
      if (q.offset === 0) throw new ApiError({ status: 500, code: 'internal', message: 'the server failed' })
      return { items: [`row@${q.offset}`], total: 60 }
    })
    const list = usePagedList(fetchPage, reactive({}))
    const binding = listPageBinding(list, (e) => `failed: ${(e as Error).message}`)
    await vi.waitFor(() => expect(binding.value.error).toBe('failed: the server failed'))
    expect(binding.value).toMatchObject({ items: [], total: 0, loading: false, page: 1, pageSize: 20, pageSizes: [20, 50, 100, 200] })
    binding.value['onUpdate:page'](2)
    await vi.waitFor(() => expect(binding.value.items).toEqual(['row@20']))
    expect(binding.value).toMatchObject({ page: 2, total: 60, error: '' })
    binding.value.onSearch()
    await vi.waitFor(() => expect(binding.value.page).toBe(1))
    fetchPage.mockClear()
    binding.value.onRetry()
    expect(fetchPage).toHaveBeenCalledWith({ limit: 20, offset: 0 })
  })
})
