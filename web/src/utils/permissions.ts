/** Permission codes the server grants through roles (`GET /api/v1/roles`, `/me`). */
export const PERMISSIONS = [
  'regions.read',
  'orgs.read',
  'orgs.write',
  'users.read',
  'users.write',
  'tokens.manage',
  'audit.read',
  'admins.read',
  'admins.write',
  'identity.import',
  'resources.read',
  'resources.write',
  'incidents.read',
  'incidents.write',
  'incidents.approve',
  'duty.read',
  'duty.write',
  'rosters.write',
  'alerts.read',
  'alerts.write',
  'monitoring.read',
  'monitoring.write',
  'files.read',
  'files.write',
] as const

export type Permission = (typeof PERMISSIONS)[number]

/** The roles the server knows, in the order the UI lists them. */
export const ROLE_CODES = [
  'system_admin',
  'org_admin',
  'duty_leader',
  'duty_officer',
  'commander',
  'analyst',
  'data_operator',
  'field_responder',
  'viewer',
] as const

/** A requirement: one permission, or any of several. `null`/undefined: any signed-in user. */
export type Requirement = Permission | readonly Permission[] | null | undefined

/** Whether `granted` satisfies `required` (any one of a list is enough). */
export function satisfies(granted: readonly string[] | null | undefined, required: Requirement): boolean {
  if (!required) return true
  if (!granted || granted.length === 0) return false
  const needs = typeof required === 'string' ? [required] : required
  return needs.length === 0 || needs.some((p) => granted.includes(p))
}
