/**
 * 应急资源 against the real server with the small demo data set (~7,400 records across
 * Shanxi): the one map draws clusters from the clusters API over the offline base map, a
 * layer toggles, a record opens from the search and from the map, an edit made in the list
 * shows in the list, the import wizard reads CSV and XLSX in the browser and reports the
 * bad row of a dry run, the quality page ranks the regions, and a camera says why its
 * stream does not play.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { csrfToken, field, loginThroughPage } from './support/auth'
import { launchBrowser, screenshotPath, type BrowserSession } from './support/browser'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: BrowserSession
let page: Page

interface Record_ {
  id: string
  kind: string
  name: string
  region: string
  lon: number | null
  lat: number | null
  version: number
  stale: boolean
  [field: string]: unknown
}

beforeAll(async () => {
  server = await startServer({ demoData: true })
  browser = await launchBrowser()
  page = await browser.newPage()
  await page.goto(`${server.baseUrl}/resources/map`)
  await page.waitForURL((url) => url.pathname === '/login')
  await loginThroughPage(page, server)
  await page.waitForURL((url) => url.pathname === '/resources/map')
}, 120_000)

afterAll(async () => {
  await browser?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

async function apiJson<T>(path: string): Promise<T> {
  const response = await page.request.get(`${server.baseUrl}${path}`)
  expect(response.status(), path).toBe(200)
  return (await response.json()) as T
}

function map(): Locator {
  return page.getByTestId('resource-map')
}

/** Waits until the map has drawn an answer for the current view and filters. */
async function settled(): Promise<{ symbols: number; records: number; zoom: number }> {
  await page.waitForFunction(() => document.querySelector('[data-testid="resource-map"]')?.getAttribute('data-state') === 'idle')
  const m = map()
  return {
    symbols: Number(await m.getAttribute('data-symbols')),
    records: Number(await m.getAttribute('data-records')),
    zoom: Number(await m.getAttribute('data-zoom')),
  }
}

/** Waits until the drawn records equal `records` (the layer change has been answered). */
async function recordsBecome(records: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="resource-map"]')
      return el?.getAttribute('data-state') === 'idle' && el.getAttribute('data-records') === String(n)
    },
    records,
    { timeout: 15_000 },
  )
}

/** The record form on screen (the list and the drawer each have one). */
function recordForm(): Locator {
  return page.locator('[data-testid="resource-form"]:visible')
}

/** An input of the visible record form. */
function formInput(key: string): Locator {
  return recordForm().locator(`input[data-testid="input-${key}"], [data-testid="input-${key}"] input`).first()
}

async function closeDrawer(): Promise<void> {
  const drawer = page.locator('.resource-drawer')
  if (await drawer.isVisible()) {
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  }
}

