/**
 * Debian's Chromium through playwright-core (never `playwright install`), with the flags a
 * root user on a closed network needs and a fresh temporary profile per launch.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type BrowserContextOptions, type CDPSession, type Page } from 'playwright-core'
import { WEB_DIR } from './server'

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
export const SCREENSHOT_DIR = join(WEB_DIR, 'e2e', 'screenshots')

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface BrowserSession {
  context: BrowserContext
  /** Console errors, page errors and CSP violations seen so far, for all pages. */
  problems: string[]
  newPage(): Promise<Page>
  close(): Promise<void>
}

/** Launches Chromium with a new empty profile folder (removed on close). */
export async function launchBrowser(options: BrowserContextOptions = {}): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'fenghuo-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    // A browser far from Beijing (UTC-5/-4): every time the app shows or takes must still be
    // Beijing time, which a browser in Asia/Shanghai could not tell apart.
    timezoneId: 'America/New_York',
    viewport: { width: 1440, height: 900 },
    ...options,
  })
  const problems: string[] = []
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  }
  context.pages().forEach(watch)
  context.on('page', watch)
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  return {
    context,
    problems,
    newPage: () => context.newPage(),
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

export function screenshotPath(name: string): string {
  return join(SCREENSHOT_DIR, `${name}.png`)
}

/**
 * The font families Chromium actually used to draw the text of the first element matching
 * `selector` (DevTools' CSS.getPlatformFontsForNode): proves CJK text is not drawn as
 * empty boxes.
 */
export async function platformFonts(page: Page, selector: string): Promise<string[]> {
  const cdp: CDPSession = await page.context().newCDPSession(page)
  try {
    await cdp.send('DOM.enable')
    await cdp.send('CSS.enable')
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 })
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })
    const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 1 })
    const textChild = node.children?.find((child) => child.nodeType === 3)
    const target = textChild
      ? (await cdp.send('DOM.pushNodesByBackendIdsToFrontend', { backendNodeIds: [textChild.backendNodeId] })).nodeIds[0]
      : nodeId
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: target ?? nodeId })
    return fonts.map((font) => font.familyName)
  } finally {
    await cdp.detach()
  }
}
