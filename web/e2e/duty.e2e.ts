/**
 * 值班值守 against the real server: a county duty leader (小店区应急管理局) fills the shift
 * under way and sees it on the home page, writes the duty log, and sends an e-fax to the
 * 太原 city bureau, where a city duty officer sees it arrive without a reload and signs for
 * it; the sender sees the signature. A county officer hands over to the leader, who accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { csrfToken, field, loginByApi } from './support/auth'
import { launchBrowser, screenshotPath, type BrowserSession } from './support/browser'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let admin: BrowserSession
let county: BrowserSession
let city: BrowserSession
let countyPage: Page
let cityPage: Page

const LEADER = { name: '县带班领导', phone: '13900000201' }
const OFFICER = { name: '县值班员', phone: '13900000202' }
const CITY_OFFICER = { name: '市值班员', phone: '13900000203' }
const FAX_TITLE = '关于做好寒潮天气防范应对工作的紧急通知'
const LOG_TEXT = '小店区消防救援大队来电：龙城大街一处商铺冒烟，已派车前往'

interface Org {
  id: string
  name: string
}
let countyOrg: Org
let cityOrg: Org
let leaderId = ''

/** The shift under way in Asia/Shanghai for the default day (08–20) and night (20–08) shifts. */
function currentShift(): { date: string; code: 'day' | 'night' } {
  const shanghai = new Date(Date.now() + 8 * 3600_000)
  const hour = shanghai.getUTCHours()
  const day = (d: Date) => d.toISOString().slice(0, 10)
  if (hour >= 8 && hour < 20) return { date: day(shanghai), code: 'day' }
  return { date: hour < 8 ? day(new Date(shanghai.getTime() - 86_400_000)) : day(shanghai), code: 'night' }
}

/** A one-page PDF (enough for the server's content check and a browser's viewer). */
function smallPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 760 Td (Fenghuo fax) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

