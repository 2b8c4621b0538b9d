/**
 * 系统管理 against the real server: the administrator created by the test setup logs in
 * through the page, then manages organisations, users, tokens and reads the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { csrfToken, field, loginByApi, loginThroughPage } from './support/auth'
import { launchBrowser, screenshotPath, type BrowserSession } from './support/browser'
import { ADMIN, startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: BrowserSession
let page: Page

// Names unique to this run, so a failure is easy to find in the screenshots.
const ORG_NAME = '太原市应急物资储备中心'
const USER = { name: '测试值班员', phone: '13900000011' }
const TOKEN_NAME = '气象局预警接入网关'

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  page = await browser.newPage()
  await page.goto(`${server.baseUrl}/admin`)
  await page.waitForURL((url) => url.pathname === '/login')
  await loginThroughPage(page, server)
})

afterAll(async () => {
  await browser?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

async function chooseOption(select: Locator, text: string | RegExp) {
  await select.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/** Confirms the open ElMessageBox with the button labelled `label`. */
async function confirmBox(label: string): Promise<string> {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  const text = (await box.textContent()) ?? ''
  await box.locator('button', { hasText: label }).click()
  await box.waitFor({ state: 'hidden' })
  return text
}

async function apiJson<T>(path: string): Promise<T> {
  const response = await page.request.get(`${server.baseUrl}${path}`)
  expect(response.status(), path).toBe(200)
  return (await response.json()) as T
}

