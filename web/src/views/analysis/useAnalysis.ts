import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { getEarthquakeZones, getIncidentSituation, getPointSituation, type QuakePicture, type Situation } from '@/api/analysis'
import { isApiError } from '@/api/http'
import { getIncident, listIncidents, type Incident, type IncidentDetail } from '@/api/incidents'
import type { ReadingsEvent } from '@/api/monitoring'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { useDebounced } from '@/views/duty/useDebounced'
import { hasQuakeZones, liveTopics, queryOfTarget, refetchesOn, sameTarget, targetFromQuery, withReadings, type Target } from './analysisLogic'

/** Active incidents offered in the picker (newest first). */
export const PICKER_LIMIT = 30

/**
 * The 研判分析 page's data. What is analysed lives in the address (`?incident=ID` or
 * `?lon=&lat=&type=`), so a link or a reload shows the same picture. The situation is fetched
 * again (debounced) when records, warnings, incidents or alarms change; the stations' latest
 * readings are applied as they arrive. An earthquake incident with a magnitude gets its
 * intensity zones at once; at any point a magnitude can be entered by hand.
 */
export function useAnalysis(options: { debounceMs?: number } = {}) {
  const route = useRoute()
  const router = useRouter()
  const session = useSessionStore()

  const target = computed<Target | null>(() => targetFromQuery(route.query))
  const situation = shallowRef<Situation | null>(null)
  const incident = shallowRef<IncidentDetail | null>(null)
  const quake = shallowRef<QuakePicture | null>(null)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  const quakeError = shallowRef<unknown>(null)
  const quakeLoading = ref(false)
  /** The magnitude (and depth) of the zones drawn, or entered for a point. */
  const magnitude = ref<number | null>(null)
  const depthKm = ref<number>(10)
  const updatedAt = ref<number | null>(null)

  let generation = 0
  let controller: AbortController | null = null

  async function load(quiet = false): Promise<void> {
    const current = target.value
    const mine = ++generation
    controller?.abort()
    const abort = new AbortController()
    controller = abort
    if (!current) {
      situation.value = null
      incident.value = null
      quake.value = null
      error.value = null
      loading.value = false
      return
    }
    if (!quiet) loading.value = true
    try {
      const opts = { silent: true, signal: abort.signal }
      const [next, detail] = await Promise.all([
        current.kind === 'incident' ? getIncidentSituation(current.id, undefined, opts) : getPointSituation(current, opts),
        current.kind === 'incident' ? getIncident(current.id, opts) : Promise.resolve(null),
      ])
      if (mine !== generation) return
      situation.value = next
      incident.value = detail
      error.value = null
      updatedAt.value = Date.now()
      if (detail && hasQuakeZones(detail) && magnitude.value === null) magnitude.value = detail.magnitude
      if (magnitude.value !== null) void loadQuake()
    } catch (e) {
      if (mine !== generation || (isApiError(e) && e.code === 'aborted')) return
      error.value = e
      if (!quiet) situation.value = null
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  let quakeGeneration = 0
  async function loadQuake(): Promise<void> {
    const s = situation.value
    const m = magnitude.value
    if (!s || m === null) {
      quake.value = null
      return
    }
    const mine = ++quakeGeneration
    quakeLoading.value = true
    try {
      const next = await getEarthquakeZones({ lon: s.point.lon, lat: s.point.lat, magnitude: m, depth_km: depthKm.value }, { silent: true })
      if (mine !== quakeGeneration) return
      quake.value = next
      quakeError.value = null
    } catch (e) {
      if (mine !== quakeGeneration) return
      quakeError.value = e
      quake.value = null
    } finally {
      if (mine === quakeGeneration) quakeLoading.value = false
    }
  }

  function clearQuake(): void {
    quakeGeneration++
    magnitude.value = null
    quake.value = null
    quakeError.value = null
    quakeLoading.value = false
  }

  function go(next: Target | null): void {
    if (sameTarget(next, target.value)) {
      void load()
      return
    }
    void router.push({ path: route.path, query: queryOfTarget(next) })
  }

  function analyseIncident(id: string): void {
    go({ kind: 'incident', id })
  }

  /** A point clicked on the map, with the incident type chosen for points (if any). */
  function analysePoint(lon: number, lat: number, type = pointType.value): void {
    go({ kind: 'point', lon, lat, type })
  }

  /** The incident type of a point analysis (which stock, equipment and experts matter). */
  const pointType = ref('')
  watch(
    target,
    (next, previous) => {
      if (next?.kind === 'point') pointType.value = next.type
      if (sameTarget(next ?? null, previous ?? null) && situation.value) return
      clearQuake()
      void load()
    },
    { immediate: true },
  )

  // Live: records, warnings and incidents change the picture; a burst refetches once.
  const refetchSoon = useDebounced(() => void load(true), options.debounceMs ?? 800)
  for (const topic of liveTopics(session.can('monitoring.read'))) {
    useRealtimeTopic(topic, (event) => {
      if (!situation.value) return
      if (event.event === 'readings') {
        const data = event.data as ReadingsEvent | undefined
        if (data && Array.isArray(data.items)) {
          const stations = withReadings(situation.value.stations, data)
          if (stations !== situation.value.stations) situation.value = { ...situation.value, stations: [...stations] }
        }
        return
      }
      if (refetchesOn(topic, event.event)) refetchSoon()
    })
  }

  // The picker: active incidents (received or responding) of the jurisdiction, by title.
  const choices = shallowRef<Incident[]>([])
  const choicesLoading = ref(false)
  let choiceGeneration = 0
  async function searchIncidents(q = ''): Promise<void> {
    const mine = ++choiceGeneration
    choicesLoading.value = true
    try {
      const query = { q: q.trim() || undefined, limit: PICKER_LIMIT }
      const pages = await Promise.all([
        listIncidents({ ...query, status: 'responding' }, { silent: true }),
        listIncidents({ ...query, status: 'received' }, { silent: true }),
      ])
      if (mine !== choiceGeneration) return
      choices.value = pages
        .flatMap((p) => p.items)
        .sort((a, b) => Date.parse(b.occurred_at) - Date.parse(a.occurred_at))
        .slice(0, PICKER_LIMIT)
    } catch {
      if (mine === choiceGeneration) choices.value = []
    } finally {
      if (mine === choiceGeneration) choicesLoading.value = false
    }
  }

  onScopeDispose(() => {
    controller?.abort()
    generation++
    quakeGeneration++
  })

  return {
    target,
    situation,
    incident,
    quake,
    loading,
    error,
    quakeError,
    quakeLoading,
    magnitude,
    depthKm,
    pointType,
    updatedAt,
    choices,
    choicesLoading,
    load,
    loadQuake,
    clearQuake,
    analyseIncident,
    analysePoint,
    searchIncidents,
  }
}
