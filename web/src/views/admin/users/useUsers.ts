import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { isVersionConflict, localizeError } from '@/api/errors'
import { isApiError } from '@/api/http'
import type { EntityStatus } from '@/api/organisations'
import { listUsers, updateUser, type User } from '@/api/users'
import { collectAll, usePagedList } from '@/composables/usePagedList'
import { useReferenceStore } from '@/stores/reference'
import { useSessionStore } from '@/stores/session'
import { downloadText, toCsv } from '@/utils/csv'
import { formatDateTime } from '@/utils/time'

export interface UserFilters {
  region: string | undefined
  org: string | undefined
  role: string | undefined
  status: EntityStatus | ''
  q: string
}

/** The user table: filters, paging, enable/disable, export. */
export function useUsers() {
  const { t } = useI18n()
  const session = useSessionStore()
  const reference = useReferenceStore()
  void reference.loadRoles().catch(() => undefined)

  const filters = reactive<UserFilters>({ region: session.region ?? undefined, org: undefined, role: undefined, status: '', q: '' })
  const list = usePagedList(listUsers, filters, { pageSize: 20 })

  // An organisation filter from another region makes no sense once the region changes.
  watch(
    () => filters.region,
    () => (filters.org = undefined),
  )

  const toggling = ref<string | null>(null)

  /** Disables (ending every session of the user) or enables, after a confirmation. */
  async function setStatus(user: User, status: EntityStatus): Promise<boolean> {
    const disabling = status === 'disabled'
    try {
      await ElMessageBox.confirm(
        disabling ? t('users.disableConfirm', { name: user.name }) : t('users.enableConfirm', { name: user.name }),
        disabling ? t('users.disableTitle') : t('users.enableTitle'),
        {
          type: disabling ? 'warning' : 'info',
          confirmButtonText: disabling ? t('common.disable') : t('common.enable'),
          cancelButtonText: t('common.cancel'),
          confirmButtonClass: disabling ? 'el-button--danger' : '',
        },
      )
    } catch {
      return false // cancelled
    }
    toggling.value = user.id
    try {
      await updateUser(user.id, { status, version: user.version })
      ElMessage.success(disabling ? t('users.disabled', { name: user.name }) : t('users.enabled', { name: user.name }))
      await list.reload()
      return true
    } catch (error) {
      if (isVersionConflict(error)) {
        ElMessage.warning(t('users.changedMeanwhile'))
        await list.reload()
      } else if (!isApiError(error) || error.code !== 'aborted') {
        ElMessage.error(localizeError(error))
      }
      return false
    } finally {
      toggling.value = null
    }
  }

  const exporting = ref(false)
  async function exportCsv() {
    exporting.value = true
    try {
      const rows = await collectAll(listUsers, { ...filters })
      const header = ['name', 'phone', 'org_id', 'region', 'roles', 'status', 'last_login_at'].map((f) => t(`fields.${f}`))
      const body = rows.map((u) => [
        u.name,
        u.phone,
        u.org?.name ?? '',
        u.region_name,
        u.roles.map((r) => reference.roleName(r)).join('、'),
        t(`status.${u.status}`),
        u.last_login_at ? formatDateTime(u.last_login_at) : '',
      ])
      downloadText(`${t('admin.nav.users')}.csv`, toCsv(header, body))
      ElMessage.success(t('common.exported', { n: rows.length }))
    } catch (error) {
      ElMessage.error(localizeError(error))
    } finally {
      exporting.value = false
    }
  }

  return { filters, list, toggling, setStatus, exporting, exportCsv, reference }
}
