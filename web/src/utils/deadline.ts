/**
 * Deadlines (报送时限): how long until a report is due, or how late it is. Pure functions of
 * the due time and the clock, so the countdown components only add a ticking clock.
 */
import { splitDuration } from './time'

export type DueState = 'none' | 'ok' | 'soon' | 'late' | 'done'

export interface DueInfo {
  state: DueState
  /** Seconds left (ok, soon) or seconds late (late); 0 otherwise. */
  seconds: number
}

/** "Due soon" starts this many seconds before the deadline (the due_soon box: 60 minutes). */
export const DUE_SOON_SECONDS = 60 * 60

/**
 * Where a deadline stands at `now` (epoch ms). `doneAt` (the time the report was sent) turns
 * a deadline into `done`, or `late` by how much it was missed when sent after it.
 */
export function dueInfo(dueAt: string | null | undefined, now: number, doneAt?: string | null): DueInfo {
  if (!dueAt) return { state: 'none', seconds: 0 }
  const due = Date.parse(dueAt)
  if (Number.isNaN(due)) return { state: 'none', seconds: 0 }
  if (doneAt) {
    const done = Date.parse(doneAt)
    if (!Number.isNaN(done) && done > due) return { state: 'late', seconds: Math.floor((done - due) / 1000) }
    return { state: 'done', seconds: 0 }
  }
  const diff = Math.floor((due - now) / 1000)
  if (diff < 0) return { state: 'late', seconds: -diff }
  return { state: diff <= DUE_SOON_SECONDS ? 'soon' : 'ok', seconds: diff }
}

type Translate = (key: string, values?: Record<string, unknown>) => string

/** A duration as people read a countdown: `2 天 3 小时 5 分`, `1 小时 05 分`, `12 分 30 秒`. */
export function formatSpan(seconds: number, t: Translate): string {
  const d = splitDuration(seconds)
  const pad = (n: number) => String(n).padStart(2, '0')
  if (d.days > 0) return t('duration.days', { d: d.days, h: d.hours, m: d.minutes })
  if (d.hours > 0) return t('duration.hours', { h: d.hours, m: pad(d.minutes) })
  return t('duration.minutes', { m: d.minutes, s: pad(d.seconds) })
}

/** The text of a countdown: `剩 12 分 30 秒`, `已超时 1 小时 05 分`, `已按时报送`, or ''. */
export function dueText(info: DueInfo, t: Translate): string {
  switch (info.state) {
    case 'ok':
    case 'soon':
      return t('reports.due.left', { span: formatSpan(info.seconds, t) })
    case 'late':
      return t('reports.due.late', { span: formatSpan(info.seconds, t) })
    case 'done':
      return t('reports.due.done')
    default:
      return ''
  }
}
