/**
 * Who may subscribe to which realtime topic: the server's table (server/src/app/topics.cpp,
 * docs/openapi.yaml at /api/v1/ws). A topic needs the permission of its REST twin; the
 * server refuses the others, so the app does not ask for them (no refusals in the console).
 */
import { THEMES, monitoringTopic } from '@/api/monitoring'
import type { Permission } from '@/utils/permissions'

/** A permission, or 'user': any signed-in user (their own events only). */
export type TopicRequirement = Permission | 'user'

const FIXED: Record<string, TopicRequirement> = {
  alerts: 'alerts.read',
  incidents: 'incidents.read',
  reports: 'incidents.read',
  duty: 'duty.read',
  faxes: 'duty.read',
  resources: 'resources.read',
  identity: 'users.read',
  notifications: 'user',
}

/** What `topic` needs, or null for a topic no browser may subscribe to (unknown or internal). */
export function topicRequirement(topic: string): TopicRequirement | null {
  const fixed = FIXED[topic]
  if (fixed) return fixed
  if (THEMES.some((theme) => monitoringTopic(theme) === topic)) return 'monitoring.read'
  return null
}

/** Whether a signed-in user holding the permissions `can` checks may subscribe to `topic`. */
export function maySubscribe(topic: string, can: (permission: Permission) => boolean): boolean {
  const required = topicRequirement(topic)
  if (required === null) return false
  return required === 'user' || can(required)
}