describe('应急资源 · 一张图', () => {
  it('draws the province: offline base map, city labels and clusters from the clusters API', async () => {
    await map().waitFor()
    const first = await settled()
    const counts = await apiJson<{ items: { kind: string; count: number }[] }>('/api/v1/resources/counts')
    const kinds = await apiJson<{ items: { key: string; located: boolean }[] }>('/api/v1/resource-kinds')
    const located = new Set(kinds.items.filter((k) => k.located).map((k) => k.key))
    const locatedTotal = counts.items.filter((c) => located.has(c.kind)).reduce((s, c) => s + c.count, 0)

    // The whole province is in view: every located record is in some cluster, in few symbols.
    expect(first.records).toBe(locatedTotal)
    expect(first.symbols).toBeGreaterThan(10)
    expect(first.symbols).toBeLessThan(3000)
    expect(first.zoom).toBeLessThanOrEqual(8)
    // The base map: county fills and borders on a canvas, and the eleven city names.
    expect(await page.locator('.leaflet-basemap-pane canvas').count()).toBe(1)
    expect(await page.locator('.map-label-city').count()).toBe(11)
    expect(await page.locator('.map-label-city', { hasText: '太原市' }).count()).toBe(1)
    // The layer tree lists every located kind with its count from /counts.
    for (const kind of located) {
      const expected = counts.items.filter((c) => c.kind === kind).reduce((s, c) => s + c.count, 0)
      expect((await page.getByTestId(`layer-count-${kind}`).textContent())?.trim(), kind).toBe(String(expected))
    }
    expect(await page.getByTestId('map-status').textContent()).toContain(`${first.symbols} 个符号`)
    await page.waitForTimeout(300)
    await page.screenshot({ path: screenshotPath('resources-map') })
  })

  it('toggles a layer off and on, and the drawn records change with it', async () => {
    const before = await settled()
    const teams = Number((await page.getByTestId('layer-count-team').textContent())?.trim())
    expect(teams).toBeGreaterThan(0)

    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/v1/resources/clusters')),
      page.getByTestId('layer-toggle-team').click(),
    ])
    const kindParam = new URL(request.url()).searchParams.get('kind') ?? ''
    expect(kindParam.split(',')).not.toContain('team')
    expect(kindParam.split(',')).toContain('shelter')
    await recordsBecome(before.records - teams)

    await page.getByTestId('layer-toggle-team').click()
    await recordsBecome(before.records)

    // All off draws nothing (and asks nothing); all on brings everything back.
    await page.getByTestId('layers-none').click()
    await recordsBecome(0)
    expect(Number(await map().getAttribute('data-symbols'))).toBe(0)
    await page.getByTestId('layers-all').click()
    await recordsBecome(before.records)
  })

  it('shows a record created elsewhere without a reload (realtime), and drops it when deleted', async () => {
    const before = await settled()
    const count = async () => Number((await page.getByTestId('layer-count-shelter').textContent())?.trim())
    const shelters = await count()
    const anchor = (await apiJson<{ items: Record_[] }>('/api/v1/resources?kind=shelter&region=140105&limit=1')).items[0]!
    const headers = { 'X-CSRF-Token': await csrfToken(browser.context, server) }
    const created = await page.request.post(`${server.baseUrl}/api/v1/resources`, {
      headers,
      data: {
        kind: 'shelter',
        category: anchor.category,
        name: 'E2E实时避难场所',
        region: '140105',
        lon: anchor.lon,
        lat: anchor.lat,
        capacity: 300,
        area_m2: 1200,
      },
    })
    expect(created.status()).toBe(201)
    const id = ((await created.json()) as Record_).id
    await recordsBecome(before.records + 1)
    await page.waitForFunction((n) => document.querySelector('[data-testid="layer-count-shelter"]')?.textContent?.trim() === String(n), shelters + 1)

    const removed = await page.request.delete(`${server.baseUrl}/api/v1/resources/${id}`, { headers })
    expect(removed.status()).toBe(204)
    await recordsBecome(before.records)
    await page.waitForFunction((n) => document.querySelector('[data-testid="layer-count-shelter"]')?.textContent?.trim() === String(n), shelters)
  })

  it('finds a record by name, flies there and opens it in the drawer; a click on its point opens the popup', async () => {
    const teams = await apiJson<{ items: Record_[] }>('/api/v1/resources?kind=team&region=140105&limit=1')
    const team = teams.items[0]!
    await field(page, 'map-search').fill(team.name)
    const result = page.getByTestId(`map-result-${team.id}`)
    await result.waitFor()
    await result.click()

    const drawer = page.getByTestId('resource-drawer')
    await page.getByTestId('drawer-title').filter({ hasText: team.name }).waitFor()
    // Fields are labelled from the schema, with units.
    expect(await drawer.textContent()).toContain('队伍人数（人）')
    expect((await page.getByTestId('drawer-size').textContent())?.trim()).toBe(`${team.size} 人`)
    expect(await page.getByTestId('drawer-region').textContent()).toContain('小店区')

    // The map flew to the record and rings it.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="resource-map"]')?.getAttribute('data-zoom')) >= 14)
    await settled()
    expect(await page.locator('.map-highlight').count()).toBe(1)

    // Nearby resources within 10 km, nearest first.
    await page.getByTestId('drawer-nearby').click()
    const nearby = page.getByTestId('drawer-nearby-list')
    await nearby.waitFor()
    expect(await nearby.textContent()).toMatch(/周边 10 公里内资源（\d+）/)
    await page.screenshot({ path: screenshotPath('resources-drawer') })

    // A click on the record's own point (inside the ring) opens its popup; a cluster there
    // zooms in, and a few clicks reach the single point.
    const popup = page.getByTestId('map-popup')
    for (let i = 0; i < 4 && !(await popup.isVisible()); i++) {
      const ring = (await page.locator('.map-highlight').boundingBox())!
      const zoom = Number(await map().getAttribute('data-zoom'))
      await page.mouse.click(ring.x + ring.width / 2, ring.y + ring.height / 2)
      // The click opens the popup or zooms into the cluster; a click on nothing does neither.
      await page
        .waitForFunction(
          (before) =>
            document.querySelector('[data-testid="map-popup"]') !== null ||
            Number(document.querySelector('[data-testid="resource-map"]')?.getAttribute('data-zoom')) > before,
          zoom,
          { timeout: 2_000 },
        )
        .catch(() => undefined)
      await settled()
    }
    await popup.filter({ hasText: team.name }).waitFor()
    // The popup is left clear by the drawer and the map's buttons beside it.
    await settled()
    const popupBox = (await page.locator('.resource-popup').boundingBox())!
    for (const covering of [page.locator('.map-tools'), page.getByTestId('resource-drawer'), page.locator('.leaflet-control-zoom')]) {
      const box = await covering.boundingBox()
      if (!box) continue
      const overlaps =
        popupBox.x < box.x + box.width &&
        box.x < popupBox.x + popupBox.width &&
        popupBox.y < box.y + box.height &&
        box.y < popupBox.y + popupBox.height
      expect(overlaps).toBe(false)
    }
    await page.keyboard.press('Escape')
    await closeDrawer()
  })

  it('finds a county by name and shows it', async () => {
    await field(page, 'map-search').fill('小店')
    const place = page.getByTestId('map-place-140105')
    await place.waitFor()
    expect(await place.textContent()).toContain('太原市')
    const zoom = Number(await map().getAttribute('data-zoom'))
    await place.click()
    await page.waitForFunction((before) => Number(document.querySelector('[data-testid="resource-map"]')?.getAttribute('data-zoom')) !== before, zoom)
    await settled()
    await page.screenshot({ path: screenshotPath('resources-map-place') })
    await field(page, 'map-search').fill('')
  })

  it('measures a distance along clicked points', async () => {
    await page.getByTestId('map-measure').click()
    await page.getByTestId('measure-box').waitFor()
    const box = (await map().boundingBox())!
    await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.3)
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.6)
    const distance = page.getByTestId('measure-distance')
    await distance.waitFor()
    expect(await distance.textContent()).toMatch(/总距离 [\d.]+ (米|公里)（2 个点）/)
    await page.getByTestId('map-measure').click()
    await page.getByTestId('measure-box').waitFor({ state: 'hidden' })
  })
})

