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

/** A picture CAPTCHA drawn by the server: `image` is a data URL for an `<img src>`. */
export interface Captcha {
  id: string
  image: string
  expires_in_s: number
}

/** What the user read off a CAPTCHA picture. */
export interface CaptchaAnswer {
  id: string
  answer: string
}

/** `GET /api/v1/auth/captcha`: a new picture, good for one code request. */
export function getCaptcha(): Promise<Captcha> {
  return http.get<Captcha>('/api/v1/auth/captcha', { silent: true })
}

/**
 * `POST /api/v1/auth/sms-code`: sends a login code to the phone (202 whether or not it is a
 * user's). After a few requests within an hour the server answers `captcha_required` and the
 * next request must carry the answer to a picture.
 */
export function requestSmsCode(phone: string, captcha?: CaptchaAnswer): Promise<SmsCodeResult | undefined> {
  const body = captcha ? { phone, captcha_id: captcha.id, captcha_answer: captcha.answer } : { phone }
  return http.post<SmsCodeResult | undefined>('/api/v1/auth/sms-code', body, { silent: true })
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
