/**
 * What makes new work heard, not only counted on the bell: which notices and events call for
 * a sound and a desktop notification, and the unread count in the browser tab's title.
 */
import type { AppNotification } from '@/api/incidents'

/**
 * Notification kinds that ask someone to act now: a report that came in or waits for
 * approval, a report due at once, a warning to acknowledge (叫应), an escalated overdue item.
 */
export const URGENT_KINDS: ReadonlySet<string> = new Set([
  'report_received',
  'report_submitted',
  'report_at_once',
  'report_escalated',
  'relay_escalated',
  'alert',
  'fax_received',
])

/** The unread notices in `items` not seen before (`seen` ids) that call for a sound. */
export function newUrgent(items: readonly AppNotification[], seen: ReadonlySet<string>): AppNotification[] {
  return items.filter((n) => !n.read_at && !seen.has(n.id) && URGENT_KINDS.has(n.kind))
}

/**
 * The id of the alarm a realtime event is about when that alarm is red and open
 * (`monitoring/<theme>` topics, event `alarm`: opened, raised, changed); null otherwise.
 * The caller sounds once per id.
 */
export function openRedAlarm(topic: string, event: string, data: unknown): string | null {
  if (!topic.startsWith('monitoring/') || event !== 'alarm' || !data || typeof data !== 'object') return null
  const alarm = data as { id?: unknown; level?: unknown; closed_at?: unknown }
  if (alarm.level !== 'red' || alarm.closed_at || alarm.id === undefined) return null
  return String(alarm.id)
}

/** Where a user's "mute the alert sound" choice is kept in this browser. */
export function muteKey(userId: string): string {
  return `fenghuo.sound-muted.${userId}`
}
