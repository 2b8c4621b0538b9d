/**
 * 监测预警专题 against the real server with the small demo data set (stations of the six themes
 * with metrics, rules and a day of readings): the administrator opens 智慧矿山; its stations,
 * summary, alarms and charts show. A methane reading of 1.3 % is posted through the API for a
 * mine station without open alarms (its ch4 rules set to yellow 0.75 / red 1.0 if needed): the
 * red alarm row appears without a reload, the station turns red and its last value updates.
 * The administrator acknowledges it, opens the station's thresholds, meets a concurrent change
 * (409: told and reloaded), then closes the alarm with a reason through the dialog. On 报警记录
 * the open alarms of every theme are listed, a new one arrives live and is acknowledged there;
 * with the pointer over the table the rows hold their places and a new alarm waits behind
 * "1 条新报警"; the closed one shows under 已关闭 with its reason. Another alarm becomes a
 * warning (the warning's page opens) and then an incident (its page opens, occurred when the
 * alarm started, linking back to it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { csrfToken, loginByApi } from './support/auth'
import { launchBrowser, screenshotPath, type BrowserSession } from './support/browser'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let admin: BrowserSession
let page: Page
let token = ''

interface Threshold {
  level: string
  value: number
}
interface Rule {
  kind: string
  thresholds?: Threshold[]
  deadband?: number
}
interface StationMetric {
  metric: string
  rules: Rule[]
  version: number
  last: { time: string; value: number } | null
}
interface Station {
  id: string
  name: string
  code: string
  theme: string
  alarm_level: string | null
  open_alarms: number
  metrics: StationMetric[]
}
interface Alarm {
  id: string
  station_id: string
  level: string
  metric: string
  value: number
  threshold: number
  active: boolean
  acknowledged_at: string | null
  acknowledged_by: string
  closed_at: string | null
  close_reason: string
  opened_at: string
  version: number
}

const CH4_RULES = [
  {
    kind: 'above',
    thresholds: [
      { level: 'yellow', value: 0.75 },
      { level: 'red', value: 1.0 },
    ],
    deadband: 0.05,
  },
]
const REASON = '现场核实：通风机短时停机导致甲烷积聚，已恢复通风，浓度回落'

let station: Station
/** The alarm closed with REASON, for 报警记录. */
let closedAlarmId = ''

async function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown, status = 200): Promise<T> {
  const r = await admin.context.request.fetch(`${server.baseUrl}${path}`, {
    method,
    ...(data === undefined ? {} : { data }),
    headers: method === 'GET' ? {} : { 'X-CSRF-Token': token },
  })
  expect(r.status(), `${method} ${path}: ${await r.text()}`).toBe(status)
  return (await r.json()) as T
}

