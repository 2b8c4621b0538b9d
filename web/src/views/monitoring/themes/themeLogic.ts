/**
 * The theme pages' rules, free of Vue: the order of open alarms and how live alarm events merge
 * into it, station colours, the latest values live readings bring, trend windows and how a
 * live reading extends a bucketed series, the levels a value reaches under a metric's rules,
 * and the checks of the thresholds editor.
 */
import { ALERT_LEVELS } from '@/api/alerts'
import {
  isTheme,
  type Alarm,
  type AlarmLevel,
  type LastReading,
  type ReadingBucket,
  type ReadingSeries,
  type ReadingsEvent,
  type Rule,
  type Station,
  type Threshold,
} from '@/api/monitoring'
import { alertLevelRank, isAlertLevel } from '@/utils/alertLevels'

// ---------------------------------------------------------------- alarms

/** Still open: not closed (active or back to normal while unacknowledged). */
export function isOpenAlarm(alarm: Pick<Alarm, 'closed_at'>): boolean {
  return !alarm.closed_at
}

/**
 * The server's order of open alarms: level (red first), unacknowledged before acknowledged,
 * the longest open first; the id settles ties so the order is total.
 */
export function compareAlarms(a: Alarm, b: Alarm): number {
  const level = alertLevelRank(a.level) - alertLevelRank(b.level)
  if (level !== 0) return level
  const acked = Number(!!a.acknowledged_at) - Number(!!b.acknowledged_at)
  if (acked !== 0) return acked
  const opened = (Date.parse(a.opened_at) || 0) - (Date.parse(b.opened_at) || 0)
  if (opened !== 0) return opened
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * A live alarm event merged into a list of open alarms as the server ranked it: a stale event
 * (lower version than the row shown) changes nothing; a closed alarm leaves; an open one takes
 * its place by the server's ranking while the other rows keep the order the server gave them.
 * Answers the same array when nothing changed.
 */
export function upsertOpenAlarm(list: readonly Alarm[], alarm: Alarm): readonly Alarm[] {
  const index = list.findIndex((a) => a.id === alarm.id)
  const current = index >= 0 ? list[index]! : null
  if (current && typeof current.version === 'number' && typeof alarm.version === 'number' && alarm.version < current.version) return list
  const rest = index >= 0 ? [...list.slice(0, index), ...list.slice(index + 1)] : [...list]
  if (!isOpenAlarm(alarm)) return index >= 0 ? rest : list
  let at = rest.findIndex((a) => compareAlarms(alarm, a) < 0)
  if (at < 0) at = rest.length
  rest.splice(at, 0, alarm)
  return rest
}

/** Looks up a message (vue-i18n's `t`), so the texts below stay free of Vue. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * An alarm's value against its threshold, as the alarm lists show it: `1.3 % ≥ 1 %`,
 * `0.1 m ≤ 0.2 m`; a rate alarm's value with the change it made; a silence alarm's minutes.
 */
export function alarmValueText(alarm: Pick<Alarm, 'rule' | 'value' | 'threshold' | 'unit'>, t: Translate): string {
  if (alarm.rule === 'silence')
    return alarm.threshold !== null && alarm.threshold !== undefined
      ? t('monitoring.alarm.silentFor', { n: alarm.threshold })
      : t('monitoring.rules.kinds.silence')
  const value = withUnit(alarm.value, alarm.unit)
  if (alarm.threshold === null || alarm.threshold === undefined) return value
  // A rate alarm's value is the reading, its threshold the change over the rule's window.
  if (alarm.rule === 'rate') return t('monitoring.alarm.rateValue', { value, change: withUnit(alarm.threshold, alarm.unit) })
  const sign = alarm.rule === 'below' ? '≤' : '≥'
  return `${value} ${sign} ${withUnit(alarm.threshold, alarm.unit)}`
}

/** A realtime payload that looks like an alarm (id and station), else null. */
export function alarmOf(data: unknown): Alarm | null {
  if (!data || typeof data !== 'object') return null
  const o = data as Record<string, unknown>
  if ((typeof o.id !== 'string' && typeof o.id !== 'number') || (typeof o.station_id !== 'string' && typeof o.station_id !== 'number')) return null
  return { ...(o as unknown as Alarm), id: String(o.id), station_id: String(o.station_id) }
}

/** The most severe of some levels; null for none. */
export function worstLevel(levels: Iterable<string | null | undefined>): AlarmLevel | null {
  let worst: AlarmLevel | null = null
  for (const level of levels) {
    if (!isAlertLevel(level)) continue
    if (!worst || alertLevelRank(level) < alertLevelRank(worst)) worst = level
  }
  return worst
}

/**
 * A station's alarm level and count after a live alarm event. With every open alarm of the
 * theme listed (`complete`) they follow from the list; otherwise an alarm not shown may still be
 * open, so the event can only raise the level (the page then asks the server for the station).
 */
export function stationAfterAlarm(station: Station, openAlarms: readonly Alarm[], complete: boolean, alarm: Alarm): Station {
  const mine = openAlarms.filter((a) => a.station_id === station.id)
  let level: AlarmLevel | null
  let count: number
  if (complete) {
    level = worstLevel(mine.map((a) => a.level))
    count = mine.length
  } else if (isOpenAlarm(alarm)) {
    level = worstLevel([station.alarm_level, alarm.level])
    count = Math.max(station.open_alarms, mine.length)
  } else {
    return station
  }
  if (station.alarm_level === level && station.open_alarms === count) return station
  return { ...station, alarm_level: level, open_alarms: count }
}

// ---------------------------------------------------------------- stations

/** A station that sent nothing for this long is shown as silent (grey). */
export const SILENT_AFTER_MS = 60 * 60 * 1000

export type StationStatus = AlarmLevel | 'normal' | 'silent'

/** The newest reading of any of the station's metrics, epoch ms, or null. */
export function lastReportMs(station: Pick<Station, 'metrics'>): number | null {
  let last: number | null = null
  for (const m of station.metrics ?? []) {
    const at = m.last ? Date.parse(m.last.time) : NaN
    if (Number.isFinite(at) && (last === null || at > last)) last = at
  }
  return last
}

/** What the station's colour says: its worst open alarm, else silent (no reading for an hour) or normal. */
export function stationStatus(station: Pick<Station, 'alarm_level' | 'metrics'>, now: number): StationStatus {
  if (isAlertLevel(station.alarm_level)) return station.alarm_level
  const last = lastReportMs(station)
  return last === null || now - last > SILENT_AFTER_MS ? 'silent' : 'normal'
}

export const NORMAL_COLOUR = '#2fb56a'
export const SILENT_COLOUR = '#8a94a6'

/** The fixed level colours (UI.md) for alarms; green for normal, grey for silent. */
export function statusColour(status: StationStatus): string {
  if (status === 'normal') return NORMAL_COLOUR
  if (status === 'silent') return SILENT_COLOUR
  return { red: '#d9001b', orange: '#ff7d00', yellow: '#f7ba1e', blue: '#1e6fff' }[status]
}

/** Statuses in legend order (most severe first). */
export const STATUSES: readonly StationStatus[] = [...ALERT_LEVELS, 'normal', 'silent']

/**
 * Latest values from a "readings" event: answers the stations with the newer values (only the
 * changed stations are new objects) and whether anything changed. Older readings are ignored.
 */
export function applyReadings(
  stations: readonly Station[],
  event: ReadingsEvent | null | undefined,
): { stations: readonly Station[]; changed: boolean } {
  const items = Array.isArray(event?.items) ? event.items : []
  if (items.length === 0) return { stations, changed: false }
  const byStation = new Map<string, ReadingsEvent['items']>()
  for (const item of items) {
    const id = String(item.station)
    byStation.set(id, [...(byStation.get(id) ?? []), item])
  }
  let changed = false
  const next = stations.map((station) => {
    const mine = byStation.get(station.id)
    if (!mine) return station
    let touched = false
    const metrics = station.metrics.map((m) => {
      let last: LastReading | null = m.last
      for (const r of mine) {
        if (r.metric !== m.metric || typeof r.value !== 'number') continue
        const at = Date.parse(r.time)
        if (!Number.isFinite(at)) continue
        if (!last || at >= Date.parse(last.time)) last = { time: r.time, value: r.value }
      }
      if (last === m.last) return m
      touched = true
      return { ...m, last }
    })
    if (!touched) return station
    changed = true
    return { ...station, metrics }
  })
  return { stations: changed ? next : stations, changed }
}

// ---------------------------------------------------------------- thresholds

/** The thresholds of a metric's above/below rules, for lines on its charts. */
export function thresholdLines(rules: readonly Rule[] | null | undefined): (Threshold & { kind: 'above' | 'below' })[] {
  const out: (Threshold & { kind: 'above' | 'below' })[] = []
  for (const rule of rules ?? []) {
    if (rule.kind !== 'above' && rule.kind !== 'below') continue
    for (const t of rule.thresholds ?? []) if (isAlertLevel(t.level) && Number.isFinite(t.value)) out.push({ ...t, kind: rule.kind })
  }
  return out
}

/** The most severe level a value reaches under the metric's above/below rules (no deadband), or null. */
export function levelOfValue(value: number | null | undefined, rules: readonly Rule[] | null | undefined): AlarmLevel | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null
  return worstLevel(
    thresholdLines(rules)
      .filter((t) => (t.kind === 'above' ? value >= t.value : value <= t.value))
      .map((t) => t.level),
  )
}

