import { http } from './http'
import type { User } from './users'

/** The signed-in user: a `User` plus the permissions their roles grant. */
export interface SessionUser extends User {
  permissions: string[]
}

export interface LoginResult {
  token: string
  csrf_token: string
  user: SessionUser
}

export interface SmsCodeResult {
  sent: boolean
  expires_in_s: number
  retry_after_s: number
}

/** `POST /api/v1/auth/sms-code`: sends a login code to the phone (202 whether or not it is a user's). */
export function requestSmsCode(phone: string): Promise<SmsCodeResult | undefined> {
  return http.post<SmsCodeResult | undefined>('/api/v1/auth/sms-code', { phone }, { silent: true })
}

/** `POST /api/v1/auth/login`: checks the code; the server also sets the session and CSRF cookies. */
export function login(phone: string, code: string): Promise<LoginResult> {
  return http.post<LoginResult>('/api/v1/auth/login', { phone, code }, { silent: true })
}

/** `GET /api/v1/me`: the current user with permissions; 401 when signed out. */
export function getMe(): Promise<SessionUser> {
  return http.get<SessionUser>('/api/v1/me', { silent: true })
}

/** `POST /api/v1/auth/logout`: ends the session and clears the cookies. */
export function logout(): Promise<unknown> {
  return http.post('/api/v1/auth/logout', undefined, { silent: true })
}

export interface SessionInfo {
  id: string
  created_at: string
  last_seen_at: string
  expires_at: string
  client_address: string
  user_agent: string
  current: boolean
}

/** `GET /api/v1/me/sessions`: the signed-in user's sessions. */
export async function listMySessions(): Promise<SessionInfo[]> {
  const page = await http.get<{ items: SessionInfo[] }>('/api/v1/me/sessions')
  return page.items
}

/** `DELETE /api/v1/me/sessions/{id}`: ends one of the user's sessions. */
export function revokeMySession(id: string): Promise<void> {
  return http.delete<void>(`/api/v1/me/sessions/${encodeURIComponent(id)}`)
}
