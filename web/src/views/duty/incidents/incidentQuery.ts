/** The incident list's filters and which live events concern a page (pure: tested without a browser). */
import type { Incident, IncidentQuery, IncidentStatus, Level } from '@/api/incidents'
import { isWithin } from '@/utils/regions'

export interface IncidentFilters {
  region: string | null
  status: IncidentStatus | ''
  level: Level | ''
  type: string
  /** '' any, 'real' without drills, 'drill' drills only. */
  drill: '' | 'real' | 'drill'
  q: string
}

/** The list request for the filters (empty ones left out). */
export function incidentQuery(filters: IncidentFilters): IncidentQuery {
  return {
    region: filters.region ?? undefined,
    status: filters.status || undefined,
    level: filters.level || undefined,
    type: filters.type || undefined,
    drill: filters.drill === '' ? undefined : filters.drill === 'drill',
    q: filters.q.trim() || undefined,
  }
}

/** Whether a new or changed incident should show in the list as filtered (so a reload is worth it). */
export function matchesFilters(
  incident: Pick<Incident, 'region' | 'status' | 'level' | 'type' | 'drill' | 'title'>,
  filters: IncidentFilters,
): boolean {
  if (filters.region && !isWithin(incident.region, filters.region)) return false
  if (filters.status && incident.status !== filters.status) return false
  if (filters.level && incident.level !== filters.level) return false
  if (filters.type && incident.type !== filters.type && !incident.type.startsWith(filters.type)) return false
  if (filters.drill === 'drill' && !incident.drill) return false
  if (filters.drill === 'real' && incident.drill) return false
  return true
}

/** Whether a realtime event's data concerns incident `id` (itself, merged into it, or one of its reports). */
export function concernsIncident(data: unknown, id: string): boolean {
  if (!data || typeof data !== 'object') return false
  const d = data as { id?: unknown; incident_id?: unknown; merged_into?: unknown }
  return d.id === id || d.incident_id === id || d.merged_into === id
}

/** The i18n key of a timeline action (`report.send` → `incidents.actions.report_send`). */
export function actionKey(action: string): string {
  return `incidents.actions.${action.replace(/\./g, '_')}`
}