export interface LatestBar {
  station: string
  name: string
  value: number
  time: string
  level: AlarmLevel | null
}

/** The latest value of `metric` at each station that has one, highest first. */
export function latestBars(stations: readonly Station[], metric: string): LatestBar[] {
  const out: LatestBar[] = []
  for (const s of stations) {
    const m = s.metrics?.find((x) => x.metric === metric)
    if (!m?.last || typeof m.last.value !== 'number') continue
    out.push({ station: s.id, name: s.name, value: m.last.value, time: m.last.time, level: levelOfValue(m.last.value, m.rules) })
  }
  return out.sort((a, b) => b.value - a.value || a.name.localeCompare(b.name, 'zh-CN'))
}

/** A reading for people: at most 3 decimals, trailing zeros dropped (`1.3`, `12.25`, `0.125`). */
export function formatReading(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  const digits = abs >= 100 ? 1 : abs >= 10 ? 2 : 3
  return String(Number(value.toFixed(digits)))
}

/** `1.3 %`, `850 ℃`; units that read as words sit without a space (`3 级`). */
export function withUnit(value: number | null | undefined, unit: string | null | undefined): string {
  const text = formatReading(value)
  if (!unit || text === '—') return text
  return `${text} ${unit}`
}

export interface RuleProblem {
  /** Index of the rule. */
  rule: number
  /** Index of the threshold, when the problem is one threshold's. */
  threshold?: number
  /** i18n key under monitoring.rules.errors. */
  key: 'noThresholds' | 'value' | 'duplicateLevel' | 'order' | 'deadband' | 'window' | 'minutes' | 'level'
}

