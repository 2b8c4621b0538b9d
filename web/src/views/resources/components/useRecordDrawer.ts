import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { localizeError } from '@/api/errors'
import { isApiError } from '@/api/http'
import {
  deleteResource,
  getResource,
  listResources,
  nearbyResources,
  verifyResource,
  type ResourcePlacement,
  type ResourceRecord,
} from '@/api/resources'
import { useResourceKindsStore } from '@/stores/resourceKinds'
import { childrenCount } from '../serverReasons'
import { NEARBY_RADIUS_M } from './record'

export interface ChildGroup {
  kind: string
  total: number
  items: ResourceRecord[]
}

/**
 * One record in the side drawer: load it, confirm it unchanged, delete it, and its
 * surroundings (records within 10 km) and the records that belong to it.
 */
export function useRecordDrawer() {
  const { t } = useI18n()
  const kinds = useResourceKindsStore()
  const id = ref<string | null>(null)
  const record = shallowRef<ResourceRecord | null>(null)
  const loading = ref(false)
  const failure = ref('')
  const verifying = ref(false)
  const deleting = ref(false)
  const nearby = shallowRef<ResourcePlacement[] | null>(null)
  const nearbyLoading = ref(false)
  const children = shallowRef<ChildGroup[]>([])
  /** The record is gone (deleted by someone, or out of reach). */
  const gone = ref(false)
  let generation = 0

  const located = computed(() => record.value !== null && record.value.lon !== null && record.value.lat !== null)

  async function loadChildren(r: ResourceRecord, mine: number): Promise<void> {
    const groups = kinds.childKinds(r.kind)
    if (groups.length === 0) {
      children.value = []
      return
    }
    try {
      const pages = await Promise.all(groups.map((k) => listResources({ kind: k.key, parent: r.id, limit: 20 }, { silent: true })))
      if (mine !== generation) return
      children.value = groups.map((k, i) => ({ kind: k.key, total: pages[i]?.total ?? 0, items: pages[i]?.items ?? [] }))
    } catch {
      if (mine === generation) children.value = []
    }
  }

  async function open(next: string): Promise<void> {
    const mine = ++generation
    id.value = next
    loading.value = true
    failure.value = ''
    gone.value = false
    nearby.value = null
    children.value = []
    if (record.value?.id !== next) record.value = null
    try {
      const r = await getResource(next, { silent: true })
      if (mine !== generation) return
      record.value = r
      void loadChildren(r, mine)
    } catch (error) {
      if (mine !== generation) return
      if (isApiError(error) && error.status === 404) gone.value = true
      failure.value = isApiError(error) && error.status === 404 ? t('res.drawer.gone') : localizeError(error)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** Reads the record again (someone changed it); keeps the nearby list. */
  async function reload(): Promise<void> {
    if (!id.value) return
    const keep = nearby.value
    await open(id.value)
    nearby.value = keep
  }

  function close(): void {
    generation++
    id.value = null
    record.value = null
    nearby.value = null
    children.value = []
    failure.value = ''
  }

  function replace(next: ResourceRecord): void {
    record.value = next
  }

  async function verify(): Promise<ResourceRecord | null> {
    const r = record.value
    if (!r || verifying.value) return null
    verifying.value = true
    try {
      const verified = await verifyResource(r.id)
      if (record.value?.id === verified.id) record.value = verified
      ElMessage.success(t('res.drawer.verified', { name: verified.name || `#${verified.id}` }))
      return verified
    } catch (error) {
      ElMessage.error(localizeError(error))
      return null
    } finally {
      verifying.value = false
    }
  }

  async function remove(): Promise<boolean> {
    const r = record.value
    if (!r || deleting.value) return false
    try {
      await ElMessageBox.confirm(t('res.drawer.deleteConfirm', { name: r.name || `#${r.id}` }), t('res.drawer.deleteTitle'), {
        type: 'warning',
        confirmButtonText: t('common.delete'),
        cancelButtonText: t('common.cancel'),
        confirmButtonClass: 'el-button--danger',
      })
    } catch {
      return false
    }
    deleting.value = true
    try {
      await deleteResource(r.id)
      ElMessage.success(t('res.drawer.deleted', { name: r.name || `#${r.id}` }))
      close()
      return true
    } catch (error) {
      const count = childrenCount(error)
      if (count !== null) ElMessage.error({ message: t('res.drawer.hasChildren', { n: count }), duration: 6000 })
      else ElMessage.error(localizeError(error))
      return false
    } finally {
      deleting.value = false
    }
  }

  async function loadNearby(): Promise<void> {
    const r = record.value
    if (!r || r.lon === null || r.lat === null) return
    nearbyLoading.value = true
    try {
      const items = await nearbyResources({ lon: r.lon, lat: r.lat, radius_m: NEARBY_RADIUS_M, k: 51 })
      if (record.value?.id === r.id) nearby.value = items.filter((item) => item.id !== r.id).slice(0, 50)
    } catch {
      nearby.value = null
    } finally {
      nearbyLoading.value = false
    }
  }

  return {
    id,
    record,
    loading,
    failure,
    gone,
    verifying,
    deleting,
    nearby,
    nearbyLoading,
    children,
    located,
    open,
    reload,
    close,
    replace,
    verify,
    remove,
    loadNearby,
  }
}
