import { http } from './http'
import type { EntityStatus } from './organisations'
import type { Paged } from './reference'

export interface User {
  id: string
  name: string
  phone: string
  org: { id: string; name: string; region: string }
  region: string
  region_name: string
  roles: string[]
  status: EntityStatus
  last_login_at: string | null
  version: number
}

export interface UserQuery {
  region?: string | undefined
  org?: string | undefined
  role?: string | undefined
  status?: EntityStatus | '' | undefined
  q?: string | undefined
  limit?: number
  offset?: number
}

export interface UserInput {
  name: string
  phone: string
  org_id: string
  roles: string[]
}

export type UserPatch = Partial<UserInput> & { status?: EntityStatus; version: number }

const BASE = '/api/v1/users'

export function listUsers(query: UserQuery = {}): Promise<Paged<User>> {
  return http.get<Paged<User>>(BASE, { query: { ...query } })
}

export function getUser(id: string): Promise<User> {
  return http.get<User>(`${BASE}/${encodeURIComponent(id)}`)
}

export function createUser(input: UserInput): Promise<User> {
  return http.post<User>(BASE, input, { silent: true })
}

export function updateUser(id: string, patch: UserPatch, options: { silent?: boolean } = { silent: true }): Promise<User> {
  return http.patch<User>(`${BASE}/${encodeURIComponent(id)}`, patch, options)
}
