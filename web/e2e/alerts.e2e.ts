/**
 * 预警信息 against the real server: a county duty officer (小店区应急管理局) has the warning
 * list open when the 太原 weather bureau's CAP message (GB/T 35965.1, zh-CN with an English
 * translation, severity Severe and no level parameter → orange) is posted through the API; it
 * appears without a reload, its page shows both languages (zh-CN first), the areas and the
 * CAP download. The warning was delivered to the officer (叫应: on duty in 小店区's duty room,
 * which has no roster, so its duty officers are): the page asks them to confirm receipt, they
 * do, and the 叫应 board shows them confirmed, live on the province's screen too. The home
 * page shows it in the 预警信息 panel and draws its polygon on the map, and a second warning
 * arrives there live. Then the officer enters a warning received by
 * phone through the 手工录入 dialog and cancels it (解除) with a reason; the warning feed that
 * cannot be read is named above the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { csrfToken, field, loginByApi } from './support/auth'
import { launchBrowser, screenshotPath, type BrowserSession } from './support/browser'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let admin: BrowserSession
let county: BrowserSession
let page: Page
let token = ''
let officerId = ''

const OFFICER = { name: '预警值班员', phone: '13900000301' }
const HEADLINE = '太原市气象台发布暴雨橙色预警信号'
const HEADLINE_EN = 'Taiyuan Meteorological Observatory issues an orange rainstorm warning'
const SECOND_HEADLINE = '太原市气象台发布大风蓝色预警信号'
const MANUAL_HEADLINE = '小店区森林火险黄色预警（电话通知）'

/** `2026-11-29T08:00:00+08:00`: CAP time in Asia/Shanghai. */
function capTime(ms: number): string {
  const shanghai = new Date(ms + 8 * 3600_000)
  return `${shanghai.toISOString().slice(0, 19)}+08:00`
}

/** `20261129080000` for the identifier. */
function compactTime(ms: number): string {
  return capTime(ms).slice(0, 19).replace(/[-T:]/g, '')
}

/**
 * A CAP 1.2 message as the national warning release system sends it under GB/T 35965.1: the
 * sender code starts with the GB/T 2260 code of 太原市 (140100), the identifier is
 * `<sender code>_<sent>_<n>`, the area names 小店区 by geocode and outlines it as a polygon.
 * The English info comes first on purpose: the page must still show zh-CN first.
 */