describe('系统管理', () => {
  it('opens after login on the first sub-page, with every section for a system administrator', async () => {
    await page.waitForURL(`${server.baseUrl}/admin/organisations`)
    const nav = page.getByTestId('admin-nav')
    await nav.waitFor()
    const labels = (await nav.locator('.el-menu-item').allTextContents()).map((s) => s.trim())
    expect(labels).toEqual(['组织机构', '用户管理', '角色权限', '管理员名录', '接口令牌', '审计日志', '数据导入', '我的会话'])
    expect(await page.getByTestId('nav-admin').getAttribute('class')).toContain('is-active')
    expect(await page.getByTestId('breadcrumb').textContent()).toContain('系统管理')
    expect(await page.title()).toBe('组织机构 - 烽火应急指挥救援信息系统')
  })

  it('shows the organisation tree by region with the bureaus the server created', async () => {
    const tree = page.getByTestId('org-tree')
    await tree.getByTestId('tree-r:140000').waitFor()
    await tree.getByText('山西省应急管理厅').waitFor()
    await tree.getByTestId('tree-r:140100').waitFor()
    await page.getByTestId('org-table').locator('tbody tr').first().waitFor()
    await page.screenshot({ path: screenshotPath('admin-organisations') })
  })

  it('creates an organisation under a city and shows it in the tree and the table', async () => {
    // Choose 太原市 in the tree: the table narrows to it and a new organisation starts there.
    await Promise.all([
      page.waitForResponse((r) => /\/api\/v1\/organisations\?.*region=140100/.test(r.url())),
      page.getByTestId('tree-r:140100').click(),
    ])
    const table = page.getByTestId('org-table')
    await table.getByText('小店区应急管理局').first().waitFor()
    expect(await table.textContent()).not.toContain('大同')
    await page.getByTestId('org-create').click()
    const dialog = page.getByTestId('org-dialog')
    await dialog.waitFor()
    expect(await dialog.locator('.el-select__selected-item', { hasText: '太原市' }).count()).toBeGreaterThan(0)

    // Saving empty names the missing fields.
    await page.getByTestId('org-save').click()
    await dialog.getByText('请选择机构类型').waitFor()
    await dialog.getByText('请填写名称').waitFor()

    await chooseOption(dialog.getByTestId('org-type'), '安委会成员单位')
    await field(page, 'org-name').fill(ORG_NAME)
    await field(page, 'org-duty-phone').fill('0351-4040999')
    await field(page, 'org-contact-phone').fill('电话')
    await dialog.getByText('联系电话格式不正确').waitFor()
    await page.screenshot({ path: screenshotPath('admin-org-dialog') })
    await field(page, 'org-contact-phone').fill('0351-4040123')

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/organisations') && r.request().method() === 'POST'),
      page.getByTestId('org-save').click(),
    ])
    expect(response.status()).toBe(201)
    const created = (await response.json()) as { id: string; region: string; name: string }
    expect(response.request().postDataJSON()).toMatchObject({ region: '140100', type: 'member_unit', name: ORG_NAME })
    expect(created.region).toBe('140100')
    await dialog.waitFor({ state: 'hidden' })

    const node = page.getByTestId(`tree-o:${created.id}`)
    await node.waitFor()
    expect((await node.textContent())?.trim()).toBe(ORG_NAME)
    await page.getByTestId('org-table').getByText(ORG_NAME).waitFor()
    await node.scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('admin-org-created') })
  })

  it('tells the user when someone else changed the organisation, and keeps their input', async () => {
    const orgs = await apiJson<{ items: { id: string; name: string; version: number }[] }>(
      `/api/v1/organisations?region=140100&q=${encodeURIComponent(ORG_NAME)}`,
    )
    const org = orgs.items.find((o) => o.name === ORG_NAME)!
    await page.getByTestId(`org-edit-${org.id}`).click()
    const dialog = page.getByTestId('org-dialog')
    await dialog.waitFor()
    await field(page, 'org-name').fill(`${ORG_NAME}（东区）`)

    // Meanwhile someone else changes the duty phone.
    const other = await page.request.patch(`${server.baseUrl}/api/v1/organisations/${org.id}`, {
      data: { duty_phone: '0351-7777777', version: org.version },
      headers: { 'X-CSRF-Token': await csrfToken(browser.context, server) },
    })
    expect(other.status()).toBe(200)

    await page.getByTestId('org-save').click()
    await page.getByTestId('form-conflict').waitFor()
    expect(await field(page, 'org-name').inputValue()).toBe(`${ORG_NAME}（东区）`)
    await page.screenshot({ path: screenshotPath('admin-org-conflict') })

    await page.getByTestId('form-reload').click()
    await page.getByTestId('form-reloaded').waitFor()
    expect(await page.getByTestId('form-reloaded').textContent()).toContain('值班电话')
    expect(await field(page, 'org-name').inputValue()).toBe(`${ORG_NAME}（东区）`)
    expect(await field(page, 'org-duty-phone').inputValue()).toBe('0351-7777777')

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/organisations/${org.id}`) && r.request().method() === 'PATCH'),
      page.getByTestId('org-save').click(),
    ])
    expect(response.status()).toBe(200)
    expect(response.request().postDataJSON()).toEqual({ name: `${ORG_NAME}（东区）`, version: org.version + 1 })
    await dialog.waitFor({ state: 'hidden' })
    // Put the name back for the tests below.
    const back = await page.request.patch(`${server.baseUrl}/api/v1/organisations/${org.id}`, {
      data: { name: ORG_NAME, version: org.version + 2 },
      headers: { 'X-CSRF-Token': await csrfToken(browser.context, server) },
    })
    expect(back.status()).toBe(200)
  })

  it('creates a user with a role, refusing a bad phone as it is typed', async () => {
    await page.getByTestId('admin-nav-users').click()
    await page.waitForURL(`${server.baseUrl}/admin/users`)
    await page.getByTestId('user-table').getByText(ADMIN.name).waitFor()
    await page.getByTestId('user-create').click()
    const dialog = page.getByTestId('user-dialog')
    await dialog.waitFor()
    await field(page, 'user-name').fill(USER.name)
    await field(page, 'user-phone').pressSequentially('1290000')
    await dialog.getByText('手机号格式不正确').waitFor()
    await field(page, 'user-phone').fill(USER.phone)
    await dialog.getByText('手机号格式不正确').waitFor({ state: 'detached' })

    // The organisation: type part of its name.
    await dialog.getByTestId('user-org').click()
    await page.keyboard.type('储备中心')
    await page.locator('.el-select-dropdown__item:visible', { hasText: ORG_NAME }).click()
    await dialog.getByTestId('role-duty_officer').click()
    await page.screenshot({ path: screenshotPath('admin-user-dialog') })

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST'),
      page.getByTestId('user-save').click(),
    ])
    expect(response.status()).toBe(201)
    expect(response.request().postDataJSON()).toMatchObject({ name: USER.name, phone: USER.phone, roles: ['duty_officer'] })
    await dialog.waitFor({ state: 'hidden' })
    const row = page.getByTestId('user-table').locator('tr', { hasText: USER.phone })
    await row.waitFor()
    expect(await row.textContent()).toContain('值班员')
    expect(await row.textContent()).toContain(ORG_NAME)
  })

  it('refuses a second user with the same phone, naming the field and keeping the input', async () => {
    await page.getByTestId('user-create').click()
    const dialog = page.getByTestId('user-dialog')
    await dialog.waitFor()
    await field(page, 'user-name').fill('重复号码')
    await field(page, 'user-phone').fill(USER.phone)
    await dialog.getByTestId('user-org').click()
    await page.keyboard.type('储备中心')
    await page.locator('.el-select-dropdown__item:visible', { hasText: ORG_NAME }).click()
    await dialog.getByTestId('role-viewer').click()
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST'),
      page.getByTestId('user-save').click(),
    ])
    expect(response.status()).toBe(409)
    await dialog.getByText('手机号已被使用，请更换').waitFor()
    expect(await field(page, 'user-name').inputValue()).toBe('重复号码')
    await page.screenshot({ path: screenshotPath('admin-user-duplicate') })
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })
  })

  it('disables the user after a confirmation that says their sessions end', async () => {
    const users = await apiJson<{ items: { id: string; phone: string }[] }>(`/api/v1/users?q=${USER.phone}`)
    const user = users.items.find((u) => u.phone === USER.phone)!
    await page.getByTestId(`user-disable-${user.id}`).click()
    const [text] = await Promise.all([confirmBox('停用'), page.waitForResponse((r) => r.url().endsWith(`/api/v1/users/${user.id}`))])
    expect(text).toContain(USER.name)
    expect(text).toContain('会话')
    const status = page.getByTestId(`user-status-${user.id}`)
    await status.filter({ hasText: '停用' }).waitFor()
    expect((await apiJson<{ status: string }>(`/api/v1/users/${user.id}`)).status).toBe('disabled')
    await page.screenshot({ path: screenshotPath('admin-users') })
  })

  it('lists those actions in the audit log, and a row shows the before/after difference', async () => {
    await page.getByTestId('admin-nav-audit').click()
    await page.waitForURL(`${server.baseUrl}/admin/audit`)
    const table = page.getByTestId('audit-table')
    for (const action of ['organisation.create', 'user.create', 'user.disable']) {
      await table.getByText(action, { exact: true }).first().waitFor()
    }
    await page.screenshot({ path: screenshotPath('admin-audit') })

    await table.locator('tr', { hasText: 'user.disable' }).first().click()
    const drawer = page.getByTestId('audit-drawer')
    await drawer.waitFor()
    const diff = drawer.getByTestId('audit-diff')
    const statusRow = diff.locator('tr', { hasText: 'status' })
    await statusRow.waitFor()
    expect(await statusRow.textContent()).toContain('active')
    expect(await statusRow.textContent()).toContain('disabled')
    expect(await drawer.textContent()).toContain(ADMIN.name)
    await page.waitForTimeout(300) // the drawer slides in
    await page.screenshot({ path: screenshotPath('admin-audit-drawer') })
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    // Filtering by action asks the server.
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('action=user.disable')),
      field(page, 'audit-filter-action').fill('user.disable'),
    ])
    expect(response.status()).toBe(200)
    await expect.poll(() => table.locator('tbody tr', { hasText: 'user.create' }).count()).toBe(0)
    expect(await table.locator('tbody tr', { hasText: 'user.disable' }).count()).toBeGreaterThan(0)
  })

  it('creates an API token and shows its secret once', async () => {
    await page.getByTestId('admin-nav-tokens').click()
    await page.waitForURL(`${server.baseUrl}/admin/tokens`)
    await page.getByTestId('token-create').click()
    const dialog = page.getByTestId('token-dialog')
    await dialog.waitFor()
    await field(page, 'token-name').fill(TOKEN_NAME)
    await dialog.getByTestId('scope-alerts.write').click()
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/api-tokens') && r.request().method() === 'POST'),
      page.getByTestId('token-submit').click(),
    ])
    expect(response.status()).toBe(201)
    const { token } = (await response.json()) as { token: string }
    expect(token).toMatch(/^fht_/)

    const secretDialog = page.getByTestId('token-secret-dialog')
    await secretDialog.waitFor()
    expect(await field(page, 'token-secret').inputValue()).toBe(token)
    expect(await secretDialog.textContent()).toContain('无法再次查看')
    await page.getByTestId('token-copy').click()
    await page
      .locator('.el-message', { hasText: /已复制|复制失败/ })
      .first()
      .waitFor()
    await page.screenshot({ path: screenshotPath('admin-token-once') })
    await page.getByTestId('token-secret-close').click()
    await secretDialog.waitFor({ state: 'hidden' })

    // Listed, and the secret is nowhere on the page any more (nor in the list answer).
    await page.getByTestId('token-table').getByText(TOKEN_NAME).waitFor()
    expect(await page.content()).not.toContain(token)
    const list = await page.request.get(`${server.baseUrl}/api/v1/api-tokens`)
    expect(await list.text()).not.toContain(token)
    // The token works as a bearer credential.
    const me = await fetch(`${server.baseUrl}/api/v1/regions`, { headers: { Authorization: `Bearer ${token}` } })
    expect(me.status).not.toBe(401)
    await page.screenshot({ path: screenshotPath('admin-tokens') })
  })

  it('shows the role matrix, the administrator registry coverage and my sessions', async () => {
    await page.getByTestId('admin-nav-roles').click()
    const matrix = page.getByTestId('role-matrix')
    await matrix.getByText('系统管理员').first().waitFor()
    await matrix.getByText('管理组织机构').waitFor()
    await page.screenshot({ path: screenshotPath('admin-roles'), fullPage: true })

    await page.getByTestId('admin-nav-orgAdmins').click()
    await page.getByTestId('coverage-missing').waitFor()
    expect(await page.getByTestId('coverage-missing').textContent()).toMatch(/\d+ 个地区尚无信息系统管理员/)
    await page.getByTestId('coverage-only-missing').click()
    await page.getByTestId('coverage-table').getByText('小店区').waitFor()
    await page.screenshot({ path: screenshotPath('admin-org-admins') })

    await page.getByTestId('admin-nav-sessions').click()
    await page.getByTestId('session-current').waitFor()
    await page.screenshot({ path: screenshotPath('admin-sessions') })
  })

  it('dry-runs an identity import, reports the bad row, then applies the good ones', async () => {
    await page.getByTestId('admin-nav-import').click()
    await page.getByTestId('page-import').waitFor()
    const csv = [
      'kind,external_id,name,type,region,parent_external_id,contact_phone,duty_phone,phone,org_external_id,status,roles',
      'organisation,E2E-ORG-1,晋中市应急救援支队,rescue_team,140700,,0354-1234567,,,,,',
      'user,E2E-U-1,导入人员甲,,,,,,13600000021,E2E-ORG-1,active,viewer',
      'user,E2E-U-2,导入人员乙,,,,,,1360000,E2E-ORG-1,active,viewer',
    ].join('\n')
    await page.getByTestId('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByTestId('import-chosen').waitFor()
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(true)

    const [dry] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/identity/import')),
      page.getByTestId('import-dry-run').click(),
    ])
    expect(dry.status()).toBe(200)
    expect(dry.url()).toContain('dry_run=true')
    expect(dry.request().headers()['content-type']).toContain('text/csv')
    const report = page.getByTestId('import-report')
    await report.waitFor()
    expect(await page.getByTestId('import-rejected').textContent()).toContain('4')
    await page.screenshot({ path: screenshotPath('admin-import-dry-run'), fullPage: true })

    // With an invalid row nothing would be applied: tick partial, dry-run again, apply.
    await page.getByTestId('import-partial').click()
    await report.waitFor({ state: 'detached' })
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/identity/import')), page.getByTestId('import-dry-run').click()])
    const [applied] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/identity/import')),
      page.getByTestId('import-apply').click(),
    ])
    expect(applied.url()).toContain('dry_run=false')
    expect(applied.url()).toContain('partial=true')
    expect(((await applied.json()) as { applied: boolean }).applied).toBe(true)
    await page.getByTestId('import-applied').filter({ hasText: '已导入' }).waitFor()
    const users = await apiJson<{ items: { phone: string }[] }>('/api/v1/users?q=13600000021')
    expect(users.items.map((u) => u.phone)).toContain('13600000021')
  })

  it('reads in English too', async () => {
    await page.getByTestId('admin-nav-organisations').click()
    await page.locator('.lang-button').click()
    await page.getByTestId('lang-en').click()
    await page.getByTestId('admin-nav-organisations').filter({ hasText: 'Organisations' }).waitFor()
    await page.getByTestId('org-table').getByText('Emergency management').first().waitFor()
    expect(await page.getByTestId('admin-nav').textContent()).toContain('Audit log')
    await page.screenshot({ path: screenshotPath('admin-organisations-en') })
    await page.locator('.lang-button').click()
    await page.getByTestId('lang-zh-CN').click()
    await page.getByTestId('admin-nav-organisations').filter({ hasText: '组织机构' }).waitFor()
  })

  it('shows a city administrator only their jurisdiction and what their role allows', async () => {
    // 太原市应急管理局 is the bureau of 140100; make its administrator through the API.
    const bureaus = await apiJson<{ items: { id: string; name: string }[] }>(
      '/api/v1/organisations?region=140100&q=' + encodeURIComponent('太原市应急管理局'),
    )
    const bureau = bureaus.items.find((o) => o.name === '太原市应急管理局')!
    const phone = '13700000031'
    const created = await page.request.post(`${server.baseUrl}/api/v1/users`, {
      data: { name: '太原管理员', phone, org_id: bureau.id, roles: ['org_admin'] },
      headers: { 'X-CSRF-Token': await csrfToken(browser.context, server) },
    })
    expect(created.status()).toBe(201)

    const other = await launchBrowser()
    try {
      await loginByApi(other.context, server, phone)
      const cityPage = await other.newPage()
      await cityPage.goto(`${server.baseUrl}/admin`)
      await cityPage.waitForURL(`${server.baseUrl}/admin/organisations`)
      const labels = (await cityPage.getByTestId('admin-nav').locator('.el-menu-item').allTextContents()).map((l) => l.trim())
      expect(labels).not.toContain('接口令牌')
      expect(labels).not.toContain('数据导入')
      expect(labels).toContain('用户管理')
      // The tree starts at their city.
      await cityPage.getByTestId('tree-r:140100').waitFor()
      expect(await cityPage.getByTestId('tree-r:140000').count()).toBe(0)
      expect((await cityPage.getByTestId('organisation-region').textContent())?.trim()).toBe('太原市')
      await cityPage.screenshot({ path: screenshotPath('admin-city-admin') })
      // A page their role does not allow shows the forbidden page.
      await cityPage.goto(`${server.baseUrl}/admin/tokens`)
      await cityPage.getByTestId('forbidden').waitFor()

      // Disabling the user ends their session at once: the server closes their socket, and the
      // page they are on goes to the login page by itself, to come back there afterwards.
      await cityPage.goto(`${server.baseUrl}/admin/organisations`)
      await cityPage.getByTestId('tree-r:140100').waitFor()
      const user = (await created.json()) as { id: string; version: number }
      const disabled = await page.request.patch(`${server.baseUrl}/api/v1/users/${user.id}`, {
        data: { status: 'disabled', version: user.version },
        headers: { 'X-CSRF-Token': await csrfToken(browser.context, server) },
      })
      expect(disabled.status()).toBe(200)
      await cityPage.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/admin/organisations')
      await cityPage.locator('.el-message', { hasText: '登录已失效' }).waitFor()
      expect(other.problems.filter((p) => !/status of (401|403)/.test(p))).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('logs out from the user menu back to the login page', async () => {
    await page.getByTestId('user-menu').click()
    await page.getByTestId('logout').click()
    await page.waitForURL(`${server.baseUrl}/login`)
    await page.goto(`${server.baseUrl}/admin/users`)
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/admin/users')
    await page.getByTestId('login-card').waitFor()
  })

  it('ran without script errors or CSP violations', () => {
    const unexpected = browser.problems.filter((p) => !/Failed to load resource: the server responded with a status of (401|409)/.test(p))
    expect(unexpected).toEqual([])
  })
})
