import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { field, loginThroughPage } from './support/auth'
import { launchBrowser, platformFonts, screenshotPath, type BrowserSession } from './support/browser'
import { ADMIN, startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: BrowserSession

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

async function open(path: string): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(`${server.baseUrl}${path}`)
  return page
}


const NAV = [
  ['home', '首页', '/'],
  ['duty', '值班值守', '/duty'],
  ['resources', '应急资源', '/resources'],
  ['monitoring', '监测预警', '/monitoring'],
  ['analysis', '研判分析', '/analysis'],
  ['command', '指挥会商', '/command'],
  ['review', '总结评估', '/review'],
  ['knowledge', '知识库', '/knowledge'],
  ['admin', '系统管理', '/admin'],
] as const

describe('login page', () => {
  it('renders the Chinese title, the phone and code fields, in a real CJK font', async () => {
    const page = await open('/login')
    const title = page.getByTestId('login-title')
    await title.waitFor()
    expect(await title.textContent()).toBe('烽火应急指挥救援信息系统')
    expect(await page.title()).toContain('烽火应急指挥救援信息系统')
    expect(await field(page, 'phone-input').isVisible()).toBe(true)
    expect(await field(page, 'code-input').isVisible()).toBe(true)
    expect((await page.getByTestId('send-code').textContent())?.trim()).toBe('获取验证码')
    expect(await page.locator('label', { hasText: '手机号' }).count()).toBeGreaterThan(0)

    const fonts = await platformFonts(page, '[data-testid="login-title"]')
    expect(fonts.join(', ')).toMatch(/CJK|Han Sans|WenQuanYi|Droid Sans Fallback/i)
    await page.screenshot({ path: screenshotPath('login'), fullPage: true })
    await page.close()
  })

  it('validates the phone number as it is typed and names the field', async () => {
    const page = await open('/login')
    const phone = field(page, 'phone-input')
    await phone.pressSequentially('138')
    const error = page.getByTestId('phone-item').locator('.el-form-item__error')
    await error.waitFor()
    expect(await error.textContent()).toContain('手机号')
    await page.screenshot({ path: screenshotPath('login-phone-invalid') })

    await phone.pressSequentially('00138000')
    await error.waitFor({ state: 'detached' })
    expect(await phone.inputValue()).toBe('13800138000')
    await page.close()
  })

  it('sends a code to any phone alike, counts down, and keeps what was typed', async () => {
    const page = await open('/login')
    const phone = field(page, 'phone-input')
    await phone.fill('13800138000') // nobody's phone: the answer must not tell
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms-code') && r.request().method() === 'POST'),
      page.getByTestId('send-code').click(),
    ])
    expect(response.request().postDataJSON()).toEqual({ phone: '13800138000' })
    expect(response.status()).toBe(202)
    expect(await response.json()).toMatchObject({ sent: true })
    await page.getByTestId('send-code').filter({ hasText: /\d+ 秒后重新获取/ }).waitFor()
    expect(await page.getByTestId('send-code').isDisabled()).toBe(true)
    expect(await phone.inputValue()).toBe('13800138000')
    await page.close()
  })

  it('says a wrong code is wrong, in Chinese, and keeps both fields', async () => {
    const page = await open('/login')
    const phone = field(page, 'phone-input')
    const code = field(page, 'code-input')
    await phone.fill('13800138000')
    await code.fill('123456')
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      page.getByTestId('login-submit').click(),
    ])
    expect(response.request().postDataJSON()).toEqual({ phone: '13800138000', code: '123456' })
    expect(response.status()).toBe(401)
    expect((await response.json()) as unknown).toMatchObject({ error: { code: 'unauthenticated' } })
    const alert = page.getByTestId('login-error')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('登录失败')
    expect(await alert.textContent()).toContain('验证码错误或已过期')
    expect(await alert.getAttribute('role')).toBe('alert')
    expect(await phone.inputValue()).toBe('13800138000')
    expect(await code.inputValue()).toBe('123456')
    await page.screenshot({ path: screenshotPath('login-code-wrong'), fullPage: true })
    await page.close()
  })

  it('sends a signed-out visitor to the login page, and back where they were going after login', async () => {
    const page = await open('/analysis')
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/analysis')
    await loginThroughPage(page, server)
    await page.waitForURL(`${server.baseUrl}/analysis`)
    await page.getByTestId('placeholder-analysis').waitFor()
    // The top bar names the user, their organisation and region.
    expect((await page.getByTestId('user-name').textContent())?.trim()).toBe(ADMIN.name)
    expect((await page.getByTestId('organisation-name').textContent())?.trim()).toBe('山西省应急管理厅')
    expect((await page.getByTestId('organisation-region').textContent())?.trim()).toBe('山西省')
    await page.close()
  })
})

