/**
 * The home page's arithmetic, free of Vue: bars scaled to the largest count, the live feed of
 * incidents (newest first, one row per incident), relative times and deadline spans, which
 * realtime events reload the page, and the 监测报警 panel's rows and link.
 */
import { ALERT_LEVELS } from '@/api/alerts'
import type { ActiveIncident, Dashboard } from '@/api/dashboard'
import { LEVELS, type Level } from '@/api/incidents'
import { monitoringTopic, THEMES, type Alarm, type AlarmLevel } from '@/api/monitoring'
import { isWithin } from '@/utils/regions'
import { splitDuration } from '@/utils/time'
import { alarmStationPath, upsertOpenAlarm, withUnit } from '@/views/monitoring/themes/themeLogic'

export interface Bar {
  key: string
  name: string
  count: number
  /** Width in percent of the largest count (at least 2 when the count is not 0, so it shows). */
  pct: number
}

/** The `limit` largest counts, largest first (ties by name), as bars. */
export function topBars(items: readonly { key: string; name: string; count: number }[], limit = 6): Bar[] {
  const sorted = [...items].filter((i) => i.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'))
  const top = sorted.slice(0, limit)
  const max = top[0]?.count ?? 0
  return top.map((i) => ({ ...i, pct: max > 0 ? Math.max(2, Math.round((i.count / max) * 100)) : 0 }))
}

/** Level counts in order I → IV, with each level's share of the total in percent. */
export function levelShares(byLevel: Partial<Record<Level, number>>): { level: Level; count: number; pct: number }[] {
  const total = LEVELS.reduce((sum, l) => sum + (byLevel[l] ?? 0), 0)
  return LEVELS.map((level) => {
    const count = byLevel[level] ?? 0
    return { level, count, pct: total > 0 ? Math.round((count / total) * 100) : 0 }
  })
}

export interface FeedItem extends ActiveIncident {
  /** Arrived live since the page loaded. */
  live?: boolean
}

/** Newest first by occurrence; one row per incident (a later copy replaces an earlier one); at most `limit`. */
export function mergeFeed(current: readonly FeedItem[], incoming: readonly FeedItem[], limit = 40): FeedItem[] {
  const byId = new Map<string, FeedItem>()
  for (const item of current) byId.set(item.id, item)
  for (const item of incoming) byId.set(item.id, { ...byId.get(item.id), ...item })
  return [...byId.values()]
    .filter((i) => i.status !== 'merged')
    .sort((a, b) => Date.parse(b.occurred_at) - Date.parse(a.occurred_at))
    .slice(0, limit)
}

/** The part of an incident event's data the feed and the map use, or null when it is not an incident. */
export function feedItemOf(data: unknown): FeedItem | null {
  if (!data || typeof data !== 'object') return null
  const o = data as Record<string, unknown>
  if (o.id === undefined || typeof o.title !== 'string' || typeof o.occurred_at !== 'string') return null
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  return {
    id: String(o.id),
    title: o.title,
    level: (typeof o.level === 'string' ? o.level : 'IV') as Level,
    type: typeof o.type === 'string' ? o.type : '',
    type_name: typeof o.type_name === 'string' ? o.type_name : '',
    lon: num(o.lon),
    lat: num(o.lat),
    region: typeof o.region === 'string' ? o.region : '',
    status: typeof o.status === 'string' ? o.status : 'received',
    occurred_at: o.occurred_at,
    drill: o.drill === true,
    live: true,
  }
}

export type Relative = { key: 'justNow' } | { key: 'minutesAgo'; n: number } | { key: 'hoursAgo'; n: number } | { key: 'daysAgo'; n: number }

/** "刚刚", "12 分钟前", "3 小时前", "2 天前" as a key and a number. */
export function relativeTime(at: string, now: number): Relative {
  const seconds = Math.max(0, Math.floor((now - Date.parse(at)) / 1000))
  if (!Number.isFinite(seconds) || seconds < 60) return { key: 'justNow' }
  if (seconds < 3600) return { key: 'minutesAgo', n: Math.floor(seconds / 60) }
  if (seconds < 86_400) return { key: 'hoursAgo', n: Math.floor(seconds / 3600) }
  return { key: 'daysAgo', n: Math.floor(seconds / 86_400) }
}

/** `1:05:09`, `12:30` (minutes and seconds), or `2 天 3 小时` for long spans; seconds ≥ 0. */
export function clockSpan(seconds: number): { days: number; text: string } {
  const d = splitDuration(seconds)
  const pad = (n: number) => String(n).padStart(2, '0')
  if (d.days > 0) return { days: d.days, text: `${d.hours}:${pad(d.minutes)}:${pad(d.seconds)}` }
  return { days: 0, text: d.hours > 0 ? `${d.hours}:${pad(d.minutes)}:${pad(d.seconds)}` : `${pad(d.minutes)}:${pad(d.seconds)}` }
}

/** Incidents that can be drawn: with a position, not merged or closed. */
export function placed(items: readonly ActiveIncident[]): (ActiveIncident & { lon: number; lat: number })[] {
  return items.filter(
    (i): i is ActiveIncident & { lon: number; lat: number } =>
      typeof i.lon === 'number' &&
      typeof i.lat === 'number' &&
      Number.isFinite(i.lon) &&
      Number.isFinite(i.lat) &&
      i.status !== 'merged' &&
      i.status !== 'closed',
  )
}

// ---------------------------------------------------------------- realtime

/** Topics whose every event changes what the home page shows. */
export const DASHBOARD_TOPICS = ['incidents', 'reports', 'faxes', 'duty', 'alerts'] as const

/** The six `monitoring/{theme}` topics: only their "alarm" events matter here. */
export const MONITORING_TOPICS: readonly string[] = THEMES.map(monitoringTopic)

/** The topics the home page listens to; the monitoring ones only for users who see alarms. */
export function dashboardTopics(canMonitoring: boolean): string[] {
  return [...DASHBOARD_TOPICS, ...(canMonitoring ? MONITORING_TOPICS : [])]
}

/**
 * Whether an event should reload the dashboard: any event of the incident, report, fax, duty
 * and warning topics; on a monitoring topic only "alarm" (its "readings" come every second and
 * change nothing the home page shows).
 */
export function reloadsDashboard(topic: string, event: string): boolean {
  if (MONITORING_TOPICS.includes(topic)) return event === 'alarm'
  return (DASHBOARD_TOPICS as readonly string[]).includes(topic)
}

// ---------------------------------------------------------------- 待办

export interface TodoTile {
  kind: 'approve' | 'sign' | 'acknowledge' | 'alarms'
  /** Message key of its label. */
  label: string
  count: number
  /** Where the work is: the report box, or 报警记录. */
  to: string | { path: string; query: Record<string, string> }
}

/**
 * The 待办 tiles: reports to approve, reports to sign for, warnings to acknowledge (待叫应, the
 * warning list as 待我确认), alarms to handle — only those the
 * server counted for the caller (it leaves out what they may not act on).
 */
export function todoTilesOf(todo: Dashboard['todo'] | null | undefined): TodoTile[] {
  const tiles: TodoTile[] = []
  if (todo?.approve !== undefined)
    tiles.push({ kind: 'approve', label: 'home.todoApprove', count: todo.approve, to: { path: '/duty/reports', query: { box: 'approval' } } })
  if (todo?.sign !== undefined)
    tiles.push({ kind: 'sign', label: 'home.todoSign', count: todo.sign, to: { path: '/duty/reports', query: { box: 'inbox' } } })
  if (todo?.acknowledge !== undefined)
    tiles.push({
      kind: 'acknowledge',
      label: 'home.todoAcknowledge',
      count: todo.acknowledge,
      to: { path: '/monitoring/alerts', query: { mine: 'unacknowledged' } },
    })
  if (todo?.alarms !== undefined) tiles.push({ kind: 'alarms', label: 'home.todoAlarms', count: todo.alarms, to: ALL_ALARMS_PATH })
  return tiles
}

// ---------------------------------------------------------------- 监测报警

/** Alarms the panel lists (the server sends at most this many). */
export const TOP_ALARMS = 5

/** Where "全部" goes: 报警记录, every theme's alarms in one list. */
export const ALL_ALARMS_PATH = '/monitoring/alarms'

/** Open alarms by level, most severe first. */
export function alarmLevelCounts(byLevel: Partial<Record<AlarmLevel, number>> | null | undefined): { level: AlarmLevel; count: number }[] {
  return ALERT_LEVELS.map((level) => ({ level, count: byLevel?.[level] ?? 0 }))
}

/** The alarm's station on its theme page, or 报警记录 for an unknown theme. */
export function alarmPath(alarm: Pick<Alarm, 'theme' | 'station_id'> | null): string {
  return (alarm && alarmStationPath(alarm)) ?? ALL_ALARMS_PATH
}

/**
 * A live alarm event merged into the panel's rows: an alarm not shown yet counts only inside the
 * chosen region; the server's ranking and live merge of the theme pages (a closed alarm leaves,
 * a stale event changes nothing), cut to the panel's length. The same array when nothing changed.
 */
export function mergeTopAlarm(top: readonly Alarm[], alarm: Alarm, region: string | null | undefined, limit = TOP_ALARMS): readonly Alarm[] {
  const shown = top.some((a) => a.id === alarm.id)
  if (!shown && !isWithin(alarm.region ?? '', region)) return top
  const merged = upsertOpenAlarm(top, alarm)
  const next = merged.length > limit ? merged.slice(0, limit) : merged
  return next.length === top.length && next.every((a, i) => a === top[i]) ? top : next
}

/** What an alarm row says about the value, before translation. */
export type AlarmReading =
  /** No reading for `minutes` (a silence rule); minutes null when unknown. */
  | { kind: 'silence'; minutes: number | null }
  /** The reading, and the change over the rule's window that raised it. */
  | { kind: 'rate'; value: string; change: string }
  /** The reading against the threshold it crossed (`≥` above, `≤` below). */
  | { kind: 'limit'; value: string; sign: '≥' | '≤'; threshold: string | null }

export function alarmReading(alarm: Pick<Alarm, 'rule' | 'value' | 'threshold' | 'unit'>): AlarmReading {
  const threshold = typeof alarm.threshold === 'number' && Number.isFinite(alarm.threshold) ? alarm.threshold : null
  if (alarm.rule === 'silence') return { kind: 'silence', minutes: threshold }
  const value = withUnit(alarm.value, alarm.unit)
  if (alarm.rule === 'rate' && threshold !== null) return { kind: 'rate', value, change: withUnit(threshold, alarm.unit) }
  return { kind: 'limit', value, sign: alarm.rule === 'below' ? '≤' : '≥', threshold: threshold === null ? null : withUnit(threshold, alarm.unit) }
}
