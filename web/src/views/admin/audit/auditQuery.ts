import type { AuditQuery } from '@/api/audit'
import { fromWallClock } from '@/utils/time'

export interface AuditFilters {
  actor: string
  entity_type: string
  entity_id: string
  action: string
  /** [from, to] as picked: wall-clock times in Beijing, `2026-11-29 08:00:00` */
  range: [string, string] | null
}

/** The query string for the filters: empty fields left out, times in RFC 3339 UTC. */
export function auditQuery(filters: AuditFilters): Omit<AuditQuery, 'limit' | 'offset'> {
  const text = (value: string) => value.trim() || undefined
  return {
    actor: text(filters.actor),
    entity_type: text(filters.entity_type),
    entity_id: text(filters.entity_id),
    action: text(filters.action),
    from: filters.range ? toRfc3339(new Date(fromWallClock(filters.range[0]))) : undefined,
    to: filters.range ? toRfc3339(new Date(fromWallClock(filters.range[1]))) : undefined,
  }
}

/** `2026-11-29T00:00:00Z` (whole seconds, UTC). */
export function toRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Entity types and actions the audit log knows today, for the filter suggestions. */
export const ENTITY_TYPES = ['organisation', 'user', 'session', 'api_token', 'org_admin'] as const
