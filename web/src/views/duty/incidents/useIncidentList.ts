import { onScopeDispose, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { localizeError } from '@/api/errors'
import { listIncidents, type Incident, type IncidentQuery } from '@/api/incidents'
import { collectAll, usePagedList } from '@/composables/usePagedList'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { downloadText, toCsv } from '@/utils/csv'
import { incidentQuery, matchesFilters, type IncidentFilters } from './incidentQuery'
import { formatDateTime } from '@/utils/time'

/** 信息接报 list: filters above, server paging, live rows from the "incidents" topic, CSV export. */
export function useIncidentList() {
  const { t } = useI18n()
  const session = useSessionStore()
  const filters = reactive<IncidentFilters>({ region: session.region, status: '', level: '', type: '', drill: '', q: '' })
  const list = usePagedList(
    (query: IncidentFilters & { limit: number; offset: number }) =>
      listIncidents({ ...incidentQuery(query), limit: query.limit, offset: query.offset }, { silent: true }),
    filters,
    { pageSize: 20 },
  )

  // Rows that arrived live stay highlighted for a while.
  const fresh = ref(new Set<string>())
  let timer: ReturnType<typeof setTimeout> | null = null
  useRealtimeTopic('incidents', (event) => {
    const incident = event.data as Incident | null
    if (!incident || typeof incident !== 'object' || !incident.id) return
    if (!matchesFilters(incident, filters) && !list.items.value.some((row) => row.id === incident.id)) return
    if (event.event === 'created') {
      fresh.value = new Set([...fresh.value, incident.id])
      setTimeout(() => {
        const next = new Set(fresh.value)
        next.delete(incident.id)
        fresh.value = next
      }, 8000)
    }
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void list.reload()
    }, 300)
  })
  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
  })

  watch(
    () => session.region,
    (region) => {
      if (!filters.region) filters.region = region
    },
  )

  const exporting = ref(false)
  async function exportCsv(): Promise<void> {
    exporting.value = true
    try {
      const rows = await collectAll((q: IncidentQuery & { limit: number; offset: number }) => listIncidents(q), incidentQuery(filters))
      const header = ['level', 'title', 'type', 'region', 'address', 'occurred_at', 'status', 'deaths', 'missing', 'injured', 'drill', 'org'].map(
        (key) => t(`incidents.columns.${key}`),
      )
      const body = rows.map((row) => [
        row.level_name || t(`incidents.levels.${row.level}`),
        row.title,
        row.type_name,
        row.region_name,
        row.address,
        formatDateTime(row.occurred_at),
        t(`incidents.status.${row.status}`),
        row.deaths,
        row.missing,
        row.injured,
        row.drill ? t('incidents.drill') : '',
        row.org_name,
      ])
      downloadText(`${t('incidents.listTitle')}.csv`, toCsv(header, body))
      ElMessage.success(t('common.exported', { n: rows.length }))
    } catch (error) {
      ElMessage.error(localizeError(error))
    } finally {
      exporting.value = false
    }
  }

  return { filters, list, fresh, exporting, exportCsv }
}
