/**
 * 报警记录's rules, free of Vue: the filters as the alarms endpoint takes them, the state an
 * alarm is in (活动 / 已恢复 / 已关闭), and which live alarm events can change the page shown.
 */
import { type Alarm, type AlarmQuery, type AlarmState, type ThemeCode } from '@/api/monitoring'
import { isWithin } from '@/utils/regions'
import type { Translate } from '../themes/themeLogic'

export const ALARM_RECORD_SCOPES: readonly AlarmState[] = ['open', 'closed', 'all']

export interface AlarmRecordFilters {
  /** open (default): not yet closed, ranked by level; closed: newest closed first; all. */
  state: AlarmState
  /** One theme, or '' for all six. */
  theme: ThemeCode | ''
  /** A region code (the user's jurisdiction by default), or empty for everything visible. */
  region: string | null | undefined
}

/** The filters as `GET /monitoring/alarms` takes them (empty ones left out). */
export function alarmRecordQuery(filters: AlarmRecordFilters): AlarmQuery {
  return { state: filters.state, theme: filters.theme || undefined, region: filters.region || undefined }
}

/** 活动: the condition is present; 已恢复: back to normal but not closed; 已关闭: closed. */
export type AlarmRecordState = 'active' | 'cleared' | 'closed'

export function alarmRecordState(alarm: Pick<Alarm, 'active' | 'closed_at'>): AlarmRecordState {
  if (alarm.closed_at) return 'closed'
  return alarm.active ? 'active' : 'cleared'
}

/** Who closed an alarm, in the page's language: a person's name, or 系统 when it closed by itself. */
export function alarmClosedBy(alarm: Pick<Alarm, 'closed_at' | 'closed_by' | 'close_code'>, t: Translate): string {
  if (!alarm.closed_at) return ''
  if (alarm.closed_by) return alarm.closed_by
  return alarm.close_code === 'recovered' ? t('monitoring.records.closedBySystem') : '—'
}

/** Why an alarm was closed, in the page's language: the reason a person gave, or what its code means. */
export function alarmCloseReason(alarm: Pick<Alarm, 'closed_at' | 'close_code' | 'close_reason'>, t: Translate): string {
  if (!alarm.closed_at) return ''
  if (alarm.close_code === 'recovered') return t('monitoring.records.closeCodes.recovered')
  return alarm.close_reason
}

/**
 * Whether a live alarm event can change the page shown: an alarm on the page always does;
 * another one only when it matches the filters (its theme and region, and open or closed as
 * the list asks) — it may now belong on the page, or push rows of the page further down.
 */
export function alarmEventConcerns(
  alarm: Pick<Alarm, 'id' | 'theme' | 'region' | 'closed_at'>,
  filters: AlarmRecordFilters,
  shown: ReadonlySet<string>,
): boolean {
  if (shown.has(alarm.id)) return true
  if (filters.theme && alarm.theme !== filters.theme) return false
  if (!isWithin(alarm.region ?? '', filters.region)) return false
  if (filters.state === 'open') return !alarm.closed_at
  if (filters.state === 'closed') return !!alarm.closed_at
  return true
}

/** A live event that brings a new alarm (raised once, neither acknowledged nor closed): highlighted a while. */
export function isNewAlarm(alarm: Pick<Alarm, 'count' | 'acknowledged_at' | 'closed_at'>): boolean {
  return alarm.count <= 1 && !alarm.acknowledged_at && !alarm.closed_at
}

/** After a row was acted on, the order holds this long (the pointer may have left for a dialog). */
export const HOLD_AFTER_ACTION_MS = 5_000

/** What a held list shows: see `mergeHeld`. */
export interface HeldRows<T> {
  /** The rows in the order held, each in its newest known state. */
  rows: T[]
  /** Rows held in place that the newest page no longer has (closed, moved to another page). */
  gone: ReadonlySet<string>
  /** Rows of the newest page that are not shown yet: "n 条新报警". */
  added: number
  /** Applying the newest page would change what is shown (rows added or gone, another order). */
  stale: boolean
}

type Versioned = { id: string; version: number }

/**
 * Live updates merged into a list whose order is held (the pointer is over it, or a row was just
 * acted on): every row shown keeps its place and takes its newest state — from `latest` (the page
 * as the server ranks it now) or from `known` (alarms heard live or answered by an action),
 * whichever has the higher version. Rows of `latest` not shown are only counted; a row shown that
 * `latest` no longer has stays where it is, marked gone, until the new order is applied.
 */
export function mergeHeld<T extends Versioned>(shown: readonly T[], latest: readonly T[], known: ReadonlyMap<string, T> = new Map()): HeldRows<T> {
  const byId = new Map(latest.map((row) => [row.id, row]))
  const newest = (...candidates: (T | undefined)[]): T =>
    candidates.reduce<T | undefined>((best, c) => (c && (!best || c.version > best.version) ? c : best), undefined)!
  const rows = shown.map((row) => newest(row, byId.get(row.id), known.get(row.id)))
  const shownIds = new Set(shown.map((row) => row.id))
  const gone = new Set(shown.filter((row) => !byId.has(row.id)).map((row) => row.id))
  const added = latest.filter((row) => !shownIds.has(row.id)).length
  const reordered = shown.length !== latest.length || shown.some((row, i) => latest[i]?.id !== row.id)
  return { rows, gone, added, stale: added > 0 || gone.size > 0 || reordered }
}
