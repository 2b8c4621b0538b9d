import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { ApiError } from '@/api/http'
import type { Report } from '@/api/incidents'
import type { Permission } from '@/utils/permissions'
import { useReportEditor, type ReportEditorDeps } from './useReportEditor'

function makeReport(over: Partial<Report> = {}): Report {
  return {
    id: 'r1',
    incident_id: 'i1',
    incident_title: '货车侧翻',
    incident_level: 'IV',
    drill: false,
    kind: 'first',
    seq: 1,
    org_id: 'county',
    org_name: '小店区应急管理局',
    status: 'draft',
    content: {
      unit: '小店区应急管理局',
      occurred_at: '2026-11-29T00:30:00Z',
      place: '龙城大街',
      summary: '货车侧翻',
      deaths: 0,
      missing: 0,
      injured: 1,
      seriously_injured: 0,
      trapped: 0,
      direct_loss_yuan: 0,
      measures: '',
      other: '',
      reporter_name: '',
      reporter_phone: '',
    },
    due_at: '2026-11-29T01:30:00Z',
    overdue: false,
    sent_at: null,
    comments: [],
    deliveries: [],
    created_by: 'x',
    created_at: '2026-11-29T00:31:00Z',
    updated_at: '2026-11-29T00:31:00Z',
    version: 1,
    ...over,
  }
}

function memoryStore() {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  }
}

const officer = (p: Permission) => p === 'incidents.read' || p === 'incidents.write'
const conflict = () => new ApiError({ status: 409, code: 'conflict', message: 'stale version', field: 'version' })

async function settle() {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve()
    await nextTick()
  }
}

