import { http } from './http'
import type { Paged } from './reference'

export const ORG_TYPES = ['emergency_bureau', 'member_unit', 'rescue_team', 'enterprise', 'other'] as const
export type OrgType = (typeof ORG_TYPES)[number]
export type EntityStatus = 'active' | 'disabled'

export interface Organisation {
  id: string
  parent_id: string | null
  region: string
  region_name: string
  type: OrgType
  name: string
  contact_phone: string
  duty_phone: string
  external_id: string | null
  status: EntityStatus
  version: number
}

export interface OrganisationQuery {
  region?: string | undefined
  type?: OrgType | '' | undefined
  q?: string | undefined
  limit?: number
  offset?: number
}

export interface OrganisationInput {
  parent_id?: string | null
  region: string
  type: OrgType
  name: string
  contact_phone?: string
  duty_phone?: string
}

export type OrganisationPatch = Partial<OrganisationInput> & { status?: EntityStatus; version: number }

const BASE = '/api/v1/organisations'

export function listOrganisations(query: OrganisationQuery = {}, signal?: AbortSignal): Promise<Paged<Organisation>> {
  return http.get<Paged<Organisation>>(BASE, { query: { ...query }, ...(signal ? { signal } : {}) })
}

/**
 * Every organisation in `region` and below, page by page (`pageSize` at a time, at most
 * `max`), for the tree and the pickers.
 */
export async function listAllOrganisations(region: string | undefined, max = 5000, pageSize = 500): Promise<Organisation[]> {
  const out: Organisation[] = []
  for (;;) {
    const page = await listOrganisations({ region, limit: pageSize, offset: out.length })
    out.push(...page.items)
    if (page.items.length === 0 || out.length >= page.total || out.length >= max) return out
  }
}

export function getOrganisation(id: string): Promise<Organisation> {
  return http.get<Organisation>(`${BASE}/${encodeURIComponent(id)}`)
}

export function createOrganisation(input: OrganisationInput): Promise<Organisation> {
  return http.post<Organisation>(BASE, input, { silent: true })
}

export function updateOrganisation(id: string, patch: OrganisationPatch): Promise<Organisation> {
  return http.patch<Organisation>(`${BASE}/${encodeURIComponent(id)}`, patch, { silent: true })
}