/**
 * The editor's checks, mirroring the server's: every threshold a level and a number, each
 * level once per rule, more severe levels further out (above: higher; below: lower), deadband
 * ≥ 0, a positive window or silence in minutes.
 */
export function checkRules(rules: readonly Rule[]): RuleProblem[] {
  const problems: RuleProblem[] = []
  rules.forEach((rule, r) => {
    if (rule.kind === 'silence') {
      if (!Number.isFinite(rule.minutes) || rule.minutes <= 0) problems.push({ rule: r, key: 'minutes' })
      if (!isAlertLevel(rule.level)) problems.push({ rule: r, key: 'level' })
      return
    }
    if (rule.kind === 'rate' && (!Number.isFinite(rule.window_min) || rule.window_min <= 0)) problems.push({ rule: r, key: 'window' })
    if (!Number.isFinite(rule.deadband) || rule.deadband < 0) problems.push({ rule: r, key: 'deadband' })
    if (!rule.thresholds.length) {
      problems.push({ rule: r, key: 'noThresholds' })
      return
    }
    const seen = new Set<string>()
    rule.thresholds.forEach((t, i) => {
      if (!isAlertLevel(t.level)) problems.push({ rule: r, threshold: i, key: 'level' })
      else if (seen.has(t.level)) problems.push({ rule: r, threshold: i, key: 'duplicateLevel' })
      seen.add(t.level)
      if (typeof t.value !== 'number' || !Number.isFinite(t.value)) problems.push({ rule: r, threshold: i, key: 'value' })
      else if (rule.kind === 'rate' && t.value <= 0) problems.push({ rule: r, threshold: i, key: 'value' })
    })
    if (problems.some((p) => p.rule === r)) return
    // More severe further out: sorted by severity (blue → red), values must rise (above, rate) or fall (below).
    const bySeverity = [...rule.thresholds].sort((a, b) => alertLevelRank(b.level) - alertLevelRank(a.level))
    for (let i = 1; i < bySeverity.length; i++) {
      const prev = bySeverity[i - 1]!.value
      const cur = bySeverity[i]!.value
      if (rule.kind === 'below' ? cur >= prev : cur <= prev) {
        problems.push({ rule: r, threshold: rule.thresholds.indexOf(bySeverity[i]!), key: 'order' })
        break
      }
    }
  })
  return problems
}

/** A new rule of a kind, with sensible starting values. */
export function newRule(kind: Rule['kind']): Rule {
  switch (kind) {
    case 'silence':
      return { kind, minutes: 30, level: 'yellow' }
    case 'rate':
      return { kind, window_min: 60, thresholds: [{ level: 'yellow', value: 1 }], deadband: 0 }
    default:
      return { kind, thresholds: [{ level: 'yellow', value: 0 }], deadband: 0 }
  }
}

