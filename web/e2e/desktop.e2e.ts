import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { csrfToken, field, loginByApi, loginThroughPage } from './support/auth'
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
    await page
      .getByTestId('send-code')
      .filter({ hasText: /\d+ 秒后重新获取/ })
      .waitFor()
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
    const page = await open('/command')
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/command')
    await loginThroughPage(page, server)
    await page.waitForURL(`${server.baseUrl}/command`)
    await page.getByTestId('placeholder-command').waitFor()
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

    await page.getByTestId('nav-command').click()
    await page.waitForURL(`${server.baseUrl}/command`)
    const placeholder = page.getByTestId('placeholder-command')
    await placeholder.waitFor()
    expect(await placeholder.textContent()).toContain('指挥会商模块建设中')
    expect(await page.getByTestId('breadcrumb').textContent()).toContain('指挥会商')
    expect(await page.getByTestId('nav-command').getAttribute('class')).toContain('is-active')
    expect(await page.title()).toBe('指挥会商 - 烽火应急指挥救援信息系统')
    await page.screenshot({ path: screenshotPath('command') })

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
    await page
      .getByTestId('clock')
      .filter({ hasText: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/ })
      .waitFor()
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
    const page = await open('/command')
    await page.getByTestId('placeholder-command').waitFor()
    await page.locator('.lang-button').click()
    await page.getByTestId('lang-en').click()
    await page.getByTestId('nav-resources').filter({ hasText: 'Resources' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.reload()
    await page.getByTestId('nav-resources').filter({ hasText: 'Resources' }).waitFor()
    expect(await page.getByTestId('placeholder-command').textContent()).toContain('The Command module is being built')
    await page.screenshot({ path: screenshotPath('command-en') })
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
    const unexpected = browser.problems.filter((p) => !/Failed to load resource: the server responded with a status of (401|404)/.test(p))
    expect(unexpected).toEqual([])
  })
})

