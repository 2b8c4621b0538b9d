/**
 * Signing in for the browser tests: through the login page as a person would (reading the
 * code from the SMS outbox), or through the API into a browser context when a test only
 * needs a session.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { ADMIN, countFor, waitForCode, type RunningServer } from './server'

/** The native input of an el-input (Element Plus puts extra attributes on the <input> itself). */
export function field(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()
}

/** Logs in on the login page (already open) and waits until the app has left it. */
export async function loginThroughPage(page: Page, server: RunningServer, phone: string = ADMIN.phone): Promise<void> {
  await field(page, 'phone-input').fill(phone)
  const seen = await countFor(server.outboxPath, phone)
  const [sent] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms-code')), page.getByTestId('send-code').click()])
  if (sent.status() !== 202) throw new Error(`sms-code answered ${sent.status()}: ${await sent.text()}`)
  const code = await waitForCode(server.outboxPath, phone, seen)
  await field(page, 'code-input').fill(code)
  const [login] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')), page.getByTestId('login-submit').click()])
  if (login.status() !== 200) throw new Error(`login answered ${login.status()}: ${await login.text()}`)
  await page.waitForURL((url) => url.pathname !== '/login')
}

/** Gets a session cookie into `context` through the API (no page involved). */
export async function loginByApi(context: BrowserContext, server: RunningServer, phone: string = ADMIN.phone): Promise<void> {
  const seen = await countFor(server.outboxPath, phone)
  const sent = await context.request.post(`${server.baseUrl}/api/v1/auth/sms-code`, { data: { phone } })
  if (sent.status() !== 202) throw new Error(`sms-code answered ${sent.status()}: ${await sent.text()}`)
  const code = await waitForCode(server.outboxPath, phone, seen)
  const login = await context.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { phone, code } })
  if (login.status() !== 200) throw new Error(`login answered ${login.status()}: ${await login.text()}`)
}

/** The CSRF token of the context's session (for API writes from a test). */
export async function csrfToken(context: BrowserContext, server: RunningServer): Promise<string> {
  const cookie = (await context.cookies(server.baseUrl)).find((c) => c.name === 'fenghuo_csrf')
  if (!cookie) throw new Error('no fenghuo_csrf cookie: not signed in')
  return cookie.value
}
