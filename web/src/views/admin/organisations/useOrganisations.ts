import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { localizeError } from '@/api/errors'
import { listAllOrganisations, listOrganisations, type Organisation, type OrgType } from '@/api/organisations'
import { collectAll, usePagedList } from '@/composables/usePagedList'
import { useReferenceStore } from '@/stores/reference'
import { useSessionStore } from '@/stores/session'
import { downloadText, toCsv } from '@/utils/csv'
import { isWithin } from '@/utils/regions'
import { buildOrgTree, regionKey, type OrgTreeNode } from './orgTree'

/** The organisation page: the tree on the left, the filtered table on the right. */
export function useOrganisations() {
  const { t } = useI18n()
  const session = useSessionStore()
  const reference = useReferenceStore()

  const filters = reactive<{ region: string | undefined; type: OrgType | ''; q: string }>({
    region: session.region ?? undefined,
    type: '',
    q: '',
  })
  const list = usePagedList(listOrganisations, filters, { pageSize: 20 })

  // The tree holds every organisation in the user's jurisdiction.
  const allOrgs = shallowRef<Organisation[]>([])
  const treeLoading = ref(false)
  const treeError = ref('')
  const orgsById = computed(() => new Map(allOrgs.value.map((o) => [o.id, o])))
  const tree = computed<OrgTreeNode[]>(() => buildOrgTree(reference.regionTree, allOrgs.value))
  const selectedKey = computed(() => (filters.region ? regionKey(filters.region) : undefined))

  async function loadTree(): Promise<void> {
    treeLoading.value = true
    treeError.value = ''
    try {
      await reference.loadRegions()
      allOrgs.value = await listAllOrganisations(session.region ?? undefined)
    } catch (error) {
      treeError.value = localizeError(error)
    } finally {
      treeLoading.value = false
    }
  }
  void loadTree()

  const parentName = (org: Organisation) => (org.parent_id ? (orgsById.value.get(org.parent_id)?.name ?? '') : '')
  const regionLabel = computed(() => reference.regionName(filters.region))

  function selectRegion(code: string | undefined) {
    filters.region = code
  }

  /** After a save: refresh both sides and show the region of what was saved. */
  async function afterSave(org: Organisation) {
    await loadTree()
    if (filters.region && !isWithin(org.region, filters.region)) filters.region = org.region
    await list.reload()
  }

  const exporting = ref(false)
  async function exportCsv() {
    exporting.value = true
    try {
      const rows = await collectAll(listOrganisations, { ...filters })
      const header = ['name', 'type', 'region', 'parent_id', 'contact_phone', 'duty_phone', 'external_id', 'status'].map((f) => t(`fields.${f}`))
      const body = rows.map((o) => [
        o.name,
        t(`orgTypes.${o.type}`),
        o.region_name || reference.regionName(o.region),
        parentName(o),
        o.contact_phone,
        o.duty_phone,
        o.external_id ?? '',
        t(`status.${o.status}`),
      ])
      downloadText(`${t('admin.nav.organisations')}-${regionLabel.value || 'all'}.csv`, toCsv(header, body))
      ElMessage.success(t('common.exported', { n: rows.length }))
    } catch (error) {
      ElMessage.error(localizeError(error))
    } finally {
      exporting.value = false
    }
  }

  // The user's region may arrive after the page (a reload straight into /admin).
  watch(
    () => session.region,
    (region) => {
      if (!filters.region && region) filters.region = region
    },
  )

  return {
    filters,
    list,
    tree,
    treeLoading,
    treeError,
    allOrgs,
    orgsById,
    selectedKey,
    regionLabel,
    parentName,
    selectRegion,
    loadTree,
    afterSave,
    exporting,
    exportCsv,
  }
}