/** An instant as the Beijing wall clock the pickers show, to the second: 2026-11-30 09:05:07. */
function beijing(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

/** Methane rules as the test needs them: yellow 0.75, red 1.0 (above). */
function hasCh4Rules(s: Station): boolean {
  const m = s.metrics.find((x) => x.metric === 'ch4')
  const above = m?.rules.find((r) => r.kind === 'above')
  const red = above?.thresholds?.find((t) => t.level === 'red')
  return !!red && red.value <= 1.0
}

beforeAll(async () => {
  server = await startServer({ demoData: true })
  admin = await launchBrowser()
  await loginByApi(admin.context, server)
  token = await csrfToken(admin.context, server)
  page = await admin.newPage()
}, 180_000)

afterAll(async () => {
  await admin?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

describe('监测预警专题', () => {
  it('lists 报警记录 and the six themes after 预警信息 and opens 智慧矿山 with its stations, summary and charts', async () => {
    await page.goto(`${server.baseUrl}/monitoring`)
    await page.waitForURL(`${server.baseUrl}/monitoring/alerts`)
    const labels = (await page.getByTestId('monitoring-nav').locator('.el-menu-item').allTextContents()).map((s) => s.trim())
    expect(labels).toEqual(['预警信息', '报警记录', '森林草原火灾', '水旱灾害', '地震地质', '危化品监测', '智慧矿山', '冶金工贸'])

    await page.getByTestId('monitoring-nav-mine').click()
    await page.waitForURL(`${server.baseUrl}/monitoring/mine`)
    await page.getByTestId('page-theme-mine').waitFor()
    expect(await page.title()).toContain('智慧矿山')
    // Stations on the map, numbers in the tiles.
    await expect.poll(async () => Number(await page.getByTestId('theme-map').getAttribute('data-stations')), { timeout: 15_000 }).toBeGreaterThan(0)
    const summary = await api<{ stations: number; open_alarms: number }>('GET', '/api/v1/monitoring/summary?theme=mine')
    await expect.poll(async () => (await page.getByTestId('summary-stations').textContent())?.trim()).toContain(String(summary.stations))
    expect(await page.getByTestId('summary-stations').textContent()).toContain('监测站点')
    // The methane chart of every mine and the trend of one station are drawn.
    await page.getByTestId('theme-latest-ch4').getByText('各站最新甲烷').waitFor()
    await page.locator('[data-testid="theme-latest-ch4-chart"][data-rendered="true"]').waitFor({ timeout: 15_000 })
    await page.locator('[data-testid="theme-trend-chart"][data-rendered="true"]').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('theme-trend').getAttribute('data-metric')).toBe('ch4')
    expect(Number(await page.getByTestId('theme-trend').getAttribute('data-points'))).toBeGreaterThan(0)
    // The range switch asks again for a longer window.
    const [readings] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/monitoring/readings') && r.url().includes('metric=ch4')),
      page.getByTestId('theme-trend-range-7d').click(),
    ])
    expect(readings.status()).toBe(200)
    const from = Date.parse(new URL(readings.url()).searchParams.get('from') ?? '')
    expect(Date.now() - from).toBeGreaterThan(6.9 * 24 * 3600_000)
  })

  it('shows a methane alarm the moment the reading is posted, without a reload', async () => {
    const stations = await api<{ items: Station[] }>('GET', '/api/v1/monitoring/stations?theme=mine&limit=2000')
    const quiet = stations.items.filter((s) => s.open_alarms === 0 && s.code)
    expect(quiet.length, 'a mine station without open alarms').toBeGreaterThan(0)
    station = quiet.find((s) => s.metrics.some((m) => m.metric === 'ch4')) ?? quiet[0]!
    if (!hasCh4Rules(station)) {
      const version = station.metrics.find((m) => m.metric === 'ch4')?.version
      station = await api<Station>('PUT', `/api/v1/monitoring/stations/${station.id}/metrics/ch4`, {
        rules: CH4_RULES,
        ...(version === undefined ? {} : { version }),
      })
      expect(hasCh4Rules(station)).toBe(true)
      await page.reload()
      await page.getByTestId('page-theme-mine').waitFor()
    }

    // The page listens to monitoring/mine before the reading is posted.
    await page.locator('[data-testid="theme-live"][data-state="open"]').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('alarm-list').locator(`[data-station="${station.id}"]`).count()).toBe(0)
    const map = page.getByTestId('theme-map')
    const inAlarm = Number(await map.getAttribute('data-alarm-stations'))

    const posted = await api<{ accepted: number; rejected: unknown[] }>('POST', '/api/v1/readings', {
      readings: [{ station: station.code, metric: 'ch4', time: new Date().toISOString(), value: 1.3 }],
    })
    expect(posted).toMatchObject({ accepted: 1, rejected: [] })

    const row = page.getByTestId('alarm-list').locator(`[data-station="${station.id}"][data-level="red"]`)
    await row.waitFor({ timeout: 15_000 })
    expect(await row.getAttribute('data-acknowledged')).toBe('false')
    const text = (await row.textContent()) ?? ''
    expect(text).toContain(station.name)
    expect(text).toContain('甲烷')
    expect(text).toContain('红色')
    expect(text).toContain('1.3 % ≥ 1 %')
    expect(text).toContain('超过上限')
    expect(text).toMatch(/开始于 (刚刚|\d+ 分钟前)/)
    expect(await row.getByTestId('alarm-cleared').count()).toBe(0)
    // The station turned red on the map.
    await expect.poll(async () => Number(await map.getAttribute('data-alarm-stations'))).toBe(inAlarm + 1)
    // The list stays ranked as the server ranks it: the most severe level first.
    const rank: Record<string, number> = { red: 1, orange: 2, yellow: 3, blue: 4 }
    const levels = await page
      .getByTestId('alarm-list')
      .locator('[data-testid^="alarm-row-"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level') ?? ''))
    const ranks = levels.map((l) => rank[l] ?? 5)
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    // The whole page (the content scrolls inside the layout): a taller window for the picture.
    await expect
      .poll(async () => (await page.getByTestId('summary-open').textContent())?.trim(), { timeout: 15_000 })
      .toContain(await page.getByTestId('alarm-total').textContent())
    await page.setViewportSize({ width: 1440, height: 1400 })
    await page.locator('[data-testid="theme-trend-chart"][data-rendered="true"]').waitFor()
    await page.waitForTimeout(500)
    await page.screenshot({ path: screenshotPath('monitoring-mine') })
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it('opens the station, acknowledges the alarm and meets a concurrent change of its thresholds', async () => {
    const row = page.getByTestId('alarm-list').locator(`[data-station="${station.id}"][data-level="red"]`)
    const alarmId = ((await row.getAttribute('data-testid')) ?? '').replace('alarm-row-', '')
    expect(alarmId).not.toBe('')

    // The row opens the station: its methane is 1.3 % now, in red.
    await row.locator('.station').click()
    const panel = page.getByTestId('station-panel')
    await panel.getByTestId('station-title').filter({ hasText: station.name }).waitFor()
    await expect.poll(async () => (await panel.getByTestId('station-last-ch4').textContent())?.trim(), { timeout: 15_000 }).toBe('1.3 %')
    await panel.locator('[data-testid="station-trend-chart"][data-rendered="true"]').waitFor({ timeout: 15_000 })
    await page.waitForTimeout(400) // the drawer slides in
    await page.screenshot({ path: screenshotPath('monitoring-station') })
    // The panel lies over the alarm list: close it to act on the row.
    await panel.getByTestId('station-panel-close').click()
    await panel.waitFor({ state: 'hidden' })

    // 确认.
    await row.getByTestId('alarm-ack').click()
    await page.getByTestId('alarm-list').locator(`[data-testid="alarm-row-${alarmId}"][data-acknowledged="true"]`).waitFor({ timeout: 15_000 })
    expect(await row.getByTestId('alarm-acked').textContent()).toContain('已确认（测试管理员）')
    expect(await row.getByTestId('alarm-ack').count()).toBe(0)
    const acked = await api<Alarm>('GET', `/api/v1/monitoring/alarms/${alarmId}`)
    expect(acked.acknowledged_at).not.toBeNull()
    expect(acked.closed_at).toBeNull()

    // Thresholds: someone else changes them while the editor is open.
    await row.locator('.station').click()
    await panel.getByTestId('station-title').filter({ hasText: station.name }).waitFor()
    await panel.getByTestId('station-edit-ch4').click()
    const editor = page.getByTestId('threshold-editor')
    await editor.waitFor()
    await page.waitForTimeout(400) // the dialog fades in
    await page.screenshot({ path: screenshotPath('monitoring-thresholds') })
    const fresh = await api<Station>('GET', `/api/v1/monitoring/stations/${station.id}`)
    const version = fresh.metrics.find((m) => m.metric === 'ch4')!.version
    await api<Station>('PUT', `/api/v1/monitoring/stations/${station.id}/metrics/ch4`, { rules: CH4_RULES, version })
    await page.getByTestId('threshold-save').click()
    await editor.getByTestId('threshold-conflict').waitFor({ timeout: 15_000 })
    expect(await editor.getByTestId('threshold-conflict').textContent()).toContain('已载入最新设置')
    // With the fresh version the save goes through.
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/monitoring/stations/${station.id}/metrics/ch4`) && r.request().method() === 'PUT'),
      page.getByTestId('threshold-save').click(),
    ])
    expect(saved.status()).toBe(200)
    await editor.waitFor({ state: 'hidden' })
    await panel.getByTestId('station-panel-close').click()
    await panel.waitFor({ state: 'hidden' })
  })

  it('closes the alarm with a reason through the dialog', async () => {
    const row = page.getByTestId('alarm-list').locator(`[data-station="${station.id}"][data-level="red"]`)
    const alarmId = ((await row.getAttribute('data-testid')) ?? '').replace('alarm-row-', '')
    await row.getByTestId('alarm-close').click()
    const dialog = page.getByTestId('alarm-close-dialog')
    await dialog.waitFor()
    // The reason is required.
    await page.getByTestId('alarm-close-confirm').click()
    await dialog.getByText('请填写关闭原因').waitFor()
    await page.locator('textarea[data-testid="alarm-close-reason"], [data-testid="alarm-close-reason"] textarea').first().fill(REASON)
    // Checked as typed: the message goes once there is a reason.
    await dialog.getByText('请填写关闭原因').waitFor({ state: 'hidden' })
    await page.screenshot({ path: screenshotPath('monitoring-close') })
    await page.getByTestId('alarm-close-confirm').click()
    await page.getByTestId(`alarm-row-${alarmId}`).waitFor({ state: 'detached', timeout: 15_000 })

    const closed = await api<Alarm>('GET', `/api/v1/monitoring/alarms/${alarmId}`)
    expect(closed.closed_at).not.toBeNull()
    expect(closed.close_reason).toBe(REASON)
    closedAlarmId = alarmId
  })

  it("lists every theme's alarms on 报警记录: open ones live, the closed one with its reason", async () => {
    expect(closedAlarmId).not.toBe('')
    // Open alarms by default, asked of the server page by page.
    const [first] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/monitoring/alarms?') && r.request().method() === 'GET'),
      page.getByTestId('monitoring-nav-alarms').click(),
    ])
    await page.waitForURL(`${server.baseUrl}/monitoring/alarms`)
    const asked = new URL(first.url()).searchParams
    expect(asked.get('state')).toBe('open')
    expect(asked.get('limit')).toBe('20')
    expect(asked.get('offset')).toBe('0')
    expect(await page.title()).toContain('报警记录')
    const table = page.getByTestId('alarm-records-table')
    await table.locator('[data-testid^="alarm-record-"][data-state]').first().waitFor({ timeout: 15_000 })
    expect(await table.getAttribute('data-state')).toBe('open')
    // Each open row: a live alarm as the server has it; the closed one is not among them.
    const rows = table.locator('[data-testid^="alarm-record-"][data-state]')
    const states = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))
    expect(states.length).toBeGreaterThan(0)
    for (const s of states) expect(['active', 'cleared']).toContain(s)
    expect(await page.getByTestId(`alarm-record-${closedAlarmId}`).count()).toBe(0)
    const openId = ((await rows.first().getAttribute('data-testid')) ?? '').replace('alarm-record-', '')
    const open = await api<Alarm & { station_name: string }>('GET', `/api/v1/monitoring/alarms/${openId}`)
    expect(open.closed_at).toBeNull()
    const openRow = table.locator('tr', { has: page.getByTestId(`alarm-record-${openId}`) })
    const openText = (await openRow.textContent()) ?? ''
    expect(openText).toContain(open.station_name)
    expect(openText).toMatch(/活动|已恢复/)
    expect(await openRow.getByTestId('alarm-record-close').count()).toBe(1)
    await page.screenshot({ path: screenshotPath('monitoring-alarm-records-open'), fullPage: true })

    // Live: a new methane alarm at the mine (its last one closed) shows without a reload.
    await page.getByTestId('alarm-records-filter-theme').click()
    await page.locator('.el-select-dropdown__item').filter({ hasText: '智慧矿山' }).click()
    await expect.poll(async () => new URL(page.url()).pathname).toBe('/monitoring/alarms')
    await page.locator('[data-testid="alarm-records-live"][data-state="open"]').waitFor({ timeout: 15_000 })
    const mineOpen = await api<{ total: number }>('GET', '/api/v1/monitoring/alarms?state=open&theme=mine&limit=1')
    await expect.poll(async () => Number(await table.getAttribute('data-total')), { timeout: 15_000 }).toBe(mineOpen.total)
    // The pointer away from the table: the list follows the server (over it, the order holds; below).
    await page.mouse.move(5, 5)
    // Back to normal first (a closed alarm is not raised again while its condition lasts), then over the red threshold.
    const now = Date.now()
    const posted = await api<{ accepted: number }>('POST', '/api/v1/readings', {
      readings: [
        { station: station.code, metric: 'ch4', time: new Date(now - 2000).toISOString(), value: 0.2 },
        { station: station.code, metric: 'ch4', time: new Date(now).toISOString(), value: 1.4 },
      ],
    })
    expect(posted.accepted).toBe(2)
    await expect.poll(async () => Number(await table.getAttribute('data-total')), { timeout: 15_000 }).toBe(mineOpen.total + 1)
    const raised = await api<{ items: Alarm[] }>('GET', `/api/v1/monitoring/alarms?state=open&station=${station.id}`)
    const fresh = raised.items.find((a) => a.metric === 'ch4')!
    expect(fresh.id).not.toBe(closedAlarmId)
    const freshRow = table.locator('tr', { has: page.getByTestId(`alarm-record-${fresh.id}`) })
    await freshRow.waitFor()
    expect(await freshRow.getAttribute('class')).toContain('is-fresh')
    expect((await freshRow.getByTestId('alarm-record-state').textContent())?.trim()).toBe('活动')
    expect((await freshRow.getByTestId('alarm-record-value').textContent())?.trim()).toBe('1.4 % ≥ 1 %')
    // 确认 from here.
    await freshRow.getByTestId('alarm-record-ack').click()
    await freshRow.getByTestId('alarm-record-acked').filter({ hasText: '测试管理员' }).waitFor({ timeout: 15_000 })
    expect(await freshRow.getByTestId('alarm-record-ack').count()).toBe(0)
    expect((await api<Alarm>('GET', `/api/v1/monitoring/alarms/${fresh.id}`)).acknowledged_at).not.toBeNull()

    // While the pointer is over the table no row moves: someone else closes the alarm and
    // methane rises at a neighbouring mine (a new alarm); the closed row stays in its place,
    // dimmed, and the new one is only counted until "1 条新报警" is asked for.
    const mines = await api<{ items: Station[] }>('GET', '/api/v1/monitoring/stations?theme=mine&limit=2000')
    let neighbour = mines.items.find((s) => s.id !== station.id && s.open_alarms === 0 && s.code && s.metrics.some((m) => m.metric === 'ch4'))!
    expect(neighbour, 'a second mine station without open alarms').toBeDefined()
    if (!hasCh4Rules(neighbour)) {
      const version = neighbour.metrics.find((m) => m.metric === 'ch4')?.version
      neighbour = await api<Station>('PUT', `/api/v1/monitoring/stations/${neighbour.id}/metrics/ch4`, {
        rules: CH4_RULES,
        ...(version === undefined ? {} : { version }),
      })
    }
    await page.getByTestId('alarm-records-area').hover()
    await api('POST', `/api/v1/monitoring/alarms/${fresh.id}/close`, { reason: '测试：他人关闭' })
    await api('POST', '/api/v1/readings', {
      readings: [{ station: neighbour.code, metric: 'ch4', time: new Date().toISOString(), value: 1.5 }],
    })
    const apply = page.getByTestId('alarm-records-apply')
    await expect.poll(async () => (await apply.count()) && apply.getAttribute('data-added'), { timeout: 15_000 }).toBe('1')
    expect((await apply.textContent())?.trim()).toBe('1 条新报警，点击更新列表')
    const again = (await api<{ items: Alarm[] }>('GET', `/api/v1/monitoring/alarms?state=open&station=${neighbour.id}`)).items.find(
      (a) => a.metric === 'ch4',
    )!
    expect(again.id).not.toBe(fresh.id)
    expect(await page.getByTestId(`alarm-record-${again.id}`).count()).toBe(0)
    expect(await freshRow.getAttribute('class')).toContain('is-gone')
    expect((await freshRow.getByTestId('alarm-record-state').textContent())?.trim()).toBe('已关闭')
    await page.screenshot({ path: screenshotPath('monitoring-alarm-records-held'), fullPage: true })
    await apply.click()
    await page.getByTestId(`alarm-record-${again.id}`).waitFor({ timeout: 15_000 })
    expect(await page.getByTestId(`alarm-record-${fresh.id}`).count()).toBe(0)

    // 已关闭: the closed alarm, who closed it and why.
    await page.getByTestId('alarm-records-state-closed').click()
    await page.locator('[data-testid="alarm-records-table"][data-state="closed"]').waitFor()
    const closedLink = page.getByTestId(`alarm-record-${closedAlarmId}`)
    await closedLink.waitFor({ timeout: 15_000 })
    expect(await closedLink.getAttribute('data-state')).toBe('closed')
    expect(await closedLink.getAttribute('data-level')).toBe('red')
    const closedRow = table.locator('tr', { has: closedLink })
    expect((await closedRow.getByTestId('alarm-record-state').textContent())?.trim()).toBe('已关闭')
    expect((await closedRow.getByTestId('alarm-record-reason').textContent())?.trim()).toBe(REASON)
    const closedText = (await closedRow.textContent()) ?? ''
    expect(closedText).toContain(station.name)
    expect(closedText).toContain('智慧矿山')
    expect(closedText).toContain('甲烷')
    expect(closedText).toContain('1.3 % ≥ 1 %')
    expect(closedText).toContain('测试管理员')
    // Closed ones offer nothing more to do.
    expect(await closedRow.getByTestId('alarm-record-close').count()).toBe(0)
    await page.waitForTimeout(300)
    await page.screenshot({ path: screenshotPath('monitoring-alarm-records'), fullPage: true })

    // The station opens its theme page, with the station's panel open.
    await closedLink.click()
    await page.waitForURL(/\/monitoring\/mine(\?station=\d+)?$/)
    await page.getByTestId('page-theme-mine').waitFor()
    await page.getByTestId('station-panel').waitFor()
    await page.getByTestId('station-panel-close').click()
  })

  it('turns an alarm into a warning and into an incident', async () => {
    const first = page.getByTestId('alarm-list').locator('[data-testid^="alarm-row-"]').first()
    await first.waitFor()
    const alarmId = ((await first.getAttribute('data-testid')) ?? '').replace('alarm-row-', '')
    const before = await api<Alarm & { station_name: string }>('GET', `/api/v1/monitoring/alarms/${alarmId}`)
    const row = page.getByTestId(`alarm-row-${alarmId}`)

    // 转预警 asks first, then opens the new warning.
    await row.getByTestId('alarm-to-warning').click()
    await page.locator('.el-message-box').getByText('确定发布').waitFor()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.waitForURL(/\/monitoring\/alerts\/\d+$/, { timeout: 15_000 })
    await page.getByTestId('alert-headline').filter({ hasText: before.station_name }).waitFor()
    expect(await page.getByTestId('page-alert').getByTestId('alert-level').getAttribute('data-level')).toBe(before.level)

    // Back on the theme: the alarm links to its warning and offers 转事件.
    await page.goBack()
    await page.getByTestId('page-theme-mine').waitFor()
    await row.getByTestId('alarm-alert-link').waitFor({ timeout: 15_000 })
    expect(await row.getByTestId('alarm-to-warning').count()).toBe(0)
    // 转事件 proposes the alarm's start as the time of occurrence (Beijing time), editable.
    await row.getByTestId('alarm-to-incident').click()
    const dialog = page.getByTestId('alarm-incident-dialog')
    await dialog.waitFor()
    const proposed = await dialog.locator('input').first().inputValue()
    expect(proposed).toBe(beijing(before.opened_at))
    await page.getByTestId('alarm-incident-confirm').click()
    await page.waitForURL(/\/duty\/incidents\/\d+$/, { timeout: 15_000 })
    const linked = await api<Alarm & { alert_id: string | null; incident_id: string | null }>('GET', `/api/v1/monitoring/alarms/${alarmId}`)
    expect(linked.alert_id).not.toBeNull()
    expect(page.url()).toBe(`${server.baseUrl}/duty/incidents/${linked.incident_id}`)
    // The incident occurred when the alarm opened and links back to it.
    const incident = await api<{ occurred_at: string; source_alarm_id: string | null }>('GET', `/api/v1/incidents/${linked.incident_id}`)
    expect(Date.parse(incident.occurred_at)).toBe(Date.parse(before.opened_at))
    expect(incident.source_alarm_id).toBe(alarmId)
    await page.getByTestId('incident-source-alarm-link').filter({ hasText: before.station_name }).waitFor({ timeout: 15_000 })

    // The one failed request the browser logs is the stale save of the thresholds (409, expected above).
    expect(admin.problems.filter((p) => !p.includes('favicon'))).toEqual([
      'console: Failed to load resource: the server responded with a status of 409 (Conflict)',
    ])
  })
})
