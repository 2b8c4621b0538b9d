/**
 * 报警记录's rules, free of Vue: the filters as the alarms endpoint takes them, the state an
 * alarm is in (活动 / 已恢复 / 已关闭), and which live alarm events can change the page shown.
 */
import { type Alarm, type AlarmQuery, type AlarmState, type ThemeCode } from '@/api/monitoring'
import { isWithin } from '@/utils/regions'

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