describe('logout', () => {
  it('signs out from the user menu and returns to the login page', async () => {
    const page = await open('/duty')
    await page.getByTestId('duty-nav').waitFor()
    await page.getByTestId('user-menu').click()
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout')), page.getByTestId('logout').click()])
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

/**
 * 首页 with the small demo data set: the 监测报警 panel shows the dashboard's alarm counts and its
 * most severe alarms, links to their themes, and follows alarm events live (a reading that
 * raises an alarm reloads the counts; plain readings do not reload the page).
 */
describe('home page with demo data: 监测报警', () => {
  interface DashAlarm {
    id: string
    station_id: string
    station_name: string
    metric: string
    theme: string
    level: string
    count: number
    active: boolean
  }
  interface DashAlarms {
    stations: number
    reporting: number
    open_alarms: number
    unacknowledged: number
    by_level: Record<string, number>
    top: DashAlarm[]
  }
  interface MineStation {
    id: string
    code: string
    open_alarms: number
    metrics: {
      metric: string
      version: number
      last: { value: number } | null
      rules: { kind: string; thresholds?: { level: string; value: number }[] }[]
    }[]
  }

  let demo: RunningServer
  let demoBrowser: BrowserSession
  let page: Page
  let token = ''

  async function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown): Promise<T> {
    const r = await demoBrowser.context.request.fetch(`${demo.baseUrl}${path}`, {
      method,
      ...(data === undefined ? {} : { data }),
      headers: method === 'GET' ? {} : { 'X-CSRF-Token': token },
    })
    expect(r.status(), `${method} ${path}: ${await r.text()}`).toBe(200)
    return (await r.json()) as T
  }

  const chip = (level: string) => page.getByTestId(`home-alarms-level-${level}`).getByTestId('home-alarms-level-count')

  beforeAll(async () => {
    demo = await startServer({ demoData: true })
    demoBrowser = await launchBrowser()
    await loginByApi(demoBrowser.context, demo)
    token = await csrfToken(demoBrowser.context, demo)
    page = await demoBrowser.newPage()
  }, 180_000)

  afterAll(async () => {
    await demoBrowser?.close()
    if (demo) {
      const exit = await demo.stop()
      expect(exit, demo.output()).toEqual({ code: 0, signal: null })
    }
  })

  it('shows the alarm counts and the most severe alarms beside 预警信息, each opening its station on its theme', async () => {
    const { alarms } = await api<{ alarms?: DashAlarms }>('GET', '/api/v1/dashboard')
    expect(alarms, 'the dashboard answers alarms for the administrator').toBeDefined()
    expect(alarms!.top.length, 'the demo data has open alarms').toBeGreaterThan(0)
    expect(alarms!.top.length).toBeLessThanOrEqual(5)

    await page.goto(`${demo.baseUrl}/`)
    const panel = page.getByTestId('home-alarms')
    await panel.waitFor()
    expect(await panel.locator('h2').textContent()).toBe('监测报警')
    for (const level of ['red', 'orange', 'yellow', 'blue']) {
      await expect.poll(async () => (await chip(level).textContent())?.trim(), { timeout: 15_000 }).toBe(String(alarms!.by_level[level] ?? 0))
    }
    expect(await page.getByTestId('home-alarms-level-red').textContent()).toContain('红色')
    expect((await page.getByTestId('home-alarms-open').textContent())?.trim()).toBe(String(alarms!.open_alarms))
    expect((await page.getByTestId('home-alarms-unacknowledged').textContent())?.trim()).toBe(String(alarms!.unacknowledged))
    expect((await page.getByTestId('home-alarms-reporting').textContent())?.replace(/\s/g, '')).toBe(`${alarms!.reporting}/${alarms!.stations}`)

    // The rows, most severe first, as the server ranked them.
    const rows = panel.locator('[data-testid^="home-alarm-"][data-level]')
    expect(await rows.count()).toBe(alarms!.top.length)
    const first = alarms!.top[0]!
    const row = page.getByTestId(`home-alarm-${first.id}`)
    expect(await row.getAttribute('data-level')).toBe(first.level)
    const text = (await row.textContent()) ?? ''
    expect(text).toContain(first.station_name)
    expect(text).toMatch(/[≥≤]|分钟未上报|变幅/)
    expect(text).toMatch(/持续 \d+ (分钟|小时|天)|刚开始/)
    if (first.count > 1) expect((await row.getByTestId('home-alarm-count').textContent())?.trim()).toBe(`×${first.count}`)
    expect(await row.getByTestId('home-alarm-cleared').count()).toBe(first.active ? 0 : 1)
    for (const a of alarms!.top) {
      expect(await page.getByTestId(`home-alarm-${a.id}`).getByTestId('home-alarm-row').getAttribute('href')).toBe(
        `/monitoring/${a.theme}?station=${a.station_id}&metric=${a.metric}`,
      )
    }
    expect(await page.getByTestId('home-alarms-all').getAttribute('href')).toBe('/monitoring/alarms')

    // Beside 预警信息: under the map at 1440 × 900, bottoms level with it, the map left its size.
    const box = async (testId: string) => (await page.getByTestId(testId).boundingBox())!
    await page.getByTestId('home-warnings').waitFor()
    const [alarmBox, warningBox, mapBox] = [await box('home-alarms'), await box('home-warnings'), await box('home-map')]
    expect(Math.abs(alarmBox.y + alarmBox.height - (warningBox.y + warningBox.height))).toBeLessThan(2)
    expect(alarmBox.x + alarmBox.width).toBeLessThan(warningBox.x)
    expect(mapBox.height).toBeGreaterThan(400)
    await page.waitForTimeout(500)
    await page.screenshot({ path: screenshotPath('home-alarms') })

    // A wall display (1920 × 1080, opened at that size): 预警信息 and 监测报警 share the rightmost
    // column and the map keeps its height.
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.reload()
    await page.getByTestId('home-alarms').waitFor()
    await expect.poll(async () => Math.abs((await box('home-alarms')).x - (await box('home-warnings')).x)).toBeLessThan(2)
    expect((await box('home-alarms')).y).toBeGreaterThan((await box('home-warnings')).y)
    expect((await box('home-map')).height).toBeGreaterThan(700)
    await page.locator('[data-testid="home-map"] .leaflet-container').waitFor()
    await page.waitForTimeout(1000)
    await page.screenshot({ path: screenshotPath('home-alarms-wide') })
    await page.setViewportSize({ width: 1440, height: 900 })

    // A row opens its theme with the alarm's station in the panel.
    await row.getByTestId('home-alarm-row').click()
    await page.waitForURL(new RegExp(`/monitoring/${first.theme}(\\?station=${first.station_id}&metric=${first.metric})?$`))
    await page.getByTestId(`page-theme-${first.theme}`).waitFor()
    await page.getByTestId('station-panel').getByText(first.station_name).first().waitFor()
  })

  it('reloads the counts on an alarm event, but not on readings', async () => {
    // A mine station without open alarms, its methane rules yellow 0.75 / red 1.0.
    const stations = await api<{ items: MineStation[] }>('GET', '/api/v1/monitoring/stations?theme=mine&limit=2000')
    let station = stations.items.find((s) => s.open_alarms === 0 && s.code && s.metrics.some((m) => m.metric === 'ch4'))
    expect(station, 'a quiet mine station with methane').toBeDefined()
    const ch4 = station!.metrics.find((m) => m.metric === 'ch4')!
    const red = ch4.rules.find((r) => r.kind === 'above')?.thresholds?.find((t) => t.level === 'red')
    if (!red || red.value > 1.0) {
      station = await api<MineStation>('PUT', `/api/v1/monitoring/stations/${station!.id}/metrics/ch4`, {
        rules: [
          {
            kind: 'above',
            thresholds: [
              { level: 'yellow', value: 0.75 },
              { level: 'red', value: 1.0 },
            ],
            deadband: 0.05,
          },
        ],
        version: ch4.version,
      })
    }

    const dashboards: string[] = []
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/dashboard') dashboards.push(r.url())
    })
    const frames: string[] = []
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))))
    await page.goto(`${demo.baseUrl}/`)
    await page.getByTestId('home-alarms').waitFor()
    await page.locator('[data-testid="realtime-state"][data-state="open"]').first().waitFor({ timeout: 15_000 })
    await expect.poll(async () => (await chip('red').textContent())?.trim()).toMatch(/^\d+$/)
    const redBefore = Number((await chip('red').textContent())?.trim())
    const openBefore = Number((await page.getByTestId('home-alarms-open').textContent())?.trim())
    // Give the subscriptions a moment to be confirmed, then count from here.
    await expect.poll(() => frames.some((f) => f.includes('"subscribed"') && f.includes('monitoring/mine')), { timeout: 15_000 }).toBe(true)
    const loaded = dashboards.length

    // A normal reading (the last value again, so no rule fires): a "readings" event arrives,
    // the dashboard is not asked again.
    const calm = Math.min(ch4.last?.value ?? 0.2, 0.5)
    await api('POST', '/api/v1/readings', { readings: [{ station: station!.code, metric: 'ch4', time: new Date().toISOString(), value: calm }] })
    await expect.poll(() => frames.some((f) => f.includes('"readings"') && f.includes('monitoring/mine')), { timeout: 15_000 }).toBe(true)
    await page.waitForTimeout(1500)
    expect(dashboards.length).toBe(loaded)

    // 1.3 % methane raises a red alarm: the counts follow without a reload of the page.
    await api('POST', '/api/v1/readings', { readings: [{ station: station!.code, metric: 'ch4', time: new Date().toISOString(), value: 1.3 }] })
    await expect.poll(async () => Number((await chip('red').textContent())?.trim()), { timeout: 15_000 }).toBeGreaterThan(redBefore)
    expect(Number((await page.getByTestId('home-alarms-open').textContent())?.trim())).toBeGreaterThan(openBefore)
    expect(dashboards.length).toBeGreaterThan(loaded)

    // Nothing on the way broke the CSP or threw.
    const unexpected = demoBrowser.problems.filter((p) => !/Failed to load resource: the server responded with a status of (401|404)/.test(p))
    expect(unexpected).toEqual([])
  })
})