function capMessage(opts: { n: number; event: string; severity: 'Severe' | 'Minor'; headline: string; headlineEn: string; hours: number }): string {
  const now = Date.now() - 60_000
  const sent = capTime(now)
  const expires = capTime(now + opts.hours * 3600_000)
  const sender = '14010041600000'
  const identifier = `${sender}_${compactTime(now)}_${opts.n}`
  const polygon = '37.70,112.52 37.70,112.66 37.84,112.66 37.84,112.52 37.70,112.52'
  const area = (desc: string) => `
    <area>
      <areaDesc>${desc}</areaDesc>
      <polygon>${polygon}</polygon>
      <geocode>
        <valueName>GB/T 2260</valueName>
        <value>140105</value>
      </geocode>
    </area>`
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier>
  <sender>${sender}</sender>
  <sent>${sent}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>en-US</language>
    <category>Met</category>
    <event>${opts.event === '暴雨' ? 'Rainstorm' : 'Gale'}</event>
    <responseType>Prepare</responseType>
    <urgency>Expected</urgency>
    <severity>${opts.severity}</severity>
    <certainty>Likely</certainty>
    <effective>${sent}</effective>
    <expires>${expires}</expires>
    <senderName>Taiyuan Meteorological Observatory</senderName>
    <headline>${opts.headlineEn}</headline>
    <description>Heavy rain of more than 50 mm is expected in Xiaodian District within 6 hours.</description>
    <instruction>Stop outdoor gatherings; move people out of low-lying areas.</instruction>
    ${area('Xiaodian District')}
  </info>
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>${opts.event}</event>
    <responseType>Prepare</responseType>
    <urgency>Expected</urgency>
    <severity>${opts.severity}</severity>
    <certainty>Likely</certainty>
    <effective>${sent}</effective>
    <expires>${expires}</expires>
    <senderName>太原市气象台</senderName>
    <headline>${opts.headline}</headline>
    <description>预计未来6小时内小店区将出现50毫米以上降雨，局地伴有雷电和短时大风，请注意防范。</description>
    <instruction>1. 政府及相关部门按照职责做好防暴雨应急工作；2. 切断有危险的室外电源，暂停户外作业；3. 转移低洼危险地带人员。</instruction>
    ${area('小店区')}
  </info>
</alert>
`
}

/** The native textarea of an el-input of type textarea (the test id may sit on either). */
function textarea(page: Page, testId: string) {
  return page.locator(`textarea[data-testid="${testId}"], [data-testid="${testId}"] textarea`).first()
}

async function postCap(xml: string): Promise<{ id: string; level: string; level_name: string }> {
  const r = await admin.context.request.post(`${server.baseUrl}/api/v1/alerts/cap`, {
    data: xml,
    headers: { 'Content-Type': 'application/xml', 'X-CSRF-Token': token },
  })
  expect(r.status(), await r.text()).toBe(201)
  return (await r.json()) as { id: string; level: string; level_name: string }
}

let first = { id: '', level: '', level_name: '' }

/** A warning feed that cannot be read (nothing listens on port 1), polled every few seconds. */
const DEAD_FEED = 'http://127.0.0.1:1/cap/feed.xml'

beforeAll(async () => {
  server = await startServer({
    env: { FENGHUO_ALERTS_FEEDS: DEAD_FEED, FENGHUO_ALERTS_FEED_INTERVAL_S: '5', FENGHUO_REPORTING_CHECK_INTERVAL_S: '1' },
  })
  admin = await launchBrowser()
  await loginByApi(admin.context, server)
  token = await csrfToken(admin.context, server)
  const orgs = (await (await admin.context.request.get(`${server.baseUrl}/api/v1/organisations?region=140100&limit=100`)).json()) as {
    items: { id: string; name: string }[]
  }
  const bureau = orgs.items.find((o) => o.name === '小店区应急管理局')
  expect(bureau).toBeTruthy()
  const r = await admin.context.request.post(`${server.baseUrl}/api/v1/users`, {
    data: { name: OFFICER.name, phone: OFFICER.phone, org_id: bureau!.id, roles: ['duty_officer'] },
    headers: { 'X-CSRF-Token': token },
  })
  expect(r.status(), await r.text()).toBe(201)
  officerId = String(((await r.json()) as { id: string | number }).id)
  county = await launchBrowser()
  await loginByApi(county.context, server, OFFICER.phone)
  page = await county.newPage()
})

afterAll(async () => {
  await county?.close()
  await admin?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

describe('预警信息', () => {
  it('opens 监测预警 on 预警信息 and shows a CAP warning the moment it is posted', async () => {
    await page.goto(`${server.baseUrl}/monitoring`)
    await page.waitForURL(`${server.baseUrl}/monitoring/alerts`)
    const labels = (await page.getByTestId('monitoring-nav').locator('.el-menu-item').allTextContents()).map((s) => s.trim())
    // A duty officer also reads the monitoring themes.
    expect(labels).toEqual(['预警信息', '报警记录', '森林草原火灾', '水旱灾害', '地震地质', '危化品监测', '智慧矿山', '冶金工贸'])
    await page.getByTestId('alert-table').getByText('当前没有生效中的预警').waitFor()
    // The socket is up before the message is posted.
    await page.locator('header [data-testid="realtime-state"][data-state="open"]').waitFor({ timeout: 15_000 })

    first = await postCap(capMessage({ n: 1, event: '暴雨', severity: 'Severe', headline: HEADLINE, headlineEn: HEADLINE_EN, hours: 6 }))
    expect(first.level).toBe('orange')
    expect(first.level_name).toBe('橙色')

    const row = page.getByTestId('alert-table').locator('.el-table__row', { hasText: HEADLINE })
    await row.waitFor({ timeout: 15_000 })
    const level = row.getByTestId('alert-level')
    expect(await level.getAttribute('data-level')).toBe('orange')
    expect((await level.textContent())?.trim()).toContain('橙色')
    expect(await row.textContent()).toContain('小店区')
    expect(await row.textContent()).toContain('暴雨')
    expect(await row.getByTestId('alert-state').textContent()).toContain('生效中')
    expect(await row.getByTestId('alert-expiry').textContent()).toMatch(/剩 \d+ 小时 \d+ 分/)
    await page.screenshot({ path: screenshotPath('alerts-list') })
  })

  it('shows every language with zh-CN first, the areas and the CAP download', async () => {
    await page.getByTestId(`alert-row-${first.id}`).click()
    await page.waitForURL(`${server.baseUrl}/monitoring/alerts/${first.id}`)
    await page.getByTestId('alert-headline').filter({ hasText: HEADLINE }).waitFor()
    const tabs = (await page.getByTestId('alert-languages').locator('.el-tabs__item').allTextContents()).map((s) => s.trim())
    expect(tabs[0]).toBe('简体中文')
    expect(tabs).toHaveLength(2)
    expect(await page.getByTestId('alert-info-zh-CN').textContent()).toContain('转移低洼危险地带人员')
    expect(await page.getByTestId('alert-areas').textContent()).toContain('小店区')
    const cap = page.getByTestId('alert-cap')
    expect(await cap.getAttribute('href')).toBe(`/api/v1/alerts/${first.id}/cap`)
    const xml = await page.request.get(`${server.baseUrl}/api/v1/alerts/${first.id}/cap`)
    expect(xml.status()).toBe(200)
    expect(await xml.text()).toContain(HEADLINE)
    await page.screenshot({ path: screenshotPath('alerts-detail'), fullPage: true })
    // The English text is one click away.
    await page.getByTestId('alert-languages').locator('.el-tabs__item').nth(1).click()
    await page.getByTestId('alert-info-en-US').getByText(HEADLINE_EN).first().waitFor()
  })

  it('叫应: the officer confirms receipt and the board shows it, live for the province too', async () => {
    // The province (admin) watches the board.
    const watcher = await admin.newPage()
    await watcher.goto(`${server.baseUrl}/monitoring/alerts/${first.id}`)
    const watched = watcher.getByTestId('alert-board').getByTestId(`alert-board-person-${officerId}`)
    await watched.waitFor({ timeout: 15_000 })
    expect(await watched.getAttribute('data-acknowledged')).toBe('false')
    expect(await watched.getByTestId('alert-board-state').textContent()).toMatch(/未确认.*已送达 \d+ 分 \d{2} 秒/)
    // The admin was not on duty in 小店区: nothing for them to confirm.
    expect(await watcher.getByTestId('alert-ack').count()).toBe(0)
    await watcher.locator('header [data-testid="realtime-state"][data-state="open"]').waitFor({ timeout: 15_000 })

    await page.goto(`${server.baseUrl}/monitoring/alerts/${first.id}`)
    await page.getByTestId('alert-headline').filter({ hasText: HEADLINE }).waitFor()
    const board = page.getByTestId('alert-board')
    await board.getByText('叫应情况').waitFor()
    const region = board.getByTestId('alert-board-region-140105')
    await region.waitFor()
    expect(await region.textContent()).toContain('小店区')
    expect(await region.textContent()).toContain('小店区应急管理局')
    const me = board.getByTestId(`alert-board-person-${officerId}`)
    expect(await me.textContent()).toContain(OFFICER.name)
    expect(await me.getAttribute('data-acknowledged')).toBe('false')
    const summary = board.getByTestId('alert-board-summary')
    const before = (await summary.textContent())!.trim()
    const [, acked, total] = /^已确认 (\d+) \/ (\d+)$/.exec(before) ?? []
    expect(Number(total)).toBeGreaterThanOrEqual(1)

    const ack = page.getByTestId('alert-ack')
    expect((await ack.textContent())?.trim()).toBe('确认收到（叫应）')
    await page.screenshot({ path: screenshotPath('alerts-ack'), fullPage: true })
    await ack.click()
    const done = page.getByTestId('alert-ack-done')
    await done.waitFor()
    expect((await done.textContent())?.trim()).toMatch(/^已确认 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(await ack.count()).toBe(0)
    await board.locator(`[data-testid="alert-board-person-${officerId}"][data-acknowledged="true"]`).waitFor()
    expect(await me.getByTestId('alert-board-state').textContent()).toMatch(/已确认 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    await expect.poll(async () => (await summary.textContent())?.trim()).toBe(`已确认 ${Number(acked) + 1} / ${total}`)
    await page.screenshot({ path: screenshotPath('alerts-ack-done'), fullPage: true })
    await board.screenshot({ path: screenshotPath('alerts-ack-board') })

    // The province's board turned without a reload.
    await watcher.locator(`[data-testid="alert-board-person-${officerId}"][data-acknowledged="true"]`).waitFor({ timeout: 15_000 })
    await watcher.close()

    // A second confirmation is refused.
    const again = await county.context.request.post(`${server.baseUrl}/api/v1/alerts/${first.id}/ack`, {
      headers: { 'X-CSRF-Token': await csrfToken(county.context, server) },
    })
    expect(again.status()).toBe(409)
  })

  it('shows active warnings on the home page, live, with their areas on the map', async () => {
    await page.goto(`${server.baseUrl}/`)
    const panel = page.getByTestId('home-warnings')
    const item = panel.getByTestId(`home-warning-${first.id}`)
    await item.waitFor({ timeout: 15_000 })
    expect(await item.getAttribute('data-level')).toBe('orange')
    expect(await item.textContent()).toContain('橙色')
    expect(await item.textContent()).toContain(HEADLINE)
    expect(await item.getByTestId('home-warning-left').textContent()).toMatch(/^剩 \d:\d{2}:\d{2}$/)
    await expect
      .poll(async () => Number(await page.getByTestId('home-map').getAttribute('data-warning-areas')), { timeout: 15_000 })
      .toBeGreaterThan(0)
    await page.locator('header [data-testid="realtime-state"][data-state="open"]').waitFor({ timeout: 15_000 })

    const second = await postCap(
      capMessage({ n: 2, event: '大风', severity: 'Minor', headline: SECOND_HEADLINE, headlineEn: 'Gale blue warning', hours: 3 }),
    )
    expect(second.level).toBe('blue')
    const live = panel.getByTestId(`home-warning-${second.id}`)
    await live.waitFor({ timeout: 15_000 })
    expect(await live.textContent()).toContain('蓝色')
    // The more severe warning stays on top.
    const order = await panel.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-level')))
    expect(order).toEqual(['orange', 'blue'])
    await page.waitForTimeout(500)
    await page.screenshot({ path: screenshotPath('alerts-home') })
  })

  it('enters a warning received by phone, then cancels it with a reason', async () => {
    await page.goto(`${server.baseUrl}/monitoring/alerts`)
    // The officer keeps warnings: a feed that fails does not hide in the server's log.
    const failing = page.getByTestId('alert-feed-failing')
    await failing.waitFor()
    expect(await failing.textContent()).toContain(DEAD_FEED)
    await page.getByTestId('alert-new').click()
    const dialog = page.getByTestId('alert-dialog')
    await dialog.waitFor()
    // Saving an empty form names what is missing.
    await page.getByTestId('alert-submit').click()
    await dialog.getByText('请填写预警事件').waitFor()
    await dialog.getByText('请选择失效时间').waitFor()

    await field(page, 'alert-input-event').fill('森林火险')
    await dialog.getByTestId('alert-level-yellow').click()
    await field(page, 'alert-input-headline').fill(MANUAL_HEADLINE)
    await textarea(page, 'alert-input-description').fill('市林草局电话通知：未来24小时小店区森林火险等级高。')
    await textarea(page, 'alert-input-instruction').fill('加强巡山护林，严禁野外用火。')
    const expires = new Date(Date.now() + 8 * 3600_000 + 24 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
    const expiresInput = dialog.locator('[data-testid="alert-field-expires"] input')
    await expiresInput.click()
    await expiresInput.fill(expires)
    await expiresInput.press('Enter')
    await dialog.locator('.el-dialog__title').click()
    expect(await expiresInput.inputValue()).toBe(expires)
    // The officer's own county is chosen already.
    expect(await dialog.getByTestId('alert-field-regions').textContent()).toContain('小店区')
    await field(page, 'alert-input-source').fill('市林草局电话通知')
    await page.screenshot({ path: screenshotPath('alerts-manual') })
    await page.getByTestId('alert-submit').click()

    await page.waitForURL(/\/monitoring\/alerts\/\d+$/)
    await page.getByTestId('alert-headline').filter({ hasText: MANUAL_HEADLINE }).waitFor()
    expect(await page.getByTestId('alert-level').first().getAttribute('data-level')).toBe('yellow')
    expect(await page.getByTestId('page-alert').textContent()).toContain('手工录入')

    await page.getByTestId('alert-cancel').click()
    const cancel = page.getByTestId('alert-cancel-dialog')
    await cancel.waitFor()
    await page.getByTestId('alert-cancel-confirm').click()
    await cancel.getByText('请填写解除原因').waitFor()
    await textarea(page, 'alert-cancel-reason').fill('市林草局来电：降雨后火险等级下降，解除预警')
    await page.getByTestId('alert-cancel-confirm').click()
    await page.getByTestId('page-alert').getByTestId('alert-state').filter({ hasText: '已解除' }).waitFor()
    expect(await page.getByTestId('alert-cancel').count()).toBe(0)

    // Back on the list: gone from the active ones, there under 全部.
    await page.getByTestId('alert-back').click()
    await page.getByTestId('alert-table').locator('.el-table__row', { hasText: HEADLINE }).waitFor()
    expect(await page.getByTestId('alert-table').locator('.el-table__row', { hasText: MANUAL_HEADLINE }).count()).toBe(0)
    await page.getByTestId('alerts-scope-all').click()
    await page
      .getByTestId('alert-table')
      .locator('.el-table__row', { hasText: MANUAL_HEADLINE })
      .getByTestId('alert-state')
      .filter({ hasText: '已解除' })
      .waitFor()
    expect(county.problems.filter((p) => !p.includes('favicon'))).toEqual([])
  })
})
