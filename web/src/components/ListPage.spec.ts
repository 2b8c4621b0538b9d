import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { describe, expect, it } from 'vitest'
import { ID_INJECTION_KEY, ZINDEX_INJECTION_KEY } from 'element-plus'
import { i18n } from '@/locales'
import ListPage from './ListPage.vue'

interface Row {
  id: string
  name: string
}

/** Renders the list page on the server (no DOM needed) with the given props and slots. */
async function render(props: Record<string, unknown>, slots: Record<string, () => unknown> = {}): Promise<string> {
  const app = createSSRApp({
    render: () =>
      h(
        ListPage,
        { items: [] as Row[], total: 0, loading: false, emptyText: 'nothing here', page: 1, pageSize: 20, testid: 'things', ...props },
        slots,
      ),
  })
  app.use(i18n)
  app.provide(ID_INJECTION_KEY, { prefix: 1, current: 0 })
  app.provide(ZINDEX_INJECTION_KEY, { current: 0 })
  return renderToString(app)
}

describe('ListPage', () => {
  it('shows the load error with a retry button, and no error when the list loaded', async () => {
    const failed = await render({ error: 'the server is away' })
    expect(failed).toContain('the server is away')
    expect(failed).toContain('data-testid="list-retry"')
    const loaded = await render({ error: '' })
    expect(loaded).not.toContain('data-testid="list-error"')
    expect(loaded).not.toContain('data-testid="list-retry"')
  })

  it('puts the filter slot into an inline form, and leaves the form out without filters', async () => {
    const withFilters = await render({}, { filters: () => h('span', { class: 'my-filter' }, 'region') })
    expect(withFilters).toMatch(/<form[^>]*el-form--inline[^>]*>.*my-filter/s)
    expect(await render({})).not.toContain('<form')
  })

  it('shows the empty text in the named table when there are no rows, and the total in the pager', async () => {
    const html = await render({ total: 0 })
    expect(html).toContain('data-testid="things"')
    expect(html).toContain('nothing here')
    const many = await render({ items: [{ id: '1', name: 'a' }], total: 137 })
    expect(many).toMatch(/137/)
    expect(many).toContain('el-pagination')
  })

  it('renders what the head slot holds above the filters', async () => {
    const html = await render({}, { head: () => h('div', { class: 'tabs-here' }), filters: () => h('span', { class: 'my-filter' }) })
    expect(html.indexOf('tabs-here')).toBeGreaterThan(-1)
    expect(html.indexOf('tabs-here')).toBeLessThan(html.indexOf('my-filter'))
  })

  it('ends the filter bar with the search box when it has a placeholder, and has none without', async () => {
    const html = await render(
      { query: 'bridge', queryPlaceholder: 'name or phone', queryTestid: 'things-q' },
      { filters: () => h('span', { class: 'my-filter' }) },
    )
    expect(html).toMatch(/<form[^>]*el-form--inline/)
    expect(html).toContain('placeholder="name or phone"')
    expect(html).toContain('data-testid="things-q"')
    expect(html.indexOf('my-filter')).toBeLessThan(html.indexOf('things-q'))
    expect(await render({ queryTestid: 'things-q' })).not.toContain('things-q')
  })
})
