/**
 * 研判分析 against the real server with the small demo data: an earthquake is taken in 小店区;
 * from its page one click (周边资源) opens the situation around it — rings on the map, the
 * panels ranked by distance with the straight-line ETA, people per ring, the intensity zones —
 * and one click leads back. A point clicked on the map is analysed too, and the resource map
 * shows the incident as a layer. Screenshots at 1440 and 1920 wide, in Chinese and English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { csrfToken, loginByApi } from './support/auth'
import { launchBrowser, screenshotPath, type BrowserSession } from './support/browser'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: BrowserSession
let page: Page
let incidentId = ''

const TITLE = '小店区4.9级地震'

interface SituationAnswer {
  rings_m: number[]
  kinds: { kind: string; within: number[]; nearest: { name: string; eta_min: number | null }[]; neighbours: unknown[] }[]
  rings: { population: { people: number } }[]
}

beforeAll(async () => {
  server = await startServer({ demoData: true })
  browser = await launchBrowser()
  await loginByApi(browser.context, server)
  const created = await browser.context.request.post(`${server.baseUrl}/api/v1/incidents`, {
    headers: { 'X-CSRF-Token': await csrfToken(browser.context, server) },
    data: {
      title: TITLE,
      type: 'N01',
      occurred_at: new Date(Date.now() - 20 * 60_000).toISOString(),
      region: '140105',
      lon: 112.565,
      lat: 37.8,
      address: '北格镇',
      magnitude: 4.9,
      description: '小店区北格镇附近发生4.9级地震，震源深度10公里。',
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  incidentId = ((await created.json()) as { id: string }).id
  page = await browser.newPage()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

/** The page at `width`: its top (map, rings, zones) and, scrolled down, the panels (the content scrolls inside the layout). */
async function shot(p: Page, name: string, width: number): Promise<void> {
  await p.setViewportSize({ width, height: 1100 })
  await p.evaluate(() => document.querySelector('.admin-main')?.scrollTo(0, 0))
  await p.waitForTimeout(300)
  await p.screenshot({ path: screenshotPath(`${name}-top`) })
  await p.evaluate(() => {
    const main = document.querySelector('.admin-main')
    const row = document.querySelector('.context-row')
    if (main && row) main.scrollTo(0, row.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop - 10)
  })
  await p.waitForTimeout(300)
  await p.screenshot({ path: screenshotPath(`${name}-panels`) })
  await p.evaluate(() => document.querySelector('.admin-main')?.scrollTo(0, 0))
  await p.setViewportSize({ width, height: 900 })
}

async function ready(p: Page): Promise<void> {
  await p.locator('[data-testid="page-analysis"][data-state="ready"]').waitFor({ timeout: 20_000 })
}