/** Picks an option of an Element Plus select, once any other select's list has closed. */
async function chooseOption(page: Page, select: Locator, text: string) {
  await expect.poll(() => page.locator('.el-select-dropdown:visible').count()).toBe(0)
  await select.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

beforeAll(async () => {
  server = await startServer()
  admin = await launchBrowser()
  await loginByApi(admin.context, server)
  const token = await csrfToken(admin.context, server)
  const orgs = (await (await admin.context.request.get(`${server.baseUrl}/api/v1/organisations?region=140100&limit=100`)).json()) as { items: Org[] }
  countyOrg = orgs.items.find((o) => o.name === '小店区应急管理局')!
  cityOrg = orgs.items.find((o) => o.name === '太原市应急管理局')!
  expect(countyOrg && cityOrg).toBeTruthy()
  const create = async (person: { name: string; phone: string }, org: Org, role: string) => {
    const r = await admin.context.request.post(`${server.baseUrl}/api/v1/users`, {
      data: { name: person.name, phone: person.phone, org_id: org.id, roles: [role] },
      headers: { 'X-CSRF-Token': token },
    })
    expect(r.status(), await r.text()).toBe(201)
    return ((await r.json()) as { id: string }).id
  }
  leaderId = await create(LEADER, countyOrg, 'duty_leader')
  await create(OFFICER, countyOrg, 'duty_officer')
  await create(CITY_OFFICER, cityOrg, 'duty_officer')

  county = await launchBrowser()
  await loginByApi(county.context, server, LEADER.phone)
  countyPage = await county.newPage()
  city = await launchBrowser()
  await loginByApi(city.context, server, CITY_OFFICER.phone)
  cityPage = await city.newPage()
})

afterAll(async () => {
  await county?.close()
  await city?.close()
  await admin?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

describe('值班值守', () => {
  it('opens the duty module on 信息接报 with the six pages as tabs', async () => {
    await countyPage.goto(`${server.baseUrl}/duty`)
    await countyPage.waitForURL(`${server.baseUrl}/duty/incidents`)
    const labels = (await countyPage.getByTestId('duty-nav').locator('.el-menu-item').allTextContents()).map((s) => s.trim())
    expect(labels).toEqual(['信息接报', '信息报送', '排班', '值班日志', '交接班', '电子传真'])
  })

  it('fills the shift under way on the roster and shows who is on duty, also on the home page', async () => {
    const { date, code } = currentShift()
    await countyPage.getByTestId('duty-nav-roster').click()
    await countyPage.waitForURL(`${server.baseUrl}/duty/roster`)
    await countyPage.getByTestId('roster-calendar').waitFor()
    expect(await countyPage.getByTestId('roster-now').textContent()).toContain('没有排班')
    expect(await countyPage.getByTestId('roster-plan').textContent()).toContain('白班 08:00–20:00')
    // Early on the 1st the night shift under way began last month.
    const slot = countyPage.getByTestId(`shift-${date}-${code}`)
    if ((await slot.count()) === 0) {
      await countyPage.getByTestId('roster-prev').click()
      await slot.waitFor()
    }
    await slot.click()
    const dialog = countyPage.getByTestId('shift-dialog')
    await dialog.waitFor()
    // Saving an empty shift names what is missing.
    await countyPage.getByTestId('shift-save').click()
    await dialog.getByText('请至少选择带班领导或一名值班员').first().waitFor()
    await chooseOption(countyPage, dialog.getByTestId('shift-leader'), LEADER.name)
    await chooseOption(countyPage, dialog.getByTestId('shift-officers'), OFFICER.name)
    await countyPage.keyboard.press('Escape')
    await countyPage.screenshot({ path: screenshotPath('duty-roster-dialog') })
    const [response] = await Promise.all([
      countyPage.waitForResponse((r) => r.url().endsWith('/api/v1/duty/shifts') && r.request().method() === 'PUT'),
      countyPage.getByTestId('shift-save').click(),
    ])
    expect(response.status()).toBe(200)
    expect(response.request().postDataJSON()).toMatchObject({ org_id: countyOrg.id, date, shift: code, leader_id: leaderId })
    await dialog.waitFor({ state: 'hidden' })
    await slot.filter({ hasText: LEADER.name }).waitFor()
    expect(await slot.textContent()).toContain(OFFICER.name)
    await countyPage.getByTestId('roster-now-leader').filter({ hasText: LEADER.name }).waitFor()
    expect(await countyPage.getByTestId('roster-now-officers').textContent()).toContain(OFFICER.name)
    // The top bar follows live.
    await countyPage.getByTestId('duty-indicator').filter({ hasText: LEADER.name }).waitFor()
    expect(await countyPage.getByTestId('duty-indicator').getAttribute('data-on-duty')).toBe('yes')
    await countyPage.screenshot({ path: screenshotPath('duty-roster'), fullPage: true })

    await countyPage.getByTestId('nav-home').click()
    await countyPage.waitForURL(`${server.baseUrl}/`)
    const onDuty = countyPage.getByTestId(`home-on-duty-${countyOrg.id}`)
    await onDuty.waitFor()
    expect(await onDuty.textContent()).toContain('小店区应急管理局')
    expect(await onDuty.textContent()).toContain(LEADER.name)
    expect(await onDuty.textContent()).toContain(OFFICER.name)
    await countyPage.getByTestId('home-warnings').getByText('预警信息', { exact: true }).waitFor()
    await countyPage.getByTestId('home-map').locator('.leaflet-container').waitFor()
    await countyPage.waitForTimeout(500)
    await countyPage.screenshot({ path: screenshotPath('duty-home') })
  })

  it('writes a duty log entry with Enter, refusing an empty one', async () => {
    await countyPage.goto(`${server.baseUrl}/duty/log`)
    await countyPage.getByTestId('log-table').waitFor()
    await field(countyPage, 'log-text').press('Enter')
    await countyPage.getByTestId('log-error').filter({ hasText: '请填写内容' }).waitFor()
    await countyPage.getByTestId('log-kind-action').click()
    await field(countyPage, 'log-text').fill(LOG_TEXT)
    await countyPage.getByTestId('log-error').waitFor({ state: 'detached' })
    const [response] = await Promise.all([
      countyPage.waitForResponse((r) => r.url().endsWith('/api/v1/duty/log') && r.request().method() === 'POST'),
      field(countyPage, 'log-text').press('Enter'),
    ])
    expect(response.status()).toBe(201)
    expect(response.request().postDataJSON()).toEqual({ kind: 'action', text: LOG_TEXT })
    const row = countyPage.getByTestId('log-table').locator('tr', { hasText: LOG_TEXT })
    await row.waitFor()
    expect(await row.textContent()).toContain('处置')
    expect(await row.textContent()).toContain(LEADER.name)
    expect(await row.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    expect(await field(countyPage, 'log-text').inputValue()).toBe('')
    await countyPage.screenshot({ path: screenshotPath('duty-log') })
  })

  it('sends a fax to the city bureau, which sees it arrive live and signs for it; the sender sees the signature', async () => {
    // The city officer watches the received box, and the home page in another tab.
    await cityPage.goto(`${server.baseUrl}/duty/fax`)
    await cityPage.getByTestId('fax-table').waitFor()
    expect(await cityPage.getByTestId('fax-table').textContent()).toContain('收件箱里没有传真')
    const cityHome = await city.newPage()
    await cityHome.goto(`${server.baseUrl}/`)
    await cityHome
      .getByTestId('home-unsigned-faxes-count')
      .filter({ hasText: /^\s*0\s*$/ })
      .waitFor()

    await countyPage.goto(`${server.baseUrl}/duty/fax?box=sent`)
    await countyPage.getByTestId('fax-table').waitFor()
    await countyPage.getByTestId('fax-new').click()
    const dialog = countyPage.getByTestId('fax-send-dialog')
    await dialog.waitFor()
    await countyPage.getByTestId('fax-send').click()
    await dialog.getByText('请填写标题').waitFor()
    await dialog.getByText('请选择传真文件').waitFor()
    await field(countyPage, 'fax-title').fill(FAX_TITLE)
    await countyPage.getByTestId('fax-urgency-extra_urgent').click()
    // A county bureau cannot search organisations above it: its parent is one click away.
    await countyPage.getByTestId('fax-to-parent').click()
    await countyPage.setInputFiles('[data-testid="fax-file"]', { name: '寒潮防范通知.pdf', mimeType: 'application/pdf', buffer: smallPdf() })
    await countyPage.getByTestId('fax-file-name').filter({ hasText: '寒潮防范通知.pdf' }).waitFor()
    await countyPage.screenshot({ path: screenshotPath('duty-fax-send') })
    const [upload, sent] = await Promise.all([
      countyPage.waitForResponse((r) => r.url().includes('/api/v1/files?name=') && r.request().method() === 'POST'),
      countyPage.waitForResponse((r) => r.url().endsWith('/api/v1/faxes') && r.request().method() === 'POST'),
      countyPage.getByTestId('fax-send').click(),
    ])
    expect(upload.status()).toBe(201)
    expect(sent.status()).toBe(201)
    const fax = (await sent.json()) as { id: string }
    expect(sent.request().postDataJSON()).toMatchObject({ title: FAX_TITLE, urgency: 'extra_urgent', to: [cityOrg.id] })
    await dialog.waitFor({ state: 'hidden' })
    await countyPage.getByTestId(`fax-signed-${fax.id}`).filter({ hasText: '已签收 0/1' }).waitFor()

    // It arrives in the city's received box without a reload, unsigned and highlighted.
    const state = cityPage.getByTestId(`fax-state-${fax.id}`)
    await state.waitFor({ timeout: 15_000 })
    expect(await state.getAttribute('data-state')).toBe('unread')
    expect(await cityPage.locator('tr.is-unsigned', { hasText: FAX_TITLE }).count()).toBe(1)
    await cityPage.getByTestId('fax-unsigned-badge').filter({ hasText: '1' }).waitFor()
    await cityPage.screenshot({ path: screenshotPath('duty-fax-received') })
    // The home page counts it without a reload.
    await cityHome
      .getByTestId('home-unsigned-faxes-count')
      .filter({ hasText: /^\s*1\s*$/ })
      .waitFor({ timeout: 15_000 })

    // Open it (read), see the document, sign for it.
    await cityPage.getByTestId(`fax-row-${fax.id}`).click()
    await cityPage.waitForURL(`${server.baseUrl}/duty/fax/${fax.id}`)
    await cityPage.getByTestId('fax-detail-title').filter({ hasText: FAX_TITLE }).waitFor()
    expect(await cityPage.getByTestId('fax-document').textContent()).toContain('寒潮防范通知.pdf')
    expect(await cityPage.getByTestId('fax-download').getAttribute('href')).toMatch(/^\/api\/v1\/faxes\/\d+\/document$/)
    // The PDF shows in the page, served for a same-origin frame.
    expect(await cityPage.getByTestId('fax-pdf').getAttribute('src')).toBe(`/api/v1/faxes/${fax.id}/document?inline=true`)
    await cityPage.getByTestId(`fax-recipient-${cityOrg.id}`).and(cityPage.locator('[data-state="read"]')).waitFor()
    const [signed] = await Promise.all([
      cityPage.waitForResponse((r) => r.url().endsWith(`/api/v1/faxes/${fax.id}/sign`)),
      cityPage.getByTestId('fax-detail-sign').click(),
    ])
    expect(signed.status()).toBe(200)
    await cityPage.getByTestId('fax-detail-signed').filter({ hasText: CITY_OFFICER.name }).waitFor()
    await cityPage.screenshot({ path: screenshotPath('duty-fax-detail'), fullPage: true })
    await cityHome
      .getByTestId('home-unsigned-faxes-count')
      .filter({ hasText: /^\s*0\s*$/ })
      .waitFor({ timeout: 15_000 })
    await cityHome.close()

    // The sender's sent box shows the signature without a reload, and the detail names who signed.
    await countyPage.getByTestId(`fax-signed-${fax.id}`).filter({ hasText: '已签收 1/1' }).waitFor({ timeout: 15_000 })
    await countyPage.getByTestId(`fax-row-${fax.id}`).click()
    const who = countyPage.getByTestId(`fax-recipient-signed-${cityOrg.id}`)
    await who.waitFor()
    expect(await who.textContent()).toContain(CITY_OFFICER.name)
    expect(await who.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    await countyPage.screenshot({ path: screenshotPath('duty-fax-sender'), fullPage: true })
  })

  it('hands over from the county officer to the leader, who accepts', async () => {
    const officer = await launchBrowser()
    try {
      await loginByApi(officer.context, server, OFFICER.phone)
      const page = await officer.newPage()
      await page.goto(`${server.baseUrl}/duty/handover`)
      await page.getByTestId('handover-preview').waitFor()
      await chooseOption(page, page.getByTestId('handover-to'), LEADER.name)
      await page.locator('textarea[data-testid="handover-notes"], [data-testid="handover-notes"] textarea').fill('继续跟进龙城大街商铺冒烟处置情况')
      await page.getByTestId('handover-submit').click()
      const box = page.locator('.el-message-box:visible')
      await box.waitFor()
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/duty/handovers') && r.request().method() === 'POST'),
        box.locator('button', { hasText: '交班并签名' }).click(),
      ])
      expect(created.status()).toBe(201)
      const handover = (await created.json()) as { id: string }
      await page.getByTestId('handover-history').locator('tbody').getByText('待接班').waitFor()
      await page.screenshot({ path: screenshotPath('duty-handover'), fullPage: true })

      await countyPage.goto(`${server.baseUrl}/duty/handover`)
      await countyPage.getByTestId(`handover-waiting-${handover.id}`).waitFor()
      await countyPage.getByTestId(`handover-accept-${handover.id}`).click()
      await countyPage.getByTestId(`handover-accepted-${handover.id}`).waitFor()
      await countyPage.getByTestId(`handover-waiting-${handover.id}`).waitFor({ state: 'detached' })
      // The outgoing officer's history follows live.
      await page.getByTestId(`handover-accepted-${handover.id}`).waitFor({ timeout: 15_000 })
      expect(officer.problems.filter((p) => !/status of (401|404)/.test(p))).toEqual([])
    } finally {
      await officer.close()
    }
  })

  it('ran without console errors or CSP violations', () => {
    for (const session of [county, city]) {
      expect(session.problems.filter((p) => !/status of (401|404)/.test(p))).toEqual([])
    }
  })
})
