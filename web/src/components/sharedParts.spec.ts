import { createSSRApp, h, type Component } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { describe, expect, it, vi } from 'vitest'
import { ID_INJECTION_KEY, ZINDEX_INJECTION_KEY } from 'element-plus'
import { ApiError } from '@/api/http'
import { i18n } from '@/locales'
import ErrorView from '@/views/errors/ErrorView.vue'
import ImportActions from './ImportActions.vue'
import ImportChosen from './ImportChosen.vue'
import ImportDropZone from './ImportDropZone.vue'
import LoadFailure from './LoadFailure.vue'

/** Renders a component on the server (no DOM needed) with the given props and slots. */
async function render(component: Component, props: Record<string, unknown>, slots: Record<string, () => unknown> = {}): Promise<string> {
  // The router is not installed: LoadFailure's useRouter warns, which is all it does here.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  const app = createSSRApp({ render: () => h(component, props, slots) })
  app.use(i18n)
  app.component('RouterLink', { render: () => null })
  app.provide(ID_INJECTION_KEY, { prefix: 1, current: 0 })
  app.provide(ZINDEX_INJECTION_KEY, { current: 0 })
  return renderToString(app)
}

describe('ImportDropZone', () => {
  it('shows the icon, the text and the formats; compact (a file is read) only the text', async () => {
    const full = await render(ImportDropZone, { accept: '.csv' }, { default: () => 'drop here', formats: () => 'CSV only' })
    expect(full).toContain('data-testid="import-drop"')
    expect(full).toContain('drop here')
    expect(full).toContain('CSV only')
    expect(full).toMatch(/<input[^>]*accept="\.csv"[^>]*data-testid="import-file"/)
    const compact = await render(ImportDropZone, { accept: '.csv', compact: true }, { default: () => 'another', formats: () => 'CSV only' })
    expect(compact).toContain('another')
    expect(compact).not.toContain('CSV only')
    expect(compact).not.toContain('drop-icon')
  })
})

describe('ImportActions', () => {
  it("names its buttons with the page's texts and shows the dry-run hint only when asked", async () => {
    const html = await render(ImportActions, { prefix: 'import', running: null, canDryRun: true, canApply: false, hint: true })
    expect(html).toContain(i18n.global.t('import.dryRun'))
    expect(html).toContain(i18n.global.t('import.needDryRun'))
    expect(html).toMatch(/<button[^>]*\sdisabled[\s=>][^>]*data-testid="import-apply"/)
    expect(html).not.toMatch(/<button[^>]*\sdisabled[\s=>][^>]*data-testid="import-dry-run"/)
    const quiet = await render(ImportActions, { prefix: 'res.import', running: null, canDryRun: false, canApply: true, hint: false })
    expect(quiet).not.toContain(i18n.global.t('res.import.needDryRun'))
    expect(quiet).toMatch(/<button[^>]*\sdisabled[\s=>][^>]*data-testid="import-dry-run"/)
  })
})

describe('ImportChosen', () => {
  it('shows the file, its format in capitals and the detail', async () => {
    const html = await render(ImportChosen, { name: 'people.csv', format: 'csv', detail: '1.5 KB', removeLabel: 'remove' })
    expect(html).toContain('people.csv')
    expect(html).toContain('CSV')
    expect(html).toContain('1.5 KB')
  })
})

describe('LoadFailure', () => {
  const props = { notFoundTitle: 'no such incident', backLabel: 'back to the list', back: { name: 'duty-incidents' } }

  it('says a 404 is not there and leads back; any other failure says why and offers a retry', async () => {
    const gone = await render(LoadFailure, { ...props, error: new ApiError({ status: 404, code: 'not_found', message: 'not found' }) })
    expect(gone).toContain('no such incident')
    expect(gone).toContain('back to the list')
    const down = await render(LoadFailure, { ...props, error: new ApiError({ status: 500, code: 'internal', message: 'the server failed' }) })
    expect(down).not.toContain('no such incident')
    expect(down).toContain(i18n.global.t('common.retry'))
  })
})

describe('ErrorView', () => {
  it('shows 403 and 404 each with its own title and test id', async () => {
    const forbidden = await render(ErrorView, { kind: 'forbidden' })
    expect(forbidden).toContain('data-testid="forbidden"')
    expect(forbidden).toContain(i18n.global.t('errors.forbiddenTitle'))
    const missing = await render(ErrorView, { kind: 'notFound' })
    expect(missing).toContain('data-testid="not-found"')
    expect(missing).toContain(i18n.global.t('errors.notFound'))
  })
})