describe('desktop shell', () => {
  it('has the nine modules in order, and a click changes the URL and the page', async () => {
    const page = await open('/')
    await page.getByTestId('nav-home').waitFor()
    for (const [key, label] of NAV) {
      expect((await page.getByTestId(`nav-${key}`).textContent())?.trim(), key).toBe(label)
    }
    expect(await page.getByTestId('main-nav').locator('.el-menu-item').count()).toBe(9)

    await page.getByTestId('nav-analysis').click()
    await page.waitForURL(`${server.baseUrl}/analysis`)
    const placeholder = page.getByTestId('placeholder-analysis')
    await placeholder.waitFor()
    expect(await placeholder.textContent()).toContain('研判分析模块建设中')
    expect(await page.getByTestId('breadcrumb').textContent()).toContain('研判分析')
    expect(await page.getByTestId('nav-analysis').getAttribute('class')).toContain('is-active')
    expect(await page.title()).toBe('研判分析 - 烽火应急指挥救援信息系统')
    await page.screenshot({ path: screenshotPath('analysis') })

    // 监测预警 opens its first page, 预警信息, under the module's tabs.
    await page.getByTestId('nav-monitoring').click()
    await page.waitForURL(`${server.baseUrl}/monitoring/alerts`)
    await page.getByTestId('monitoring-nav').waitFor()
    await page.getByTestId('page-alerts').waitFor()
    expect(await page.getByTestId('nav-monitoring').getAttribute('class')).toContain('is-active')

    // 应急资源 opens its map (the first of its pages).
    await page.getByTestId('nav-resources').click()
    await page.waitForURL(`${server.baseUrl}/resources/map`)
    await page.getByTestId('resource-map').waitFor()
    expect(await page.getByTestId('nav-resources').getAttribute('class')).toContain('is-active')
    expect(await page.title()).toBe('一张图 - 烽火应急指挥救援信息系统')

    // 值班值守 opens its first page, 信息接报, under the module's tabs.
    await page.getByTestId('nav-duty').click()
    await page.waitForURL(`${server.baseUrl}/duty/incidents`)
    await page.getByTestId('duty-nav').waitFor()
    await page.close()
  })

  it('opens a deep link straight from the server (SPA fallback)', async () => {
    const page = await open('/knowledge')
    await page.getByTestId('placeholder-knowledge').waitFor()
    expect(await page.getByTestId('nav-knowledge').getAttribute('class')).toContain('is-active')
    await page.close()
  })

  it('shows a not-found page for an unknown path', async () => {
    const page = await open('/no/such/page')
    await page.getByTestId('not-found').waitFor()
    await page.close()
  })

  it('shows the live health of the real server on the home page', async () => {
    const health = (await (await fetch(`${server.baseUrl}/api/v1/health`)).json()) as {
      version: string
      database: string
    }
    const page = await open('/')
    const version = page.getByTestId('health-version')
    await version.waitFor()
    expect((await version.textContent())?.trim()).toBe(health.version)
    expect((await page.getByTestId('health-database').textContent())?.trim()).toBe('sqlite')
    expect((await page.getByTestId('health-status').textContent())?.trim()).toBe('运行正常')
    expect((await page.getByTestId('health-database-ok').textContent())?.trim()).toBe('正常')
    expect(await page.getByTestId('health-uptime').textContent()).toMatch(/\d/)
    await page.getByTestId('clock').filter({ hasText: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/ }).waitFor()
    await page.close()
  })

  it('connects the realtime socket', async () => {
    const page = await open('/')
    const panel = page.getByTestId('realtime-panel').getByTestId('realtime-state')
    await panel.and(page.locator('[data-state="open"]')).waitFor({ timeout: 15_000 })
    expect((await panel.textContent())?.trim()).toBe('已连接')
    // The top bar shows the same connection.
    expect(await page.locator('header [data-testid="realtime-state"]').getAttribute('data-state')).toBe('open')
    await page.waitForTimeout(300) // let the radar and clock settle for the picture
    await page.screenshot({ path: screenshotPath('home') })
    await page.close()
  })

  it('switches to English and remembers it across a reload', async () => {
    const page = await open('/analysis')
    await page.getByTestId('placeholder-analysis').waitFor()
    await page.locator('.lang-button').click()
    await page.getByTestId('lang-en').click()
    await page.getByTestId('nav-resources').filter({ hasText: 'Resources' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.reload()
    await page.getByTestId('nav-resources').filter({ hasText: 'Resources' }).waitFor()
    expect(await page.getByTestId('placeholder-analysis').textContent()).toContain('The Analysis module is being built')
    await page.screenshot({ path: screenshotPath('analysis-en') })
    await page.locator('.lang-button').click()
    await page.getByTestId('lang-zh-CN').click()
    await page.getByTestId('nav-resources').filter({ hasText: '应急资源' }).waitFor()
    await page.close()
  })

  it('serves precompressed assets and the CSP, and the pages broke none of it', async () => {
    const html = await fetch(`${server.baseUrl}/`)
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'")
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(await html.text())?.[1]
    expect(script).toBeDefined()
    const asset = await fetch(`${server.baseUrl}${script}`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-encoding')).toBe('gzip')

    // Everything the tests above did ran under that CSP without a violation or a crash.
    const unexpected = browser.problems.filter(
      (p) => !/Failed to load resource: the server responded with a status of (401|404)/.test(p),
    )
    expect(unexpected).toEqual([])
  })
})

describe('logout', () => {
  it('signs out from the user menu and returns to the login page', async () => {
    const page = await open('/duty')
    await page.getByTestId('duty-nav').waitFor()
    await page.getByTestId('user-menu').click()
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout')),
      page.getByTestId('logout').click(),
    ])
    expect(response.status()).toBe(204)
    await page.waitForURL(`${server.baseUrl}/login`)
    await page.getByTestId('login-card').waitFor()
    // The session is gone on the server too: the app sends us back to the login page.
    await page.goto(`${server.baseUrl}/duty`)
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/duty')
    expect((await page.request.get(`${server.baseUrl}/api/v1/me`)).status()).toBe(401)
    await page.close()
  })
})