describe('研判分析', () => {
  it('opens from the incident page with one click and shows what is around it', async () => {
    await page.goto(`${server.baseUrl}/duty/incidents/${incidentId}`)
    await page.getByTestId('incident-head').waitFor()
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/v1/incidents/${incidentId}/situation`)),
      page.getByTestId('incident-situation').click(),
    ])
    expect(answer.status(), await answer.text()).toBe(200)
    const situation = (await answer.json()) as SituationAnswer
    await page.waitForURL((url) => url.pathname === '/analysis' && url.searchParams.get('incident') === incidentId)
    await ready(page)
    expect(await page.getByTestId('analysis-title').textContent()).toContain(TITLE)
    expect(await page.getByTestId('analysis-region').textContent()).toContain('小店区')

    // Rings: one column per ring; the people per ring as the server estimated them.
    const people = Math.round(situation.rings[0]!.population.people)
    expect(people).toBeGreaterThan(0)
    expect((await page.getByTestId(`analysis-population-${situation.rings_m[0]}`).textContent())?.replace(/\D/g, '')).toBe(String(people))
    expect(await page.getByTestId('analysis-population-note').textContent()).toContain('人口普查')

    // Teams ranked by distance, with the straight-line ETA said to be one.
    const teams = situation.kinds.find((k) => k.kind === 'team')!
    expect(teams.nearest.length + teams.neighbours.length).toBeGreaterThan(0)
    const panel = page.getByTestId('analysis-kind-team')
    expect(Number(await panel.getAttribute('data-rows'))).toBe(teams.nearest.length + teams.neighbours.length)
    if (teams.nearest.length > 0) {
      expect(await panel.textContent()).toContain(teams.nearest[0]!.name)
      expect(await panel.textContent()).toContain('（直线估算）')
    }

    // The map draws the rings' records; an earthquake with a magnitude gets its zones.
    await expect.poll(async () => Number(await page.getByTestId('analysis-map').getAttribute('data-symbols')), { timeout: 10_000 }).toBeGreaterThan(0)
    await page.getByTestId('analysis-zone-6').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('analysis-quake-relation').textContent()).toContain('汪素云')
    await shot(page, 'analysis-incident-1440', 1440)

    // Print: the map and the tables, without the app's top bar, menu and tools.
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.top-bar').isVisible()).toBe(false)
    expect(await page.locator('.side-menu').isVisible()).toBe(false)
    expect(await page.getByTestId('analysis-incident').isVisible()).toBe(false)
    expect(await page.getByTestId('analysis-map').isVisible()).toBe(true)
    expect(await page.getByTestId('analysis-kind-team').isVisible()).toBe(true)
    await shot(page, 'analysis-print', 1440)
    await page.emulateMedia({ media: 'screen' })
    expect(await page.locator('.top-bar').isVisible()).toBe(true)
  })

  it('updates by itself when a team is added next to the incident', async () => {
    const panel = page.getByTestId('analysis-kind-team')
    const before = Number(await panel.getAttribute('data-rows'))
    const created = await browser.context.request.post(`${server.baseUrl}/api/v1/resources`, {
      headers: { 'X-CSRF-Token': await csrfToken(browser.context, server) },
      data: { kind: 'team', category: 'social', name: 'E2E北格镇蓝天救援队', region: '140105', lon: 112.566, lat: 37.801, size: 24 },
    })
    expect(created.status(), await created.text()).toBe(201)
    // The nearest team now: first in the panel, without a reload.
    await expect.poll(async () => await panel.locator('tbody tr').first().textContent(), { timeout: 15_000 }).toContain('E2E北格镇蓝天救援队')
    expect(Number(await panel.getAttribute('data-rows'))).toBeGreaterThanOrEqual(Math.min(before, 1))
    expect(await panel.locator('tbody tr').first().textContent()).toContain('（直线估算）')
  })

  it('leads back to the incident', async () => {
    await page.getByTestId('analysis-back').click()
    await page.waitForURL((url) => url.pathname === `/duty/incidents/${incidentId}`)
    await page.getByTestId('incident-head').waitFor()
    await page.goBack()
    await ready(page)
    expect(await page.getByTestId('analysis-title').textContent()).toContain(TITLE)
  })

  it('analyses a point clicked on the map', async () => {
    const map = page.getByTestId('analysis-map')
    const box = (await map.boundingBox())!
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/analysis/situation?')),
      page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30),
    ])
    expect(answer.status(), await answer.text()).toBe(200)
    await page.waitForURL((url) => url.searchParams.has('lon') && url.searchParams.has('lat'))
    await expect.poll(async () => await page.getByTestId('analysis-title').textContent(), { timeout: 10_000 }).toMatch(/地点 112\.\d+, 37\.\d+/)
    await ready(page)
  })

  it('reads in English and on a wide screen', { timeout: 120_000 }, async () => {
    await page.goto(`${server.baseUrl}/analysis?incident=${incidentId}`)
    await ready(page)
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.getByTestId('analysis-zone-6').waitFor({ timeout: 15_000 })
    await shot(page, 'analysis-incident-1920', 1920)
    await page.evaluate(() => localStorage.setItem('fenghuo.locale', 'en'))
    await page.reload()
    await ready(page)
    await page.getByTestId('analysis-zone-6').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('analysis-rings').textContent()).toContain('Estimated people')
    await shot(page, 'analysis-incident-1920-en', 1920)
    await shot(page, 'analysis-incident-1440-en', 1440)
    await page.evaluate(() => localStorage.removeItem('fenghuo.locale'))
  })

  it('shows the incident as a layer on the resource map', async () => {
    await page.goto(`${server.baseUrl}/resources/map`)
    await page.getByTestId('layer-toggle-incidents').click()
    await page.getByTestId(`map-incident-${incidentId}`).waitFor({ timeout: 15_000 })
    expect(Number(await page.getByTestId('layer-count-incidents').textContent())).toBeGreaterThan(0)
  })

  it('ran without script errors', () => {
    const unexpected = browser.problems.filter((p) => !/Failed to load resource: the server responded with a status of 401/.test(p))
    expect(unexpected).toEqual([])
  })
})
