import { http } from './http'

export type RegionLevel = 'province' | 'city' | 'county' | 'zone'

/** One administrative region (GB/T 2260), flat as the server lists them. */
export interface Region {
  code: string
  name: string
  level: RegionLevel
  parent: string | null
  lon: number
  lat: number
  area_km2: number | null
  population: number | null
}

export interface Role {
  code: string
  name: string
  name_en: string
  permissions: string[]
}

export interface Paged<T> {
  items: T[]
  total: number
}

/** `GET /api/v1/regions`: every region of the province. */
export async function listRegions(): Promise<Region[]> {
  return (await http.get<{ items: Region[] }>('/api/v1/regions')).items
}

/** `GET /api/v1/roles`: the roles and the permissions each grants. */
export async function listRoles(): Promise<Role[]> {
  return (await http.get<{ items: Role[] }>('/api/v1/roles')).items
}
