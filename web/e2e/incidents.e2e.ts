/**
 * 信息接报与报送 against the real server, in two browsers: the county (小店区应急管理局)
 * where a duty officer takes a call and drafts the 首报 and the duty leader approves and
 * sends it up, and the city (太原市应急管理局) whose duty officer has the inbox open and
 * sees the report arrive without a reload, then signs for it. The incident's timeline
 * then lists every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { csrfToken, field, loginByApi, loginThroughPage } from './support/auth'
import { launchBrowser, screenshotPath, type BrowserSession } from './support/browser'
import { beijingMinute, bureau, createUser, reportStatus, textarea, type Org } from './support/duty'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let county: BrowserSession
let city: BrowserSession
let countyPage: Page
let cityInbox: Page
let cityList: Page

const OFFICER = { name: '县值班员', phone: '13900000021', role: 'duty_officer' }
const LEADER = { name: '县带班领导', phone: '13900000022', role: 'duty_leader' }
const CITY_OFFICER = { name: '市值班员', phone: '13900000023', role: 'duty_officer' }
const ADDRESS = '龙城大街与平阳路交叉口'
const DESCRIPTION = '一辆货车与两辆小客车相撞，1 人死亡，3 人受伤，已送医。'
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
const MEASURES = '交警已封闭路口，120 已将伤员送往省人民医院。'

let incidentId = ''
let occurredShown = ''
let reportId = ''
let cityBureau: Org

beforeAll(async () => {
  server = await startServer()
  county = await launchBrowser()
  city = await launchBrowser()

  // The administrator creates the three duty users through the API.
  await loginByApi(county.context, server)
  const countyBureau = await bureau(county, server, '140105')
  cityBureau = await bureau(county, server, '140100')
  await createUser(county, server, OFFICER, countyBureau.id)
  await createUser(county, server, LEADER, countyBureau.id)
  await createUser(county, server, CITY_OFFICER, cityBureau.id)
  await county.context.clearCookies()

  // The city officer signs in and leaves the inbox and the incident list open.
  cityInbox = await city.newPage()
  await cityInbox.goto(`${server.baseUrl}/duty/reports?box=inbox`)
  await cityInbox.waitForURL((url) => url.pathname === '/login')
  await loginThroughPage(cityInbox, server, CITY_OFFICER.phone)
  await cityInbox.waitForURL((url) => url.pathname === '/duty/reports')
  await cityInbox.getByTestId('report-table').waitFor()
  cityList = await city.newPage()
  await cityList.goto(`${server.baseUrl}/duty/incidents`)
  await cityList.getByTestId('incident-table').waitFor()
  // Marks that disappear if a page reloads.
  for (const page of [cityInbox, cityList]) await page.evaluate(() => ((window as unknown as { __kept: boolean }).__kept = true))

  countyPage = await county.newPage()
}, 120_000)

afterAll(async () => {
  await county?.close()
  await city?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

describe('信息接报与报送', () => {
  it('the county officer takes the call on the intake page with the keyboard, and nothing typed is lost on a reload', async () => {
    await countyPage.goto(`${server.baseUrl}/duty/incidents/new`)
    await countyPage.waitForURL((url) => url.pathname === '/login')
    await loginThroughPage(countyPage, server, OFFICER.phone)
    await countyPage.waitForURL((url) => url.pathname === '/duty/incidents/new')
    const form = countyPage.getByTestId('incident-form')
    await form.waitFor()

    // Ctrl+Enter on the empty form says what is missing, at the top of the window.
    await countyPage.keyboard.press('Control+Enter')
    await countyPage.locator('.el-message--warning', { hasText: '请' }).waitFor()
    await countyPage.getByTestId('intake-error').waitFor()

    // The type select has the focus: type part of the name, the first match is highlighted, Enter takes it.
    await countyPage.waitForFunction(() => document.activeElement?.closest('[data-testid="input-type"]') !== null)
    await countyPage.keyboard.type('道路交通')
    await countyPage.locator('.el-select-dropdown__item.is-hovering:visible', { hasText: '道路交通事故' }).waitFor()
    await countyPage.keyboard.press('Enter')
    await countyPage.getByTestId('field-type').filter({ hasText: '道路交通事故' }).waitFor()
    await countyPage.keyboard.press('Tab')
    // The region defaults to the officer's county; the time to now.
    expect(await form.getByTestId('input-region').textContent()).toContain('小店区')
    // Now, in Beijing time, although the browser is in New York.
    const proposed = await countyPage.locator('[data-testid="field-occurred_at"] input').inputValue()
    expect([beijingMinute(Date.now()), beijingMinute(Date.now() - 60_000)]).toContain(proposed)

    await field(countyPage, 'input-address').fill(ADDRESS)
    // The place on the offline map: a click in the county fills longitude and latitude.
    await countyPage.getByTestId('pick-on-map').click()
    const picker = countyPage.getByTestId('location-picker-map')
    await countyPage.locator('[data-testid="location-picker-map"][data-ready="true"] .leaflet-basemap-pane canvas').waitFor()
    const box = (await picker.boundingBox())!
    await countyPage.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await countyPage.getByTestId('location-picked').filter({ hasText: '小店区' }).waitFor()
    await countyPage.getByTestId('location-use').click()
    await picker.waitFor({ state: 'hidden' })
    expect(Number(await field(countyPage, 'input-lon').inputValue())).toBeGreaterThan(112)
    expect(Number(await field(countyPage, 'input-lat').inputValue())).toBeGreaterThan(37)
    await field(countyPage, 'input-reporting_unit').fill('小店区交警大队')
    await field(countyPage, 'input-reporter_name').fill('王警官')
    // Validation as you type names the field.
    await field(countyPage, 'input-reporter_phone').fill('电话')
    await field(countyPage, 'input-reporter_phone').blur()
    await form.getByText('联系电话格式不正确').waitFor()
    await field(countyPage, 'input-reporter_phone').fill('0351-7654321')
    await form.getByText('联系电话格式不正确').waitFor({ state: 'detached' })
    await field(countyPage, 'input-deaths').fill('1')
    await field(countyPage, 'input-injured').fill('3')
    await field(countyPage, 'input-direct_loss_wan').fill('35')
    await textarea(countyPage, 'input-description').fill(DESCRIPTION)
    // A photo of the scene, uploaded at once.
    const [upload] = await Promise.all([
      countyPage.waitForResponse((r) => r.url().includes('/api/v1/files?name=') && r.request().method() === 'POST'),
      countyPage
        .locator('input[data-testid="attachment-file"]')
        .setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') }),
    ])
    expect(upload.status(), await upload.text()).toBe(201)
    await countyPage.getByTestId('attachment-item').filter({ hasText: '现场.png' }).waitFor()
    // Road accidents grade by casualties and loss only: no earthquake or fire inputs.
    expect(await countyPage.getByTestId('grading-inputs').count()).toBe(0)

    // A reload (or a crash) keeps everything typed: the draft is kept a moment after the last
    // change, so wait until it holds the photo (the last thing added).
    await countyPage.waitForFunction(
      (prefix) => Object.keys(localStorage).some((key) => key.startsWith(prefix) && (localStorage.getItem(key) ?? '').includes('现场.png')),
      'fenghuo.incidentDraft.',
      { timeout: 5_000 },
    )
    await countyPage.reload()
    await countyPage.getByTestId('intake-restored').waitFor()
    expect(await field(countyPage, 'input-address').inputValue()).toBe(ADDRESS)
    expect(await textarea(countyPage, 'input-description').inputValue()).toBe(DESCRIPTION)
    expect(await field(countyPage, 'input-deaths').inputValue()).toBe('1')
    await countyPage.getByTestId('field-type').filter({ hasText: '道路交通事故' }).waitFor()
    occurredShown = await countyPage.locator('[data-testid="field-occurred_at"] input').inputValue()
    await countyPage.screenshot({ path: screenshotPath('incidents-intake') })

    // Ctrl+Enter saves; the incident page opens.
    await textarea(countyPage, 'input-description').focus()
    const [created] = await Promise.all([
      countyPage.waitForResponse((r) => r.url().endsWith('/api/v1/incidents') && r.request().method() === 'POST'),
      countyPage.keyboard.press('Control+Enter'),
    ])
    expect(created.status(), await created.text()).toBe(201)
    const body = created.request().postDataJSON() as Record<string, unknown>
    expect(body).toMatchObject({ type: 'A08', region: '140105', address: ADDRESS, deaths: 1, injured: 3, direct_loss_yuan: 350000, drill: false })
    expect(body.attachments).toHaveLength(1)
    expect(typeof body.lon).toBe('number')
    expect(typeof body.lat).toBe('number')
    expect(body.title).toBe(`小店区${ADDRESS} 道路交通事故`)
    incidentId = ((await created.json()) as { id: string }).id
    await countyPage.waitForURL((url) => url.pathname === `/duty/incidents/${incidentId}`)
    await countyPage.getByTestId('incident-head').waitFor()
    // The attachment opens through the incident.
    const photo = countyPage.getByTestId('incident-head').locator('a', { hasText: '现场.png' })
    const href = (await photo.getAttribute('href'))!
    expect(href).toMatch(new RegExp(`^/api/v1/incidents/${incidentId}/attachments/`))
    expect((await county.context.request.get(`${server.baseUrl}${href}`)).status()).toBe(200)
    // 1 death, 35 万元: 一般 (IV), with the level's name beside its colour.
    const level = countyPage.getByTestId('incident-level').getByTestId('level-tag')
    expect(await level.getAttribute('data-level')).toBe('IV')
    expect(await level.textContent()).toContain('一般')
    // The draft is gone once saved.
    expect(await countyPage.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fenghuo.incidentDraft.')))).toEqual([])
  })

  it('the city sees the new incident in its list without a reload', async () => {
    await cityList.getByTestId(`incident-row-${incidentId}`).waitFor({ timeout: 15_000 })
    expect(await cityList.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true)
    const row = cityList.getByTestId('incident-table').locator('tr', { has: cityList.getByTestId(`incident-row-${incidentId}`) })
    expect(await row.textContent()).toContain('一般')
    expect(await row.textContent()).toContain('小店区')
    await cityList.screenshot({ path: screenshotPath('incidents-list') })
  })

  it('the county officer fills in the 首报 and submits it', async () => {
    await countyPage.getByTestId('tab-reports').click()
    const first = countyPage.getByTestId('incident-report-first-1')
    await first.waitFor()
    await countyPage.screenshot({ path: screenshotPath('incidents-detail') })
    await first.click()
    await countyPage.waitForURL((url) => url.pathname.startsWith('/duty/reports/'))
    reportId = countyPage.url().split('/').pop()!
    await reportStatus(countyPage, 'draft')
    // Prefilled by the server from the incident.
    expect(await field(countyPage, 'report-deaths').inputValue()).toBe('1')
    expect(await countyPage.getByTestId('report-form').locator('.el-date-editor input').inputValue()).toBe(occurredShown)

    await textarea(countyPage, 'report-measures').fill(MEASURES)
    const state = countyPage.getByTestId('report-save-state')
    const [patch] = await Promise.all([
      countyPage.waitForResponse((r) => r.url().endsWith(`/api/v1/reports/${reportId}`) && r.request().method() === 'PATCH'),
      state.and(countyPage.locator('[data-state="dirty"]')).waitFor(),
    ])
    expect(patch.status(), await patch.text()).toBe(200)
    expect((patch.request().postDataJSON() as { content: { measures: string } }).content.measures).toBe(MEASURES)
    await state.and(countyPage.locator('[data-state="saved"]')).waitFor()
    await countyPage.screenshot({ path: screenshotPath('reports-editor') })

    // Someone else saves the report (another tab) while the officer is typing: the officer's
    // text stays on screen, the page says what happened, and reloading merges both.
    await textarea(countyPage, 'report-other').fill('现场仍有积水，需排水车')
    const latest = (await (await county.context.request.get(`${server.baseUrl}/api/v1/reports/${reportId}`)).json()) as {
      version: number
      content: Record<string, unknown>
    }
    const other = await county.context.request.patch(`${server.baseUrl}/api/v1/reports/${reportId}`, {
      headers: { 'X-CSRF-Token': await csrfToken(county.context, server) },
      data: { content: { ...latest.content, summary: `${String(latest.content.summary)}（另一窗口补充）` }, version: latest.version },
    })
    expect(other.status(), await other.text()).toBe(200)
    await countyPage.getByTestId('report-conflict').waitFor()
    expect(await textarea(countyPage, 'report-other').inputValue()).toBe('现场仍有积水，需排水车')
    await countyPage.screenshot({ path: screenshotPath('reports-conflict') })
    await countyPage.getByTestId('report-reload').click()
    await countyPage.getByTestId('report-reloaded').filter({ hasText: '事件概况' }).waitFor()
    expect(await textarea(countyPage, 'report-other').inputValue()).toBe('现场仍有积水，需排水车')
    expect(await textarea(countyPage, 'report-summary').inputValue()).toContain('（另一窗口补充）')
    await state.and(countyPage.locator('[data-state="saved"]')).waitFor()
    const merged = (await (await county.context.request.get(`${server.baseUrl}/api/v1/reports/${reportId}`)).json()) as {
      content: Record<string, unknown>
    }
    expect(merged.content).toMatchObject({ other: '现场仍有积水，需排水车', measures: MEASURES })
    expect(String(merged.content.summary)).toContain('（另一窗口补充）')

    await countyPage.getByTestId('report-submit').click()
    await reportStatus(countyPage, 'pending')
    expect(await countyPage.getByTestId('report-submit').count()).toBe(0)
  })

  it('the county leader approves it and sends it up to the city bureau', async () => {
    await loginByApi(county.context, server, LEADER.phone)
    await countyPage.goto(`${server.baseUrl}/duty/reports?box=approval`)
    await countyPage.getByTestId(`report-row-${reportId}`).click()
    await countyPage.waitForURL((url) => url.pathname === `/duty/reports/${reportId}`)
    await reportStatus(countyPage, 'pending')
    // The leader sees the officer's text.
    expect(await textarea(countyPage, 'report-measures').inputValue()).toBe(MEASURES)

    await countyPage.getByTestId('report-approve').click()
    await countyPage.getByTestId('comment-dialog').waitFor()
    await textarea(countyPage, 'comment-text').fill('同意上报')
    await countyPage.getByTestId('comment-confirm').click()
    await reportStatus(countyPage, 'approved')
    await countyPage.getByTestId('report-comments').getByText('同意上报').waitFor()

    await countyPage.getByTestId('report-send').click()
    const dialog = countyPage.getByTestId('send-dialog')
    await dialog.waitFor()
    // The parent organisation lies outside the county's jurisdiction (its name cannot be
    // read there): the dialog says where it goes in general, the delivery below names it.
    expect(await countyPage.getByTestId('send-parent').textContent()).toContain('太原市应急管理局')
    const [sent] = await Promise.all([
      countyPage.waitForResponse((r) => r.url().endsWith(`/api/v1/reports/${reportId}/send`)),
      countyPage.getByTestId('send-confirm').click(),
    ])
    expect(sent.status(), await sent.text()).toBe(200)
    expect(sent.request().postDataJSON()).toMatchObject({ kind: 'up' })
    await reportStatus(countyPage, 'sent')
    const delivery = countyPage.getByTestId('report-deliveries').getByTestId('delivery').filter({ hasText: cityBureau.name })
    await delivery.waitFor()
    expect(await delivery.getAttribute('data-signed')).toBe('false')
  })

  it('the city inbox shows it without a reload, and the city officer signs for it', async () => {
    const sign = cityInbox.getByTestId(`sign-${reportId}`)
    await sign.waitFor({ timeout: 15_000 })
    expect(await cityInbox.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true)
    expect(await cityInbox.getByTestId(`report-incident-${reportId}`).textContent()).toContain('道路交通事故')
    await cityInbox.screenshot({ path: screenshotPath('reports-inbox') })
    await cityInbox.getByTestId('notifications').click()
    await cityInbox.getByTestId('notifications-panel').waitFor()
    // The arrival also waits in the bell (live: the badge came without a reload).
    await expect.poll(() => cityInbox.getByTestId('notifications-panel').locator('[data-testid^="notification-"]').count()).toBeGreaterThan(0)
    await cityInbox.waitForTimeout(500)
    await cityInbox.screenshot({ path: screenshotPath('notifications') })
    await cityInbox.keyboard.press('Escape')

    const [signed] = await Promise.all([cityInbox.waitForResponse((r) => r.url().endsWith(`/api/v1/reports/${reportId}/sign`)), sign.click()])
    expect(signed.status(), await signed.text()).toBe(200)
    await sign.waitFor({ state: 'detached' })

    // The county sees the signature on its report page (live as well).
    const delivery = countyPage.getByTestId('report-deliveries').locator('[data-testid="delivery"][data-signed="true"]', { hasText: cityBureau.name })
    await delivery.waitFor({ timeout: 15_000 })
    await countyPage.screenshot({ path: screenshotPath('reports-sent') })
  })

  it('the incident timeline lists every step', async () => {
    await countyPage.goto(`${server.baseUrl}/duty/incidents/${incidentId}`)
    await countyPage.getByTestId('tab-timeline').click()
    const timeline = countyPage.getByTestId('incident-timeline')
    await timeline.waitFor()
    const actions = await timeline.getByTestId('timeline-step').evaluateAll((els) => els.map((el) => el.getAttribute('data-action')))
    const order = ['incident.create', 'report.create', 'report.submit', 'report.approve', 'report.send', 'report.sign']
    for (const action of order) expect(actions, `timeline ${actions.join(', ')}`).toContain(action)
    const positions = order.map((a) => actions.indexOf(a))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    const text = (await timeline.textContent()) ?? ''
    for (const label of ['接报登记', '提交审核', '审核批准', '上报', '签收']) expect(text).toContain(label)
    expect(text).toContain(CITY_OFFICER.name)
    await countyPage.screenshot({ path: screenshotPath('incidents-timeline') })

    // The leader raises the level (a reason is required) and starts the response.
    await countyPage.getByTestId('incident-level-override').click()
    const levelDialog = countyPage.getByTestId('level-dialog')
    await levelDialog.waitFor()
    await countyPage.getByTestId('level-III').click()
    await countyPage.getByTestId('level-confirm').click()
    await levelDialog.getByText('请填写调整理由').waitFor()
    await textarea(countyPage, 'level-reason').fill('事发学校门口，社会影响大，提级处置')
    await countyPage.getByTestId('level-confirm').click()
    await levelDialog.waitFor({ state: 'hidden' })
    await countyPage.locator('[data-testid="incident-level"] [data-testid="level-tag"][data-level="III"]').waitFor()
    expect(await countyPage.getByTestId('incident-level-reason').textContent()).toContain('人工调整')
    await countyPage.getByTestId('incident-respond').click()
    const box = countyPage.locator('.el-message-box:visible')
    await box.locator('input').fill('交警、120 已到场')
    await box.locator('button', { hasText: '转为处置中' }).click()
    await countyPage.getByTestId('incident-head').locator('[data-testid="incident-status"][data-status="responding"]').waitFor()
    await countyPage.getByTestId('tab-levels').click()
    await countyPage.getByTestId('incident-levels').getByText('提级处置').waitFor()

    // An edit sends only what changed, with the version.
    await countyPage.getByTestId('incident-edit').click()
    const editDialog = countyPage.getByTestId('incident-edit-dialog')
    await editDialog.waitFor()
    expect(await editDialog.locator('[data-testid="input-address"]').inputValue()).toBe(ADDRESS)
    await editDialog.locator('[data-testid="input-injured"] input').fill('4')
    const [patched] = await Promise.all([
      countyPage.waitForResponse((r) => r.url().endsWith(`/api/v1/incidents/${incidentId}`) && r.request().method() === 'PATCH'),
      countyPage.getByTestId('incident-edit-save').click(),
    ])
    expect(patched.status(), await patched.text()).toBe(200)
    expect(patched.request().postDataJSON()).toEqual({ injured: 4, version: expect.any(Number) })
    await editDialog.waitFor({ state: 'hidden' })
    await countyPage.getByTestId('incident-head').locator('.el-descriptions').getByText('4', { exact: true }).waitFor()
    await countyPage.getByTestId('tab-timeline').click()
    await timeline.locator('[data-action="incident.level"]').waitFor()
    await timeline.locator('[data-action="incident.status"]').waitFor()

    // The same page in English.
    await countyPage.evaluate(() => localStorage.setItem('fenghuo.locale', 'en'))
    await countyPage.reload()
    await countyPage.getByTestId('incident-head').waitFor()
    expect(await countyPage.getByTestId('incident-level').textContent()).toContain('Level III')
    await countyPage.screenshot({ path: screenshotPath('incidents-detail-en') })
    await countyPage.evaluate(() => localStorage.removeItem('fenghuo.locale'))
  })

  it('a second call about the same accident is merged into the first, its intake kept', async () => {
    const duplicate = await county.context.request.post(`${server.baseUrl}/api/v1/incidents`, {
      headers: { 'X-CSRF-Token': await csrfToken(county.context, server) },
      data: {
        title: '龙城大街车祸（群众来电）',
        type: 'A08',
        occurred_at: new Date().toISOString(),
        region: '140105',
        reporter_name: '李女士',
        reporter_phone: '13512345678',
        description: '路口有车祸，有人受伤',
      },
    })
    expect(duplicate.status(), await duplicate.text()).toBe(201)
    const second = ((await duplicate.json()) as { id: string }).id
    await countyPage.goto(`${server.baseUrl}/duty/incidents/${second}`)
    await countyPage.getByTestId('incident-merge').click()
    const dialog = countyPage.getByTestId('merge-dialog')
    await dialog.waitFor()
    await dialog.getByTestId('merge-target').click()
    await countyPage.keyboard.type('平阳路')
    await countyPage.locator('.el-select-dropdown__item:visible', { hasText: ADDRESS }).first().click()
    const [merged] = await Promise.all([
      countyPage.waitForResponse((r) => r.url().endsWith(`/api/v1/incidents/${second}/merge`)),
      countyPage.getByTestId('merge-confirm').click(),
    ])
    expect(merged.status(), await merged.text()).toBe(200)
    expect(merged.request().postDataJSON()).toMatchObject({ into: incidentId })
    await countyPage.waitForURL((url) => url.pathname === `/duty/incidents/${incidentId}`)
    await countyPage.getByTestId('tab-intakes').click()
    await countyPage.getByTestId('incident-intakes').getByText('李女士').waitFor()
    await countyPage.screenshot({ path: screenshotPath('incidents-intakes') })
    // The merged one says where it went.
    await countyPage.goto(`${server.baseUrl}/duty/incidents/${second}`)
    await countyPage.getByTestId('merged-banner').waitFor()
  })

  it('ran without script errors in either browser', () => {
    // 401: the session probe before signing in.
    const unexpected = (problems: string[]) => problems.filter((p) => !/Failed to load resource: the server responded with a status of 401/.test(p))
    expect(unexpected(county.problems)).toEqual([])
    expect(unexpected(city.problems)).toEqual([])
  })
})
