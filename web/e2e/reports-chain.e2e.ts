/**
 * The county → leader → city chain of a 首报, in three browsers set to New York time: the
 * county duty officer writes and submits the 首报; the county duty leader, on the home page,
 * is told by notice (the bell's count rises) and sees 待我审核 count up without a reload;
 * the leader corrects a typo (recorded), approves and sends it up in one step; the city
 * duty officer signs for it. Every time shown is Beijing time. The print view has no app
 * chrome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { csrfToken, loginByApi } from './support/auth'
import { launchBrowser, screenshotPath, type BrowserSession } from './support/browser'
import { beijingMinute, bureau, createUser, reportStatus, textarea, type Org } from './support/duty'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let officer: BrowserSession
let leader: BrowserSession
let city: BrowserSession
let officerPage: Page
let leaderHome: Page
let cityInbox: Page

const OFFICER = { name: '链县值班员', phone: '13900000311', role: 'duty_officer' }
const LEADER = { name: '链县带班领导', phone: '13900000312', role: 'duty_leader' }
const CITY_OFFICER = { name: '链市值班员', phone: '13900000313', role: 'duty_officer' }
const MEASURES = '消防救援大队已到场处置，现场已设置警戒。'
const SUMMARY_FIXED = '小店区某物流园区仓库起火，明火已扑灭，1 人死亡。'

interface ReportJson {
  id: string
  version: number
  status: string
  due_at: string | null
  content: { summary: string; occurred_at: string }
  deliveries: { org_name: string; sent_at: string }[]
}

let reportId = ''
let occurredMs = 0
let cityBureau: Org

async function reportJson(session: BrowserSession): Promise<ReportJson> {
  return (await (await session.context.request.get(`${server.baseUrl}/api/v1/reports/${reportId}`)).json()) as ReportJson
}

/** Marks a page; the mark is gone if the page reloads. */
async function mark(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __kept: boolean }).__kept = true))
}
async function kept(page: Page): Promise<boolean | undefined> {
  return page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)
}

