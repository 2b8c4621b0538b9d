import type { Requirement } from '@/utils/permissions'

/**
 * Where a role's home is: the command screen for those who may read incidents (its every panel
 * reads them); otherwise the first module the user works in, so that a data operator lands on
 * the resources and a field responder on the warnings, never on a screen of refusals.
 * Answers null for the command screen itself.
 */
export function homePathFor(can: (required: Requirement) => boolean): string | null {
  if (can('incidents.read')) return null
  if (can('resources.read')) return '/resources'
  if (can('alerts.read') || can('monitoring.read')) return '/monitoring'
  if (can('duty.read')) return '/duty'
  if (can(['users.read', 'orgs.read', 'audit.read'])) return '/admin'
  return null
}
