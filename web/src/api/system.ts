import { http, isApiError } from './http'

export type DatabaseKind = 'sqlite' | 'postgresql'

/** `GET /api/v1/health` */
export interface Health {
  status: string
  version: string
  database: DatabaseKind
  database_ok: boolean
  uptime_s: number
}

export function isHealth(value: unknown): value is Health {
  if (!value || typeof value !== 'object') return false
  const v = value as Record<string, unknown>
  return (
    typeof v.status === 'string' &&
    typeof v.version === 'string' &&
    typeof v.database === 'string' &&
    typeof v.database_ok === 'boolean' &&
    typeof v.uptime_s === 'number'
  )
}

/**
 * The server's health. A degraded server answers 503 with the same body, which is
 * returned as it is: the caller shows what is wrong rather than a bare HTTP error.
 */
export async function getHealth(options: { signal?: AbortSignal; silent?: boolean } = {}): Promise<Health> {
  try {
    return await http.get<Health>('/api/v1/health', options)
  } catch (error) {
    if (isApiError(error) && error.status === 503 && isHealth(error.body)) return error.body
    throw error
  }
}