beforeAll(async () => {
  server = await startServer()
  officer = await launchBrowser()
  leader = await launchBrowser()
  city = await launchBrowser()

  await loginByApi(officer.context, server)
  const countyBureau = await bureau(officer, server, '140105')
  cityBureau = await bureau(officer, server, '140100')
  await createUser(officer, server, OFFICER, countyBureau.id)
  await createUser(officer, server, LEADER, countyBureau.id)
  await createUser(officer, server, CITY_OFFICER, cityBureau.id)
  await officer.context.clearCookies()

  await loginByApi(officer.context, server, OFFICER.phone)
  await loginByApi(leader.context, server, LEADER.phone)
  await loginByApi(city.context, server, CITY_OFFICER.phone)

  // The officer took the call: the incident, with its 首报 drafted.
  occurredMs = Date.now() - 25 * 60_000
  const occurred = new Date(occurredMs).toISOString()
  const created = await officer.context.request.post(`${server.baseUrl}/api/v1/incidents`, {
    headers: { 'X-CSRF-Token': await csrfToken(officer.context, server) },
    data: {
      title: '小店区某物流园区仓库火灾',
      type: 'A07',
      occurred_at: occurred,
      region: '140105',
      address: '北格镇某物流园区',
      deaths: 1,
      description: '小店区某物流园区仓库起火，明火已扑灭，1 人死忙。',
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  const incidentId = ((await created.json()) as { id: string }).id
  const reports = (await (await officer.context.request.get(`${server.baseUrl}/api/v1/incidents/${incidentId}/reports`)).json()) as {
    items: (ReportJson & { kind: string })[]
  }
  reportId = reports.items.find((r) => r.kind === 'first')!.id

  // The leader has the home page open, the city officer the inbox.
  leaderHome = await leader.newPage()
  await leaderHome.goto(`${server.baseUrl}/`)
  await leaderHome.getByTestId('home-todo-approve-count').waitFor()
  await mark(leaderHome)
  cityInbox = await city.newPage()
  await cityInbox.goto(`${server.baseUrl}/duty/reports?box=inbox`)
  await cityInbox.getByTestId('report-table').waitFor()
  await mark(cityInbox)
  officerPage = await officer.newPage()
}, 120_000)

afterAll(async () => {
  await officer?.close()
  await leader?.close()
  await city?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

describe('the chain of a 首报 from the county to the city', () => {
  it('the county officer writes the 首报 in Beijing time and submits it', async () => {
    expect(await leaderHome.getByTestId('home-todo-approve-count').textContent()).toBe('0')
    expect(await leaderHome.getByTestId('notifications-badge').locator('sup:visible').count()).toBe(0)

    await officerPage.goto(`${server.baseUrl}/duty/reports/${reportId}`)
    await reportStatus(officerPage, 'draft')
    const draft = await reportJson(officer)
    // The browser is in New York; the form shows the Beijing clock the server wrote.
    const occurredField = await officerPage.getByTestId('report-form').locator('.el-date-editor input').inputValue()
    expect(occurredField).toBe(draft.content.occurred_at)
    expect(occurredField).toBe(beijingMinute(occurredMs))

    await textarea(officerPage, 'report-measures').fill(MEASURES)
    await officerPage.getByTestId('report-save-state').and(officerPage.locator('[data-state="saved"]')).waitFor()
    const [submitted] = await Promise.all([
      officerPage.waitForResponse((r) => r.url().endsWith(`/api/v1/reports/${reportId}/submit`)),
      officerPage.getByTestId('report-submit').click(),
    ])
    expect(submitted.status(), await submitted.text()).toBe(200)
    await reportStatus(officerPage, 'pending')
    // 撤回 is offered until the leader decides.
    await officerPage.getByTestId('report-withdraw').waitFor()
  })

  it('the leader is told by notice and the home page’s 待我审核 counts it, without a reload', async () => {
    await expect.poll(() => leaderHome.getByTestId('home-todo-approve-count').textContent(), { timeout: 15_000 }).toBe('1')
    await leaderHome.getByTestId('notifications-badge').locator('sup:visible').waitFor({ timeout: 15_000 })
    expect(await leaderHome.getByTestId('notifications-badge').locator('sup').textContent()).toContain('1')
    expect(await kept(leaderHome)).toBe(true)
    await leaderHome.screenshot({ path: screenshotPath('reports-chain-home') })

    await leaderHome.getByTestId('notifications').click()
    const panel = leaderHome.getByTestId('notifications-panel')
    await panel.waitFor()
    const notice = panel.locator('[data-testid^="notification-"]').filter({ hasText: '待审核' }).first()
    await notice.waitFor()
    // The notice says when the report is due, on the Beijing clock.
    const due = Date.parse((await reportJson(leader)).due_at!)
    expect(await notice.textContent()).toContain(`${beijingMinute(due)} 前报送`)
    await notice.click()
    await leaderHome.waitForURL((url) => url.pathname === `/duty/reports/${reportId}`)
    await reportStatus(leaderHome, 'pending')
  })

  it('the leader corrects a typo, the change is recorded on the page', async () => {
    await leaderHome.getByTestId('report-correct').click()
    const dialog = leaderHome.getByTestId('correct-dialog')
    await dialog.waitFor()
    await textarea(leaderHome, 'correct-summary').fill(SUMMARY_FIXED)
    const [corrected] = await Promise.all([
      leaderHome.waitForResponse((r) => r.url().endsWith(`/api/v1/reports/${reportId}/correct`)),
      leaderHome.getByTestId('correct-confirm').click(),
    ])
    expect(corrected.status(), await corrected.text()).toBe(200)
    expect(corrected.request().postDataJSON()).toMatchObject({ content: { summary: SUMMARY_FIXED } })
    const history = leaderHome.getByTestId('report-corrections')
    await history.waitFor()
    const text = (await history.textContent()) ?? ''
    expect(text).toContain(LEADER.name)
    expect(text).toContain('死忙')
    expect(text).toContain(SUMMARY_FIXED)
    const at = (
      (await (await leader.context.request.get(`${server.baseUrl}/api/v1/reports/${reportId}`)).json()) as { corrections: { at: string }[] }
    ).corrections[0]!.at
    expect(text).toContain(beijingMinute(Date.parse(at)))
    await reportStatus(leaderHome, 'pending')
  })

  it('the leader approves and sends it up in one dialog and one request', async () => {
    await leaderHome.getByTestId('report-approve-send').click()
    const dialog = leaderHome.getByTestId('send-dialog')
    await dialog.waitFor()
    expect(await leaderHome.getByTestId('send-parent').textContent()).toContain(cityBureau.name)
    expect(await leaderHome.getByTestId('send-skip').count()).toBe(0) // 一般: no 越级上报
    await textarea(leaderHome, 'send-comment').fill('同意上报')
    await leaderHome.screenshot({ path: screenshotPath('reports-chain-approve-send') })
    const [sent] = await Promise.all([
      leaderHome.waitForResponse((r) => r.url().includes(`/api/v1/reports/${reportId}/`) && r.request().method() === 'POST'),
      leaderHome.getByTestId('send-confirm').click(),
    ])
    expect(new URL(sent.url()).pathname).toBe(`/api/v1/reports/${reportId}/approve-and-send`)
    expect(sent.status(), await sent.text()).toBe(200)
    await reportStatus(leaderHome, 'sent')
    await leaderHome.getByTestId('report-comments').getByText('同意上报').waitFor()
    const delivery = leaderHome.getByTestId('report-deliveries').getByTestId('delivery').filter({ hasText: cityBureau.name })
    await delivery.waitFor()
    const sentAt = Date.parse((await reportJson(leader)).deliveries[0]!.sent_at)
    expect(await delivery.textContent()).toContain(beijingMinute(sentAt))

    // Nothing waits for the leader any more.
    await leaderHome.goto(`${server.baseUrl}/`)
    await expect.poll(() => leaderHome.getByTestId('home-todo-approve-count').textContent()).toBe('0')
  })

  it('the city officer sees it arrive without a reload and signs for it', async () => {
    const sign = cityInbox.getByTestId(`sign-${reportId}`)
    await sign.waitFor({ timeout: 15_000 })
    expect(await kept(cityInbox)).toBe(true)
    const [signed] = await Promise.all([cityInbox.waitForResponse((r) => r.url().endsWith(`/api/v1/reports/${reportId}/sign`)), sign.click()])
    expect(signed.status(), await signed.text()).toBe(200)
    await sign.waitFor({ state: 'detached' })
    await cityInbox.goto(`${server.baseUrl}/duty/reports/${reportId}`)
    const note = cityInbox.getByTestId('my-delivery')
    await note.waitFor()
    expect(await note.textContent()).toContain(beijingMinute(Date.now()).slice(0, 13))
    // Passing it on is a relay: the dialog does not speak of drafting a 续报.
    await cityInbox.getByTestId('report-send').click()
    await cityInbox.getByTestId('send-dialog').waitFor()
    const hint = (await cityInbox.getByTestId('send-hint').textContent()) ?? ''
    expect(hint).not.toContain('续报草稿')
    expect(hint).toContain('不会生成本单位的新报告')
    await cityInbox.screenshot({ path: screenshotPath('reports-chain-relay') })
    await cityInbox.keyboard.press('Escape')
  })

  it('prints without the app around it', async () => {
    const print = await city.newPage()
    await print.goto(`${server.baseUrl}/print/reports/${reportId}`)
    const sheet = print.getByTestId('report-sheet')
    await sheet.waitFor()
    expect(await print.getByTestId('notifications').count()).toBe(0)
    expect(await sheet.textContent()).toContain(SUMMARY_FIXED)
    expect(await print.getByTestId('print-title').textContent()).toContain('小店区某物流园区仓库火灾')
    await print.emulateMedia({ media: 'print' })
    expect(await print.getByTestId('print-now').isVisible()).toBe(false)
    await print.screenshot({ path: screenshotPath('reports-chain-print'), fullPage: true })
    await print.close()
  })

  it('left no errors in any browser', () => {
    expect([...officer.problems, ...leader.problems, ...city.problems].filter((p) => !p.includes('favicon'))).toEqual([])
  })
})
