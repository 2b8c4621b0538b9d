import { http } from './http'

/** The signed-in user as the server describes it. Fields beyond id and name are optional
 * until the identity module settles them. */
export interface SessionUser {
  id: string
  name: string
  phone?: string
  org?: { id: string; name: string } | null
  region?: { code: string; name: string } | null
  roles?: string[]
}

export interface LoginResult {
  token: string
  user: SessionUser
}

/** `POST /api/v1/auth/sms-code`: sends a login code to the phone. */
export function requestSmsCode(phone: string): Promise<unknown> {
  return http.post('/api/v1/auth/sms-code', { phone }, { silent: true })
}

/** `POST /api/v1/auth/login`: checks the code; the server also sets the session cookie. */
export function login(phone: string, code: string): Promise<LoginResult> {
  return http.post<LoginResult>('/api/v1/auth/login', { phone, code }, { silent: true })
}

/** `GET /api/v1/me`: the current user; 401 (or 404 until the endpoint exists) when signed out. */
export function getMe(): Promise<SessionUser> {
  return http.get<SessionUser>('/api/v1/me', { silent: true })
}

/** `POST /api/v1/auth/logout`: ends the session. */
export function logout(): Promise<unknown> {
  return http.post('/api/v1/auth/logout', undefined, { silent: true })
}
