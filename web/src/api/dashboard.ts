/**
 * The home page's one request (`GET /api/v1/dashboard`): counts of incidents today and this
 * month by level, type and region (drills left out), the active incidents for the map, who
 * is on duty, reports due soon and overdue, unsigned faxes, the active warnings and, for users
 * with `monitoring.read`, the monitoring alarms.
 */
import { ALERT_LEVELS, type AlertSummary } from './alerts'
import { http } from './http'
import type { Level, LevelFamily, Report } from './incidents'
import type { OnDuty } from './duty'
import type { Alarm, MonitoringSummary } from './monitoring'

export interface PeriodCounts {
  total: number
  by_level: Record<Level, number>
  by_type: { type: string; name: string; count: number }[]
  by_region: { region: string; name: string; count: number }[]
}

export interface ActiveIncident {
  id: string
  title: string
  level: Level
  /** geological: levels named 特大型 … 小型. */
  level_family?: LevelFamily
  type: string
  type_name: string
  lon: number | null
  lat: number | null
  region: string
  status: string
  occurred_at: string
  drill: boolean
}

export interface Dashboard {
  today: PeriodCounts
  month: PeriodCounts
  active_incidents: ActiveIncident[]
  on_duty: OnDuty[]
  reports_due: Report[]
  reports_overdue: Report[]
  unsigned_faxes: number
  /**
   * 待办 of the caller's duty room: reports waiting for their approval (only for those who
   * may approve), reports delivered to sign for, open alarms in the jurisdiction (only for
   * those who may handle them, monitoring.write), and active warnings delivered to the caller
   * they have not acknowledged (待叫应, with alerts.read); empty without an organisation.
   */
  todo?: { approve?: number; sign?: number; alarms?: number; acknowledge?: number }
  /** Active warnings in the jurisdiction. */
  warnings: AlertSummary[]
  /** Monitoring in the jurisdiction; absent without the permission `monitoring.read`. */
  alarms?: DashboardAlarms
}

/**
 * 监测报警 of all six themes: stations, those reporting within the hour, open alarms by level,
 * and the most severe open alarms (at most 5) ranked as the alarm lists rank them: level,
 * unacknowledged first, the longest open first.
 */
export interface DashboardAlarms extends MonitoringSummary {
  top: Alarm[]
}

export function emptyCounts(): PeriodCounts {
  return { total: 0, by_level: { I: 0, II: 0, III: 0, IV: 0 }, by_type: [], by_region: [] }
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

/** The alarms part filled like the rest, or undefined when the answer has none (no permission). */
export function normaliseAlarms(raw: Partial<DashboardAlarms> | null | undefined): DashboardAlarms | undefined {
  if (!raw || typeof raw !== 'object') return undefined
  const byLevel = (raw.by_level ?? {}) as Partial<Record<string, unknown>>
  return {
    stations: count(raw.stations),
    reporting: count(raw.reporting),
    open_alarms: count(raw.open_alarms),
    unacknowledged: count(raw.unacknowledged),
    by_level: Object.fromEntries(ALERT_LEVELS.map((l) => [l, count(byLevel[l])])) as DashboardAlarms['by_level'],
    top: Array.isArray(raw.top) ? raw.top : [],
  }
}

/** Fills what an answer leaves out, so the page never reads `undefined`. */
export function normaliseDashboard(raw: Partial<Dashboard> | null | undefined): Dashboard {
  const counts = (c: Partial<PeriodCounts> | undefined): PeriodCounts => {
    const base = emptyCounts()
    if (!c) return base
    return {
      total: typeof c.total === 'number' ? c.total : 0,
      by_level: { ...base.by_level, ...(c.by_level ?? {}) },
      by_type: Array.isArray(c.by_type) ? c.by_type : [],
      by_region: Array.isArray(c.by_region) ? c.by_region : [],
    }
  }
  const alarms = normaliseAlarms(raw?.alarms)
  const todo = normaliseTodo(raw?.todo)
  return {
    today: counts(raw?.today),
    month: counts(raw?.month),
    active_incidents: raw?.active_incidents ?? [],
    on_duty: raw?.on_duty ?? [],
    reports_due: raw?.reports_due ?? [],
    reports_overdue: raw?.reports_overdue ?? [],
    unsigned_faxes: typeof raw?.unsigned_faxes === 'number' ? raw.unsigned_faxes : 0,
    warnings: Array.isArray(raw?.warnings) ? raw.warnings : [],
    ...(alarms ? { alarms } : {}),
    ...(todo ? { todo } : {}),
  }
}

/** 待办 as the server counted it: only the kinds it sent (what the caller may act on), as numbers. */
function normaliseTodo(raw: Dashboard['todo'] | undefined): Dashboard['todo'] | undefined {
  if (!raw || typeof raw !== 'object') return undefined
  const todo: NonNullable<Dashboard['todo']> = {}
  for (const kind of ['approve', 'sign', 'alarms'] as const) {
    if (typeof raw[kind] === 'number') todo[kind] = raw[kind]
  }
  return todo
}

export async function getDashboard(region?: string | null, options: { signal?: AbortSignal; silent?: boolean } = {}): Promise<Dashboard> {
  const query = region ? { region } : undefined
  const raw = await http.get<Partial<Dashboard>>('/api/v1/dashboard', { ...(query ? { query } : {}), ...options })
  return normaliseDashboard(raw)
}
