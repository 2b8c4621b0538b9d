import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { isVersionConflict, localizeError } from '@/api/errors'
import { levelNameKey } from '@/utils/levels'
import {
  createReport,
  getIncident,
  incidentTimeline,
  listIncidentReports,
  mergeIncident,
  setIncidentLevel,
  setIncidentStatus,
  type Incident,
  type IncidentDetail,
  type Level,
  type Report,
  type ReportKind,
  type TimelineEntry,
} from '@/api/incidents'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { actionKey, concernsIncident } from './incidentQuery'

/** One incident with its reports and timeline, kept current from the "incidents" and "reports" topics. */
export function useIncidentDetail(id: Ref<string>) {
  const { t, te } = useI18n()
  const router = useRouter()
  const session = useSessionStore()
  const incident = shallowRef<IncidentDetail | null>(null)
  const reports = shallowRef<Report[]>([])
  const timeline = shallowRef<TimelineEntry[]>([])
  const loading = ref(false)
  const loadError = shallowRef<unknown>(null)
  const busy = ref(false)
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    const wanted = id.value
    loading.value = true
    try {
      const [detail, reportList, steps] = await Promise.all([
        getIncident(wanted, { silent: true }),
        listIncidentReports(wanted, { silent: true }),
        incidentTimeline(wanted, { silent: true }),
      ])
      if (mine !== generation) return
      incident.value = detail
      reports.value = reportList
      timeline.value = steps
      loadError.value = null
    } catch (error) {
      if (mine === generation) loadError.value = error
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(
    id,
    () => {
      incident.value = null
      void load()
    },
    { immediate: true },
  )

  let timer: ReturnType<typeof setTimeout> | null = null
  function soon(): void {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void load()
    }, 250)
  }
  useRealtimeTopic('incidents', (event) => {
    if (concernsIncident(event.data, id.value)) soon()
  })
  useRealtimeTopic('reports', (event) => {
    if (concernsIncident(event.data, id.value)) soon()
  })
  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
  })

  const isOwn = computed(() => !!incident.value && incident.value.org_id === session.user?.org?.id)
  const canWrite = computed(() => session.can('incidents.write'))
  const canApprove = computed(() => session.can('incidents.approve'))
  const timelineSorted = computed(() => [...timeline.value].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)))

  function actionLabel(action: string): string {
    const key = actionKey(action)
    return te(key) ? t(key) : action
  }

  /**
   * Runs a change of the incident, then `after` with its answer; a stale version reloads and
   * says so; other refusals are shown. Answers success.
   */
  async function act<R>(run: (current: IncidentDetail) => Promise<R>, after: (result: R) => Promise<unknown>): Promise<boolean> {
    const current = incident.value
    if (!current || busy.value) return false
    busy.value = true
    try {
      await after(await run(current))
      return true
    } catch (error) {
      if (isVersionConflict(error)) {
        ElMessage.warning(t('incidents.detail.changedMeanwhile'))
        await load()
      } else {
        ElMessage.error(localizeError(error))
      }
      return false
    } finally {
      busy.value = false
    }
  }

  const change = (run: (current: IncidentDetail) => Promise<Incident | unknown>, done: string): Promise<boolean> =>
    act(run, async () => {
      ElMessage.success(done)
      await load()
    })

  const setStatus = (status: 'responding' | 'closed' | 'received', note: string) =>
    change(
      (c) => setIncidentStatus(c.id, { status, note, version: c.version }),
      t('incidents.detail.statusChanged', { status: t(`incidents.status.${status}`) }),
    )

  const setLevel = (level: Level, reason: string) =>
    change(
      (c) => setIncidentLevel(c.id, { level, reason, version: c.version }),
      t('incidents.detail.levelChanged', {
        level: t(levelNameKey(level, incident.value?.level_family)),
      }),
    )

  const merge = (into: string): Promise<boolean> =>
    act(
      (c) => mergeIncident(c.id, { into, version: c.version }),
      async (survivor) => {
        ElMessage.success(t('incidents.detail.merged', { title: survivor.title }))
        await router.push({ name: 'duty-incident', params: { id: survivor.id } })
      },
    )

  async function newReport(kind: ReportKind): Promise<void> {
    const current = incident.value
    if (!current || busy.value) return
    busy.value = true
    try {
      const report = await createReport(current.id, kind)
      await router.push({ name: 'duty-report', params: { id: report.id } })
    } catch (error) {
      ElMessage.error(localizeError(error))
    } finally {
      busy.value = false
    }
  }

  return {
    incident,
    reports,
    timeline: timelineSorted,
    loading,
    loadError,
    busy,
    isOwn,
    canWrite,
    canApprove,
    load,
    actionLabel,
    setStatus,
    setLevel,
    merge,
    newReport,
  }
}
