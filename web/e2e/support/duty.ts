/**
 * Helpers of the duty-room browser tests (incidents and reports): organisations and users made
 * through the API, Beijing time as the app shows it, and the report page's state.
 */
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { csrfToken } from './auth'
import type { BrowserSession } from './browser'
import type { RunningServer } from './server'

export interface Org {
  id: string
  name: string
  region: string
  type: string
}

/** The emergency management bureau of `region`. */
export async function bureau(session: BrowserSession, server: RunningServer, region: string): Promise<Org> {
  const response = await session.context.request.get(`${server.baseUrl}/api/v1/organisations?region=${region}&type=emergency_bureau&limit=100`)
  expect(response.status()).toBe(200)
  const { items } = (await response.json()) as { items: Org[] }
  const found = items.find((o) => o.region === region)
  if (!found) throw new Error(`no emergency bureau for ${region}: ${JSON.stringify(items)}`)
  return found
}

/** Creates a user in `orgId` through the API, as the session's (administrator) user. */
export async function createUser(
  session: BrowserSession,
  server: RunningServer,
  user: { name: string; phone: string; role: string },
  orgId: string,
): Promise<void> {
  const response = await session.context.request.post(`${server.baseUrl}/api/v1/users`, {
    headers: { 'X-CSRF-Token': await csrfToken(session.context, server) },
    data: { name: user.name, phone: user.phone, org_id: orgId, roles: [user.role] },
  })
  expect(response.status(), await response.text()).toBe(201)
}

/** `2026-11-29 12:33`: the minute of `ms` on a clock in Beijing. */
export function beijingMinute(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(ms)
}

/** The native textarea of an el-input of type textarea. */
export function textarea(page: Page, testId: string) {
  return page.locator(`textarea[data-testid="${testId}"], [data-testid="${testId}"] textarea`).first()
}

/** Waits until the report page shows `status` (the tag's data-status). */
export async function reportStatus(page: Page, status: string): Promise<void> {
  await page.getByTestId('report-head').locator(`[data-testid="report-status"][data-status="${status}"]`).waitFor()
}
