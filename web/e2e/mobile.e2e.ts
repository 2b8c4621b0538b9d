import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, platformFonts, screenshotPath, type BrowserSession } from './support/browser'
import { startServer, type RunningServer } from './support/server'

let server: RunningServer
let browser: BrowserSession

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  })
})

afterAll(async () => {
  await browser?.close()
  if (server) {
    const exit = await server.stop()
    expect(exit, server.output()).toEqual({ code: 0, signal: null })
  }
})

const TABS = [
  ['tasks', '任务'],
  ['report', '上报'],
  ['map', '地图'],
  ['messages', '消息'],
  ['me', '我的'],
] as const

describe('mobile app', () => {
  it('opens /m/ on the tasks tab with the five tabs, large enough to tap', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.baseUrl}/m/`)
    await page.waitForURL(`${server.baseUrl}/m/tasks`)
    await page.getByTestId('mobile-placeholder-tasks').waitFor()
    for (const [key, label] of TABS) {
      const tab = page.getByTestId(`tab-${key}`)
      expect((await tab.textContent())?.trim(), key).toBe(label)
      const box = await tab.boundingBox()
      expect(box?.height ?? 0, key).toBeGreaterThanOrEqual(48)
      expect(box?.width ?? 0, key).toBeGreaterThanOrEqual(48)
    }
    expect((await platformFonts(page, '[data-testid="tab-tasks"] .van-tabbar-item__text')).join(', ')).toMatch(
      /CJK|Han Sans|WenQuanYi|Droid Sans Fallback/i,
    )
    expect((await page.getByTestId('online-state').textContent())?.trim()).toBe('在线')
    await page.screenshot({ path: screenshotPath('mobile-tasks') })

    await page.getByTestId('tab-report').click()
    await page.waitForURL(`${server.baseUrl}/m/report`)
    await page.getByTestId('mobile-placeholder-report').waitFor()
    expect(await page.getByTestId('tab-report').getAttribute('class')).toContain('van-tabbar-item--active')
    await page.close()
  })

  it('opens a deep link under /m/ straight from the server', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.baseUrl}/m/messages`)
    await page.getByTestId('mobile-placeholder-messages').waitFor()
    expect(await page.title()).toContain('消息')
    await page.close()
  })

  it('says when the phone goes offline and when it is back', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.baseUrl}/m/me`)
    await page.getByTestId('mobile-placeholder-me').waitFor()
    await browser.context.setOffline(true)
    await page.getByTestId('offline-banner').waitFor()
    expect((await page.getByTestId('online-state').textContent())?.trim()).toBe('离线')
    await page.screenshot({ path: screenshotPath('mobile-offline') })
    await browser.context.setOffline(false)
    await page.getByTestId('offline-banner').waitFor({ state: 'detached' })
    expect((await page.getByTestId('online-state').textContent())?.trim()).toBe('在线')
    await page.close()
  })

  it('ran without script errors or CSP violations', () => {
    const unexpected = browser.problems.filter((p) => !/Failed to load resource: the server responded with a status of (401|404)/.test(p))
    expect(unexpected).toEqual([])
  })
})
