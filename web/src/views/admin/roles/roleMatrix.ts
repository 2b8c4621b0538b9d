import type { Role } from '@/api/reference'
import { PERMISSIONS } from '@/utils/permissions'

export interface MatrixRow {
  permission: string
  /** role code → granted */
  granted: Record<string, boolean>
}

/**
 * Rows of permissions × columns of roles. Known permissions come first in their fixed
 * order, then any the server added that the app does not know yet.
 */
export function roleMatrix(roles: readonly Role[]): MatrixRow[] {
  const known: readonly string[] = PERMISSIONS
  const extra = [...new Set(roles.flatMap((r) => r.permissions))].filter((p) => !known.includes(p)).sort()
  return [...known, ...extra].map((permission) => ({
    permission,
    granted: Object.fromEntries(roles.map((r) => [r.code, r.permissions.includes(permission)])),
  }))
}

/** The i18n key of a permission's name (`orgs.write` → `permissionNames.orgs_write`). */
export function permissionKey(permission: string): string {
  return `permissionNames.${permission.replace(/\./g, '_')}`
}