// ---------------------------------------------------------------- trend windows

export const RANGES = ['24h', '7d', '30d', '1y'] as const
export type TrendRange = (typeof RANGES)[number]

const RANGE_MS: Readonly<Record<TrendRange, number>> = {
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
  '1y': 365 * 24 * 3600_000,
}

/** Buckets per window: 5 min over a day, 1 h over a week, 3 h over 30 days, 1 day over a year. */
const RANGE_POINTS: Readonly<Record<TrendRange, number>> = { '24h': 288, '7d': 168, '30d': 240, '1y': 365 }

/** The i18n key of a range under monitoring.ranges. */
export const RANGE_KEYS: Readonly<Record<TrendRange, 'day' | 'week' | 'month' | 'year'>> = {
  '24h': 'day',
  '7d': 'week',
  '30d': 'month',
  '1y': 'year',
}

export function rangeMs(range: TrendRange): number {
  return RANGE_MS[range]
}

/** The window of a range ending now, as the readings endpoint takes it. */
export function rangeWindow(range: TrendRange, now: number): { from: string; to: string; points: number } {
  return { from: new Date(now - RANGE_MS[range]).toISOString(), to: new Date(now).toISOString(), points: RANGE_POINTS[range] }
}

/**
 * A live reading added to a bucketed series: into the last bucket when it falls there, else a
 * new bucket on the series' grid; older buckets slide out of a window of the same length.
 * A reading older than the last bucket is left out (the next reload has it). Answers the same
 * series when nothing changed.
 */
export function appendReading(series: ReadingSeries, reading: { time: string; value: number }): ReadingSeries {
  const at = Date.parse(reading.time)
  if (!Number.isFinite(at) || typeof reading.value !== 'number' || !Number.isFinite(reading.value)) return series
  const bucket = series.bucket_ms > 0 ? series.bucket_ms : 60_000
  const from = Date.parse(series.from)
  const to = Date.parse(series.to)
  const span = Number.isFinite(from) && Number.isFinite(to) && to > from ? to - from : 0
  const points = series.points
  const last = points.at(-1)
  const lastAt = last ? Date.parse(last.time) : NaN
  let next: ReadingBucket[]
  if (last && Number.isFinite(lastAt) && at >= lastAt && at < lastAt + bucket) {
    const count = last.count + 1
    const merged: ReadingBucket = {
      time: last.time,
      min: Math.min(last.min, reading.value),
      max: Math.max(last.max, reading.value),
      mean: last.mean + (reading.value - last.mean) / count,
      count,
    }
    next = [...points.slice(0, -1), merged]
  } else if (last && Number.isFinite(lastAt) && at < lastAt) {
    return series
  } else {
    const origin = last && Number.isFinite(lastAt) ? lastAt : Number.isFinite(from) ? from : at
    const start = origin + Math.floor((at - origin) / bucket) * bucket
    next = [...points, { time: new Date(start).toISOString(), min: reading.value, max: reading.value, mean: reading.value, count: 1 }]
  }
  const newTo = Math.max(Number.isFinite(to) ? to : at, at)
  const newFrom = span > 0 ? newTo - span : Number.isFinite(from) ? from : at
  const kept = span > 0 ? next.filter((p) => Date.parse(p.time) + bucket > newFrom) : next
  return { ...series, from: new Date(newFrom).toISOString(), to: new Date(newTo).toISOString(), points: kept }
}

/** The theme page with the alarm's station selected and its metric charted (`/monitoring/mine?station=12&metric=co`), or null for an unknown theme. */
export function alarmStationPath(alarm: Pick<Alarm, 'theme' | 'station_id'> & { metric?: string }): string | null {
  if (!isTheme(alarm.theme)) return null
  const metric = alarm.metric ? `&metric=${encodeURIComponent(alarm.metric)}` : ''
  return `/monitoring/${alarm.theme}?station=${encodeURIComponent(alarm.station_id)}${metric}`
}

/**
 * The metric the station panel opens on: the one asked for with the station (the alarm's own
 * metric, from an alarm row or an alarm link) while that station is shown and has it; else null
 * (the theme's preferred metric).
 */
export function panelMetric(
  asked: { station: string; metric: string | null } | null,
  station: Pick<Station, 'id' | 'metrics'> | null,
): string | null {
  if (!asked?.metric || !station || asked.station !== station.id) return null
  return station.metrics.some((m) => m.metric === asked.metric) ? asked.metric : null
}