function setup(server: { current: Report }, overrides: Partial<ReportEditorDeps> = {}) {
  const store = memoryStore()
  const update = vi.fn(async (_id: string, body: { content: Partial<Report['content']>; version: number }) => {
    if (body.version !== server.current.version) throw conflict()
    server.current = makeReport({ ...server.current, content: { ...server.current.content, ...body.content }, version: server.current.version + 1 })
    return server.current
  })
  const get = vi.fn(async () => server.current)
  const scope = effectScope()
  const editor = scope.run(() =>
    useReportEditor(ref('r1'), () => ({ orgId: 'county', can: officer }), {
      get,
      update,
      delayMs: 1000,
      storage: store,
      now: () => 42,
      ...overrides,
    }),
  )!
  return { editor, update, get, store, scope }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('useReportEditor', () => {
  it('loads the report into the form', async () => {
    const server = { current: makeReport() }
    const { editor } = setup(server)
    await settle()
    expect(editor.report.value?.id).toBe('r1')
    expect(editor.form.summary).toBe('货车侧翻')
    expect(editor.editable.value).toBe(true)
    expect(editor.dirty.value).toBe(false)
  })

  it('autosaves a pause after typing, with the version, and keeps a local copy meanwhile', async () => {
    const server = { current: makeReport() }
    const { editor, update, store } = setup(server)
    await settle()
    editor.form.summary = '货车侧翻，司机受伤'
    await settle()
    expect(editor.state.value).toBe('dirty')
    expect(JSON.parse(store.data.get('fenghuo.reportDraft.r1')!).form.summary).toBe('货车侧翻，司机受伤')
    vi.advanceTimersByTime(999)
    expect(update).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    await settle()
    expect(update).toHaveBeenCalledTimes(1)
    expect(update.mock.calls[0]![1]).toMatchObject({ version: 1, content: { summary: '货车侧翻，司机受伤', injured: 1 } })
    expect(editor.state.value).toBe('saved')
    expect(editor.report.value?.version).toBe(2)
    expect(store.data.has('fenghuo.reportDraft.r1')).toBe(false)
  })

  it('on a stale version keeps the text, stops saving, and merges after reload', async () => {
    const server = { current: makeReport() }
    const { editor, update } = setup(server)
    await settle()
    editor.form.measures = '已封闭道路'
    await settle()
    // Someone else saves first.
    server.current = makeReport({ version: 2, content: { ...server.current.content, deaths: 1 } })
    await editor.save()
    expect(editor.state.value).toBe('conflict')
    expect(editor.form.measures).toBe('已封闭道路')
    editor.form.measures = '已封闭道路，疏导交通'
    await settle()
    vi.advanceTimersByTime(5000)
    await settle()
    expect(update).toHaveBeenCalledTimes(1)

    await editor.reloadLatest()
    expect(editor.form.measures).toBe('已封闭道路，疏导交通')
    expect(editor.form.deaths).toBe(1)
    expect(editor.theirChanges.value).toEqual(['deaths'])
    vi.advanceTimersByTime(1000)
    await settle()
    expect(update).toHaveBeenCalledTimes(2)
    expect(update.mock.calls[1]![1]).toMatchObject({ version: 2, content: { measures: '已封闭道路，疏导交通', deaths: 1 } })
    expect(editor.state.value).toBe('saved')
  })

  it('keeps the text when saving fails for another reason', async () => {
    const server = { current: makeReport() }
    const { editor } = setup(server, {
      update: vi.fn(async () => Promise.reject(new ApiError({ status: 0, code: 'network_error', message: 'offline' }))),
    })
    await settle()
    editor.form.other = '无'
    await editor.save()
    expect(editor.state.value).toBe('error')
    expect(editor.form.other).toBe('无')
    expect(editor.saveError.value).not.toBe('')
  })

  it('restores unsaved text kept from an earlier visit of the same version', async () => {
    const server = { current: makeReport() }
    const store = memoryStore()
    store.setItem('fenghuo.reportDraft.r1', JSON.stringify({ version: 1, at: 1, form: { ...makeReportForm(), summary: '上次没保存的内容' } }))
    const { editor } = setup(server, { storage: store })
    await settle()
    expect(editor.form.summary).toBe('上次没保存的内容')
    expect(editor.dirty.value).toBe(true)
  })

  it('offers (not forces) a local copy made from an older version', async () => {
    const server = { current: makeReport({ version: 3 }) }
    const store = memoryStore()
    store.setItem('fenghuo.reportDraft.r1', JSON.stringify({ version: 1, at: 1, form: { ...makeReportForm(), summary: '旧内容' } }))
    const { editor } = setup(server, { storage: store })
    await settle()
    expect(editor.form.summary).toBe('货车侧翻')
    expect(editor.pendingBackup.value?.form.summary).toBe('旧内容')
    editor.restoreBackup()
    expect(editor.form.summary).toBe('旧内容')
  })

  it('says when a report being edited can no longer be edited, and keeps the text', async () => {
    const server = { current: makeReport() }
    const { editor } = setup(server)
    await settle()
    editor.form.summary = '新内容'
    await settle()
    server.current = makeReport({ status: 'pending', version: 2 })
    await editor.refresh()
    expect(editor.state.value).toBe('locked')
    expect(editor.form.summary).toBe('新内容')
    expect(editor.editable.value).toBe(false)
  })

  it('stays "saved" when its own save comes back as a realtime event', async () => {
    const server = { current: makeReport() }
    const { editor } = setup(server)
    await settle()
    editor.form.other = '无'
    await editor.save()
    expect(editor.state.value).toBe('saved')
    await editor.refresh()
    expect(editor.state.value).toBe('saved')
    expect(editor.form.other).toBe('无')
  })

  it('takes the latest on a realtime change when nothing is unsaved', async () => {
    const server = { current: makeReport() }
    const { editor } = setup(server)
    await settle()
    server.current = makeReport({ status: 'pending', version: 2, content: { ...server.current.content, summary: '已提交' } })
    await editor.refresh()
    expect(editor.report.value?.status).toBe('pending')
    expect(editor.form.summary).toBe('已提交')
    expect(editor.editable.value).toBe(false)
  })
})

function makeReportForm() {
  return {
    unit: '小店区应急管理局',
    occurred_at: Date.parse('2026-11-29T00:30:00Z'),
    place: '龙城大街',
    summary: '货车侧翻',
    deaths: 0,
    missing: 0,
    injured: 1,
    seriously_injured: 0,
    trapped: 0,
    direct_loss_wan: null,
    measures: '',
    other: '',
    reporter_name: '',
    reporter_phone: '',
  }
}
