import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import * as api from '@/api/identityImport'
import { importFormat } from '@/api/identityImport'
import { decodeText, reportRows, useImport, wouldChange } from './useImport'

const report = {
  applied: false,
  created: { organisations: 2, users: 5 },
  updated: { organisations: 0, users: 1 },
  disabled: { organisations: 0, users: 0 },
  rejected: [{ row: 3, field: 'phone', reason: 'not a mobile number' }],
}

describe('import helpers', () => {
  it('tells CSV from JSON by name, then by content', () => {
    expect(importFormat('people.csv', '{')).toBe('csv')
    expect(importFormat('people.JSON', 'name')).toBe('json')
    expect(importFormat('export.txt', '  {"users":[]}')).toBe('json')
    expect(importFormat('export.txt', 'name,phone')).toBe('csv')
  })

  it('builds report rows and knows when nothing would change', () => {
    expect(reportRows(report)).toEqual([
      { kind: 'organisations', created: 2, updated: 0, disabled: 0 },
      { kind: 'users', created: 5, updated: 1, disabled: 0 },
    ])
    expect(wouldChange(report)).toBe(true)
    const empty = { ...report, created: { organisations: 0, users: 0 }, updated: { organisations: 0, users: 0 } }
    expect(wouldChange(empty)).toBe(false)
  })
})

describe('decodeText', () => {
  it('reads UTF-8, drops a BOM, and falls back to GB18030', () => {
    const utf8 = new TextEncoder().encode('\uFEFFkind,name\n张三')
    expect(decodeText(utf8.buffer as ArrayBuffer)).toBe('kind,name\n张三')
    // 张三 in GBK
    const gbk = new Uint8Array([0x6e, 0x2c, 0xd5, 0xc5, 0xc8, 0xfd])
    expect(decodeText(gbk.buffer)).toBe('n,张三')
  })
})

describe('useImport', () => {
  it('dry-runs first, then applies the same file with the same options', async () => {
    const spy = vi.spyOn(api, 'importIdentity').mockResolvedValue(report)
    const state = useImport()
    expect(await state.choose(new File(['name,phone\n张三,13800000001\n'], 'people.csv'))).toBeNull()
    expect(state.canApply.value).toBe(false)
    await nextTick()
    expect(await state.dryRun()).toBe(true)
    expect(spy).toHaveBeenLastCalledWith('name,phone\n张三,13800000001\n', 'csv', { partial: false, fullSync: false, dryRun: true })
    expect(state.reportKind.value).toBe('dry')
    expect(state.canApply.value).toBe(true)

    spy.mockResolvedValue({ ...report, applied: true })
    await state.apply()
    expect(spy).toHaveBeenLastCalledWith(expect.any(String), 'csv', { partial: false, fullSync: false, dryRun: false })
    expect(state.reportKind.value).toBe('applied')
    expect(state.canApply.value).toBe(false)
  })

  it('asks for a new dry run when an option changes', async () => {
    vi.spyOn(api, 'importIdentity').mockResolvedValue(report)
    const state = useImport()
    await state.choose(new File(['{"users":[]}'], 'x.json'))
    await nextTick()
    await state.dryRun()
    expect(state.canApply.value).toBe(true)
    state.options.partial = true
    await nextTick()
    expect(state.report.value).toBeNull()
    expect(state.canApply.value).toBe(false)
  })

  it('refuses a file that is too large', async () => {
    const state = useImport()
    const big = { size: 11 * 1024 * 1024, name: 'big.csv', arrayBuffer: async () => new ArrayBuffer(0) } as unknown as File
    expect(await state.choose(big)).toBe('tooLarge')
    expect(state.file.value).toBeNull()
  })
})
