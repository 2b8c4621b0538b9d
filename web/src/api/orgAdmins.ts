import { http } from './http'
import type { Paged, RegionLevel } from './reference'

/** An entry of the system-administrator registry (信息系统管理员). */
export interface OrgAdmin {
  id: string
  org: { id: string; name: string; region: string }
  name: string
  phone: string
  duties: string
  version: number
}

export interface OrgAdminInput {
  org_id: string
  name: string
  phone: string
  duties: string
}

export interface Coverage {
  region: string
  region_name: string
  level: RegionLevel
  admins: number
}

const BASE = '/api/v1/org-admins'

export function listOrgAdmins(region?: string): Promise<Paged<OrgAdmin>> {
  return http.get<Paged<OrgAdmin>>(BASE, { query: { region } })
}

export async function getCoverage(): Promise<Coverage[]> {
  return (await http.get<{ items: Coverage[] }>(`${BASE}/coverage`)).items
}

export function createOrgAdmin(input: OrgAdminInput): Promise<OrgAdmin> {
  return http.post<OrgAdmin>(BASE, input, { silent: true })
}

export function updateOrgAdmin(id: string, patch: Partial<OrgAdminInput> & { version: number }): Promise<OrgAdmin> {
  return http.patch<OrgAdmin>(`${BASE}/${encodeURIComponent(id)}`, patch, { silent: true })
}

export function deleteOrgAdmin(id: string): Promise<void> {
  return http.delete<void>(`${BASE}/${encodeURIComponent(id)}`)
}
