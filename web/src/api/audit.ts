import { http } from './http'
import type { Paged } from './reference'

export type ActorType = 'user' | 'token' | 'system'

export interface AuditEntry {
  seq: number
  at: string
  actor: { type: ActorType; id: string | null; name: string | null }
  client_address: string | null
  action: string
  entity_type: string
  entity_id: string | null
  region: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

export interface AuditQuery {
  actor?: string | undefined
  entity_type?: string | undefined
  entity_id?: string | undefined
  action?: string | undefined
  /** RFC 3339 */
  from?: string | undefined
  /** RFC 3339 */
  to?: string | undefined
  limit?: number
  offset?: number
}

export function listAudit(query: AuditQuery): Promise<Paged<AuditEntry>> {
  return http.get<Paged<AuditEntry>>('/api/v1/audit', { query: { ...query } })
}
