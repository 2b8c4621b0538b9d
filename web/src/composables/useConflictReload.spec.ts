import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { keepMyEdits, useConflictReload } from './useConflictReload'

function setup(fetch: () => Promise<{ version: number }> | null) {
  const conflict = ref(true)
  const failure = ref('')
  const keep = vi.fn()
  const reload = useConflictReload({ conflict, failure, fetch, keep, describe: (e) => `failed: ${(e as Error).message}` })
  return { conflict, failure, keep, ...reload }
}

describe('useConflictReload', () => {
  it('hands the latest version on and ends the conflict', async () => {
    const { conflict, keep, reloading, reloadLatest } = setup(() => Promise.resolve({ version: 5 }))
    const pending = reloadLatest()
    expect(reloading.value).toBe(true)
    await pending
    expect(keep).toHaveBeenCalledWith({ version: 5 })
    expect(conflict.value).toBe(false)
    expect(reloading.value).toBe(false)
  })

  it('says why when the reload fails and keeps the conflict open', async () => {
    const { conflict, failure, keep, reloading, reloadLatest } = setup(() => Promise.reject(new Error('offline')))
    await reloadLatest()
    expect(keep).not.toHaveBeenCalled()
    expect(failure.value).toBe('failed: offline')
    expect(conflict.value).toBe(true)
    expect(reloading.value).toBe(false)
  })

  it('does nothing when there is nothing to reload', async () => {
    const { conflict, keep, reloading, reloadLatest } = setup(() => null)
    await reloadLatest()
    expect(keep).not.toHaveBeenCalled()
    expect(conflict.value).toBe(true)
    expect(reloading.value).toBe(false)
  })
})

describe('keepMyEdits', () => {
  const differs = (a: Record<string, string>, b: Record<string, string>, key: string) => a[key] !== b[key]

  it('takes their change where I left the field alone and keeps my input where I changed it', () => {
    const before = { name: 'a', phone: '1', note: 'x' }
    const after = { name: 'b', phone: '2', note: 'x' }
    const form = { name: 'mine', phone: '1', note: 'my note' }
    const theirs = keepMyEdits(form, before, after, ['name', 'phone', 'note'], differs)
    expect(theirs).toEqual(['name', 'phone'])
    expect(form).toEqual({ name: 'mine', phone: '2', note: 'my note' })
  })
})