describe('应急资源 · 资源目录', () => {
  it('edits a record from the list, shows the server refusal under the field, and the list shows the change', async () => {
    const teams = await apiJson<{ items: Record_[] }>('/api/v1/resources?kind=team&region=140105&limit=1')
    const team = teams.items[0]!
    await page.getByTestId('resources-nav-list').click()
    await page.waitForURL((url) => url.pathname === '/resources/list/team')
    const table = page.getByTestId('resource-table')
    await table.locator('tbody tr').first().waitFor()
    // Columns come from the schema: required and recommended fields with their units.
    const headers = await table.locator('thead th').allTextContents()
    expect(headers.map((h) => h.trim())).toEqual(expect.arrayContaining(['名称', '类别', '行政区划', '队伍人数（人）', '车辆数（辆）', '质量']))

    await field(page, 'list-filter-q').fill(team.name)
    await page.getByTestId(`row-name-${team.id}`).waitFor()
    await page.getByTestId(`row-name-${team.id}`).click()
    await page.getByTestId('drawer-title').filter({ hasText: team.name }).waitFor()
    await page.getByTestId('drawer-edit').click()
    const form = recordForm()
    await form.waitFor()

    // Checked as typed, naming the field.
    await formInput('size').fill('')
    await form.getByText('请填写队伍人数（人）').waitFor()
    await formInput('size').fill('7.5')
    await form.getByText('队伍人数（人）应为整数').waitFor()
    await formInput('size').fill('77')

    // A position outside the province: the server refuses, the message sits under the
    // longitude, and everything typed stays.
    const newName = `${team.name}（已核）`
    await formInput('name').fill(newName)
    await formInput('lon').fill('118.5')
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/resources/${team.id}`) && r.request().method() === 'PATCH'),
      recordForm().getByTestId('resource-save').click(),
    ])
    expect(refused.status()).toBe(400)
    await recordForm().getByTestId('field-lon').getByText('坐标不在本省范围内').waitFor()
    expect(await formInput('name').inputValue()).toBe(newName)
    expect(await formInput('size').inputValue()).toBe('77')
    await page.screenshot({ path: screenshotPath('resources-form-refused') })

    await formInput('lon').fill(String(team.lon))
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/resources/${team.id}`) && r.request().method() === 'PATCH'),
      recordForm().getByTestId('resource-save').click(),
    ])
    expect(saved.status()).toBe(200)
    // Only what changed is sent, with the version edited.
    expect(saved.request().postDataJSON()).toEqual({ version: team.version, name: newName, size: 77 })
    await form.waitFor({ state: 'hidden' })
    await page.getByTestId('drawer-title').filter({ hasText: newName }).waitFor()
    await closeDrawer()

    // The list shows the change (the filter still matches the old name as a prefix).
    await page.getByTestId(`row-name-${team.id}`).filter({ hasText: newName }).waitFor()
    expect((await page.getByTestId(`cell-size-${team.id}`).textContent())?.trim()).toBe('77 人')
    const after = await apiJson<Record_>(`/api/v1/resources/${team.id}`)
    expect(after).toMatchObject({ name: newName, size: 77, version: team.version + 1 })

    await field(page, 'list-filter-q').fill('')
    await table.locator('tbody tr').nth(5).waitFor()
    await page.screenshot({ path: screenshotPath('resources-list') })
  })

  it('refuses to delete a team that still has members, saying why', async () => {
    const teams = await apiJson<{ items: Record_[] }>('/api/v1/resources?kind=team&region=140105&limit=1')
    const team = teams.items[0]!
    const members = (await apiJson<{ total: number }>(`/api/v1/resources?parent=${team.id}&limit=1`)).total
    expect(members).toBeGreaterThan(0)
    await page.getByTestId(`row-view-${team.id}`).click()
    await page.getByTestId('drawer-title').filter({ hasText: team.name }).waitFor()
    await page.getByTestId('drawer-delete').click()
    const box = page.locator('.el-message-box:visible')
    await box.waitFor()
    expect(await box.textContent()).toContain(team.name)
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/resources/${team.id}`) && r.request().method() === 'DELETE'),
      box.locator('button', { hasText: '删除' }).click(),
    ])
    expect(refused.status()).toBe(409)
    await page.locator('.el-message--error', { hasText: `还有 ${members} 条记录` }).waitFor()
    expect((await apiJson<Record_>(`/api/v1/resources/${team.id}`)).id).toBe(team.id)
    await closeDrawer()
  })

  it('creates a shelter with its position picked on the map (which also fills in the county)', async () => {
    await page.getByTestId('kind-tab-shelter').click()
    await page.waitForURL((url) => url.pathname === '/resources/list/shelter')
    await page.getByTestId('resource-table').locator('tbody tr').first().waitFor()
    await page.getByTestId('resource-create').click()
    const form = recordForm()
    await form.waitFor()
    await formInput('name').fill('E2E地图选点避难场所')
    await recordForm().getByTestId('input-category').click()
    await page.locator('.el-select-dropdown__item:visible').first().click()
    await formInput('capacity').fill('500')
    await formInput('area_m2').fill('2000')

    await page.getByTestId('pick-on-map').click()
    const picker = page.getByTestId('location-picker-map')
    await picker.waitFor()
    await page.locator('[data-testid="location-picker-map"][data-ready="true"] .leaflet-basemap-pane canvas').waitFor()
    const box = (await picker.boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    const picked = page.getByTestId('location-picked')
    await picked.filter({ hasText: '位于 山西省' }).waitFor()
    await page.screenshot({ path: screenshotPath('resources-location-picker') })
    await page.getByTestId('location-use').click()
    await picker.waitFor({ state: 'hidden' })
    expect(Number(await formInput('lon').inputValue())).toBeGreaterThan(110)
    expect(Number(await formInput('lat').inputValue())).toBeGreaterThan(34)

    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/resources') && r.request().method() === 'POST'),
      recordForm().getByTestId('resource-save').click(),
    ])
    expect(created.status()).toBe(201)
    const body = created.request().postDataJSON() as Record<string, unknown>
    expect(body).toMatchObject({ kind: 'shelter', name: 'E2E地图选点避难场所', capacity: 500, area_m2: 2000 })
    expect(String(body.region)).toMatch(/^14\d{4}$/)
    await page.getByTestId('drawer-title').filter({ hasText: 'E2E地图选点避难场所' }).waitFor()
    await closeDrawer()
    await page.getByTestId('kind-tab-team').click()
    await page.waitForURL((url) => url.pathname === '/resources/list/team')
    await page.getByTestId('resource-table').locator('tbody tr').first().waitFor()
  })

  it('exports the filtered list as XLSX through the browser', async () => {
    await page.getByTestId('resource-export').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('resource-export-xlsx').click()])
    expect(download.suggestedFilename()).toBe('team.xlsx')
    expect(download.url()).toContain('/api/v1/resources/export?')
    expect(download.url()).toContain('kind=team')
    expect(download.url()).toContain('format=xlsx')
  })

  it('shows the record on the map from the list', async () => {
    const teams = await apiJson<{ items: Record_[] }>('/api/v1/resources?kind=team&region=140105&limit=1')
    const team = teams.items[0]!
    await page.getByTestId(`row-map-${team.id}`).click()
    await page.waitForURL((url) => url.pathname === '/resources/map')
    await page.getByTestId('drawer-title').filter({ hasText: team.name }).waitFor()
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="resource-map"]')?.getAttribute('data-zoom')) >= 14)
    expect(await page.locator('.map-highlight').count()).toBe(1)
    await closeDrawer()
  })
})

describe('应急资源 · 数据导入', () => {
  it('reads a CSV, reports the bad row of a dry run without changing anything, then imports the good rows', async () => {
    const kinds = await apiJson<{ items: { key: string; categories: { code: string; name: string }[] }[] }>('/api/v1/resource-kinds')
    const shelter = kinds.items.find((k) => k.key === 'shelter')!
    const anchor = (await apiJson<{ items: Record_[] }>('/api/v1/resources?kind=shelter&region=140105&limit=1')).items[0]!
    const before = (await apiJson<{ total: number }>('/api/v1/resources?kind=shelter&limit=1')).total
    const category = shelter.categories[0]!.name
    const csv = [
      '名称,类别,行政区划代码,经度,纬度,容纳人数(人),有效面积(m²),备注',
      `E2E避难场所甲,${category},140105,${anchor.lon},${anchor.lat},1200,5000,`,
      `E2E避难场所乙,${category},140105,${anchor.lon},${anchor.lat},很多,5000,`,
      `E2E避难场所丙,${category},140105,${anchor.lon},${anchor.lat},800,3000,`,
    ].join('\r\n')

    await page.goto(`${server.baseUrl}/resources/import?kind=shelter`)
    await page.getByTestId('import-file').setInputFiles({ name: 'shelters.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) })
    const preview = page.getByTestId('import-preview-table')
    await preview.waitFor()
    expect(await preview.locator('tbody tr').count()).toBe(3)
    // Headers are mapped from the template's Chinese names; an unknown column is left out.
    expect(await page.getByTestId('import-map-5').locator('.el-select__placeholder').textContent()).toContain('容纳人数(人)')
    expect(await page.getByTestId('import-map-7').locator('.el-select__placeholder').textContent()).toContain('不导入')

    const [dry] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/resources/import')),
      page.getByTestId('import-dry-run').click(),
    ])
    expect(dry.url()).toContain('dry_run=true')
    expect(dry.url()).toContain('partial=false')
    const body = dry.request().postDataJSON() as { rows: Record<string, unknown>[] }
    expect(body.rows).toHaveLength(3)
    expect(body.rows[0]).toMatchObject({ name: 'E2E避难场所甲', region: '140105', capacity: '1200' })
    expect(body.rows[0]).not.toHaveProperty('备注')

    const report = page.getByTestId('import-report')
    await report.waitFor()
    expect((await page.getByTestId('import-rejected-count').textContent())?.trim()).toBe('1')
    const rejected = page.getByTestId('import-rejected')
    expect(await rejected.locator('tbody tr').count()).toBe(1)
    const cells = (await rejected.locator('tbody tr td').allTextContents()).map((s) => s.trim())
    expect(cells).toEqual(['3', '容纳人数（人）', '容纳人数（人）应为数字'])
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(true)
    await report.scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('resources-import-report') })
    // A dry run changes nothing.
    expect((await apiJson<{ total: number }>('/api/v1/resources?kind=shelter&limit=1')).total).toBe(before)

    // Partial: import the two good rows.
    await page.getByTestId('import-partial').click()
    await Promise.all([page.waitForResponse((r) => r.url().includes('dry_run=true')), page.getByTestId('import-dry-run').click()])
    await page.getByTestId('import-report').waitFor()
    const [applied] = await Promise.all([page.waitForResponse((r) => r.url().includes('dry_run=false')), page.getByTestId('import-apply').click()])
    expect(applied.url()).toContain('partial=true')
    expect(await applied.json()).toMatchObject({ applied: true, created: 2, updated: 0 })
    await page.getByTestId('import-applied').filter({ hasText: '已导入' }).waitFor()
    expect((await apiJson<{ total: number }>('/api/v1/resources?kind=shelter&limit=1')).total).toBe(before + 2)
    // Imported: 正式导入 is not offered again.
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(true)

    // The same file again: the two rows are already there, nothing to import; the report comes into view.
    // Scroll the page (its scrolling container) back to the top first.
    await page.evaluate(() => {
      for (let el = document.querySelector('[data-testid="import-report"]')?.parentElement; el; el = el.parentElement) el.scrollTop = 0
      window.scrollTo(0, 0)
    })
    await Promise.all([page.waitForResponse((r) => r.url().includes('dry_run=true')), page.getByTestId('import-dry-run').click()])
    await page.getByTestId('import-existing').waitFor()
    expect((await page.getByTestId('import-existing-count').textContent())?.trim()).toBe('2')
    expect(await page.getByTestId('import-existing').textContent()).toContain('第 2、4 行')
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(true)
    await page.waitForFunction(() => {
      const box = document.querySelector('[data-testid="import-report"]')?.getBoundingClientRect()
      return !!box && box.top >= 0 && box.top < window.innerHeight - 120
    })
    expect((await apiJson<{ total: number }>('/api/v1/resources?kind=shelter&limit=1')).total).toBe(before + 2)
  })

  it('reads an XLSX export of the server in the browser and dry-runs it as updates', async () => {
    const exported = await page.request.get(`${server.baseUrl}/api/v1/resources/export?kind=team&region=140105&format=xlsx`)
    expect(exported.status()).toBe(200)
    const rows = (await apiJson<{ total: number }>('/api/v1/resources?kind=team&region=140105&limit=1')).total

    await page.goto(`${server.baseUrl}/resources/import?kind=team`)
    await page.getByTestId('import-file').setInputFiles({
      name: 'team.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await exported.body(),
    })
    await page.getByTestId('import-preview-table').waitFor()
    expect(await page.getByTestId('import-chosen').textContent()).toContain(`${rows} 行数据`)
    expect(await page.getByTestId('import-map-0').locator('.el-select__placeholder').textContent()).toContain('编号')

    const [dry] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/resources/import')),
      page.getByTestId('import-dry-run').click(),
    ])
    const body = dry.request().postDataJSON() as { rows: Record<string, unknown>[] }
    expect(typeof body.rows[0]!.id).toBe('string')
    expect(typeof body.rows[0]!.size).toBe('number')
    expect(await dry.json()).toMatchObject({ applied: false, created: 0, updated: rows, rejected: [] })
    await page.getByTestId('import-report').waitFor()
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(false)
  })
})

describe('应急资源 · 数据质量', () => {
  it('ranks the cities and counties and confirms a stale record unchanged', async () => {
    await page.goto(`${server.baseUrl}/resources/quality`)
    const ranking = page.getByTestId('quality-ranking-table')
    await ranking.locator('tbody tr').nth(10).waitFor()
    expect(await ranking.locator('tbody tr').count()).toBe(11)
    expect(await ranking.textContent()).toContain('太原市')

    const stale = page.getByTestId('quality-stale-table')
    await stale.locator('tbody tr').first().waitFor()
    await page.screenshot({ path: screenshotPath('resources-quality') })
    const firstName = (await stale.locator('tbody tr').first().locator('td').first().textContent())?.trim() ?? ''
    const verifyButton = stale.locator('tbody tr').first().locator('[data-testid^="stale-verify-"]')
    const id = (await verifyButton.getAttribute('data-testid'))!.replace('stale-verify-', '')
    const [verified] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/v1/resources/${id}/verify`)), verifyButton.click()])
    expect(verified.status()).toBe(200)
    await page.getByTestId(`stale-verify-${id}`).waitFor({ state: 'detached' })
    expect((await apiJson<Record_>(`/api/v1/resources/${id}`)).stale).toBe(false)
    expect(firstName.length).toBeGreaterThan(0)

    await page.getByTestId('quality-level').getByText('按县（区）').click()
    await ranking.locator('tbody tr').nth(20).waitFor()
    expect(await ranking.locator('tbody tr').count()).toBeGreaterThan(100)

    // The owners of overdue records are reminded; the page says who could not be reached.
    const [reminded] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/resources/reminders')),
      page.getByTestId('quality-remind').click(),
    ])
    expect(reminded.status()).toBe(200)
    const report = (await reminded.json()) as { owners: number; messages_sent: number }
    expect(report.owners).toBeGreaterThan(0)
    await page.locator('.el-message').filter({ hasText: '已提醒' }).first().waitFor()
  })
})

describe('应急资源 · 视频监控', () => {
  it('opens a camera stream and says plainly that it cannot be reached', async () => {
    const cameras = await apiJson<{ items: Record_[] }>('/api/v1/resources?kind=camera&limit=1')
    const camera = cameras.items[0]!
    expect(typeof camera.stream_url).toBe('string')
    await page.goto(`${server.baseUrl}/resources/map?focus=${camera.id}`)
    await page.getByTestId('drawer-title').filter({ hasText: camera.name }).waitFor()
    await page.getByTestId('drawer-play').click()
    const error = page.getByTestId('camera-error')
    await error.waitFor({ timeout: 25_000 })
    const host = new URL(String(camera.stream_url)).host
    expect(await error.textContent()).toContain(host)
    await page.screenshot({ path: screenshotPath('resources-camera') })
  })

  it('ran every step without a page error', () => {
    const unexpected = browser.problems.filter(
      (p) =>
        !/status of (401|400|409)/.test(p) && // the refused save and delete above, and the login probe
        !/Refused to connect to|Content Security Policy|net::ERR_/.test(p), // the unreachable camera stream
    )
    expect(unexpected).toEqual([])
  })
})
