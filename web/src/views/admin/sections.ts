import { Connection, DataBoard, Key, Lock, OfficeBuilding, Tickets, Upload, User } from '@element-plus/icons-vue'
import type { Permission, Requirement } from '@/utils/permissions'
import { firstPathOf, type ModuleSection } from '@/utils/sections'

export type AdminSectionKey = 'organisations' | 'users' | 'roles' | 'sessions' | 'tokens' | 'orgAdmins' | 'audit' | 'import'

/** Under /admin; a null permission: every signed-in user (their own sessions). */
export type AdminSection = ModuleSection<AdminSectionKey, `admin.nav.${AdminSectionKey}`>

/** The sub-pages of 系统管理, in menu order. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { key: 'organisations', path: 'organisations', titleKey: 'admin.nav.organisations', icon: OfficeBuilding, permission: 'orgs.read' },
  { key: 'users', path: 'users', titleKey: 'admin.nav.users', icon: User, permission: 'users.read' },
  { key: 'roles', path: 'roles', titleKey: 'admin.nav.roles', icon: Lock, permission: 'users.read' },
  { key: 'orgAdmins', path: 'org-admins', titleKey: 'admin.nav.orgAdmins', icon: DataBoard, permission: 'admins.read' },
  { key: 'tokens', path: 'tokens', titleKey: 'admin.nav.tokens', icon: Key, permission: 'tokens.manage' },
  { key: 'audit', path: 'audit', titleKey: 'admin.nav.audit', icon: Tickets, permission: 'audit.read' },
  { key: 'import', path: 'import', titleKey: 'admin.nav.import', icon: Upload, permission: 'identity.import' },
  { key: 'sessions', path: 'sessions', titleKey: 'admin.nav.sessions', icon: Connection, permission: null },
]

/** The permissions that make 系统管理 appear in the main menu (any one). */
export const ADMIN_MENU_PERMISSIONS: readonly Permission[] = [
  'orgs.read',
  'users.read',
  'tokens.manage',
  'audit.read',
  'admins.read',
  'identity.import',
]

/** Where /admin leads: the first sub-page the user may open. */
export function firstSectionPath(can: (required: Requirement) => boolean): string {
  return firstPathOf(ADMIN_SECTIONS, '/admin', can, '/admin/sessions')
}
