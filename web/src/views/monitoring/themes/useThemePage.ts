import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import {
  acknowledgeAlarm,
  alarmToIncident,
  alarmToWarning,
  closeAlarm,
  getAlarm,
  getCatalogue,
  getMonitoringSummary,
  getStation,
  listAlarms,
  listEarthquakes,
  listStations,
  monitoringTopic,
  type Alarm,
  type Catalogue,
  type Earthquake,
  type MonitoringSummary,
  type ReadingsEvent,
  type Station,
  type ThemeCode,
} from '@/api/monitoring'
import { listResources, type ResourceRecord } from '@/api/resources'
import { getRealtime, useRealtimeState, useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { isWithin } from '@/utils/regions'
import { THEME_CONFIG, type HazardLayer } from './themeConfig'
import { alarmOf, applyReadings, stationAfterAlarm, upsertOpenAlarm } from './themeLogic'

/** Open alarms fetched at once (the most severe first); more are counted, not listed. */
export const ALARM_PAGE = 200
/** Stations of a theme fetched at once (the server's maximum). */
export const STATION_LIMIT = 2000
/** Hazard points per layer. */
export const HAZARD_LIMIT = 1000
/** A new alarm stays highlighted this long. */
const FRESH_MS = 10_000

let catalogue: Promise<Catalogue> | null = null
/** The catalogue of themes and metrics, once per page load. */
export function loadCatalogue(): Promise<Catalogue> {
  catalogue ??= getCatalogue({ silent: true }).catch((e: unknown) => {
    catalogue = null
    throw e
  })
  return catalogue
}

export type ReadingsListener = (items: ReadingsEvent['items']) => void

/**
 * One theme page: its stations, summary, open alarms (ranked by the server, live), hazard
 * points and earthquakes, kept up to date from topic `monitoring/{theme}` without a reload:
 * "alarm" events re-rank the list and recolour the station, "readings" events update last
 * values and reach the trend charts through `onReadings`.
 */
export function useThemePage(theme: ThemeCode) {
  const session = useSessionStore()
  const config = THEME_CONFIG[theme]
  const region = ref<string | null>(session.region)

  const stations = shallowRef<readonly Station[]>([])
  const stationsTotal = ref(0)
  const stationsError = shallowRef<unknown>(null)
  const stationsLoading = ref(false)
  const summary = shallowRef<MonitoringSummary | null>(null)
  const alarms = shallowRef<readonly Alarm[]>([])
  const alarmsTotal = ref(0)
  const alarmsError = shallowRef<unknown>(null)
  const alarmsLoading = ref(false)
  const fresh = ref<ReadonlySet<string>>(new Set())
  const hazards = shallowRef<{ layer: HazardLayer; items: ResourceRecord[] }[]>([])
  const quakes = shallowRef<Earthquake[]>([])
  const quakesLoading = ref(false)
  const metricsCatalogue = shallowRef<Catalogue['metrics']>([])
  const selectedId = ref<string | null>(null)
  const selected = computed(() => stations.value.find((s) => s.id === selectedId.value) ?? null)
  /** Every open alarm of the theme is listed (the station colours can follow the list alone). */
  const complete = computed(() => alarmsTotal.value <= alarms.value.length)
  /** Ticks each minute: a station turns silent when its last reading grows an hour old. */
  const minute = ref(Date.now())

  /** Summary filtered by region only when the user narrowed the page below their jurisdiction. */
  const narrowed = computed(() => (region.value && region.value !== session.region ? region.value : undefined))

  let generation = 0

  async function loadStations(): Promise<void> {
    const mine = generation
    stationsLoading.value = true
    try {
      const page = await listStations({ theme, region: region.value, limit: STATION_LIMIT }, { silent: true })
      if (mine !== generation) return
      stations.value = page.items
      stationsTotal.value = page.total
      stationsError.value = null
    } catch (e) {
      if (mine === generation) stationsError.value = e
    } finally {
      if (mine === generation) stationsLoading.value = false
    }
  }

  async function loadAlarms(): Promise<void> {
    const mine = generation
    alarmsLoading.value = true
    try {
      const page = await listAlarms({ theme, region: region.value, state: 'open', limit: ALARM_PAGE }, { silent: true })
      if (mine !== generation) return
      alarms.value = page.items
      alarmsTotal.value = page.total
      alarmsError.value = null
    } catch (e) {
      if (mine === generation) alarmsError.value = e
    } finally {
      if (mine === generation) alarmsLoading.value = false
    }
  }

  async function loadSummary(): Promise<void> {
    const mine = generation
    try {
      const next = await getMonitoringSummary({ theme, region: narrowed.value }, { silent: true })
      if (mine === generation) summary.value = next
    } catch {
      // the tiles keep their last numbers
    }
  }

  async function loadHazards(): Promise<void> {
    const mine = generation
    const layers = await Promise.all(
      config.hazards.map(async (layer) => {
        try {
          const page = await listResources(
            { kind: layer.kind, category: layer.category, region: region.value ?? undefined, limit: HAZARD_LIMIT },
            { silent: true },
          )
          return { layer, items: page.items }
        } catch {
          return { layer, items: [] }
        }
      }),
    )
    if (mine === generation) hazards.value = layers
  }

  async function loadQuakes(): Promise<void> {
    if (!config.overview.some((c) => c.kind === 'earthquakes')) return
    const mine = generation
    quakesLoading.value = true
    try {
      const items = await listEarthquakes(30, { silent: true })
      if (mine === generation) quakes.value = items.filter((q) => isWithin(q.region, region.value))
    } catch {
      // the chart says there is nothing
    } finally {
      if (mine === generation) quakesLoading.value = false
    }
  }

  function loadCatalogueMetrics() {
    loadCatalogue()
      .then((c) => (metricsCatalogue.value = c.metrics))
      .catch(() => undefined)
  }

  async function reload(): Promise<void> {
    generation += 1
    await Promise.all([loadStations(), loadAlarms(), loadSummary(), loadHazards(), loadQuakes()])
  }

  // ------------------------------------------------------------ live

  const timers = new Set<ReturnType<typeof setTimeout>>()
  function later(fn: () => void, ms: number) {
    const handle = setTimeout(() => {
      timers.delete(handle)
      fn()
    }, ms)
    timers.add(handle)
  }
  function debounced(fn: () => void, ms: number) {
    let handle: ReturnType<typeof setTimeout> | null = null
    return () => {
      if (handle) {
        clearTimeout(handle)
        timers.delete(handle)
      }
      handle = setTimeout(() => {
        if (handle) timers.delete(handle)
        handle = null
        fn()
      }, ms)
      timers.add(handle)
    }
  }
  const summarySoon = debounced(() => void loadSummary(), 300)
  const quakesSoon = debounced(() => void loadQuakes(), 1500)
  const staleStations = new Set<string>()
  const stationsSoon = debounced(() => {
    const ids = [...staleStations]
    staleStations.clear()
    for (const id of ids) {
      getStation(id, { silent: true })
        .then((s) => replaceStation(s))
        .catch(() => undefined)
    }
  }, 800)

  function replaceStation(next: Station) {
    if (!stations.value.some((s) => s.id === next.id)) return
    stations.value = stations.value.map((s) => (s.id === next.id ? next : s))
  }

  function markFresh(id: string) {
    fresh.value = new Set([...fresh.value, id])
    later(() => {
      const next = new Set(fresh.value)
      next.delete(id)
      fresh.value = next
    }, FRESH_MS)
  }

  /** An alarm as the server now has it (a live event or the answer to an action). */
  function applyAlarm(alarm: Alarm, live = false) {
    const before = alarms.value
    const had = before.some((a) => a.id === alarm.id)
    if (!had && (!isWithin(alarm.region ?? '', region.value) || (alarm.theme && alarm.theme !== theme))) return
    const after = upsertOpenAlarm(before, alarm)
    if (after === before) return
    alarms.value = after
    const has = after.some((a) => a.id === alarm.id)
    if (!had && has) {
      alarmsTotal.value += 1
      if (live) markFresh(alarm.id)
    } else if (had && !has) alarmsTotal.value = Math.max(0, alarmsTotal.value - 1)
    const station = stations.value.find((s) => s.id === alarm.station_id)
    if (station) {
      const next = stationAfterAlarm(station, after, complete.value, alarm)
      if (next !== station) replaceStation(next)
      if (!complete.value) {
        staleStations.add(station.id)
        stationsSoon()
      }
    }
    summarySoon()
  }

  const listeners = new Set<ReadingsListener>()
  /** Calls `listener` with the items of every "readings" event while the caller's scope lives. */
  function onReadings(listener: ReadingsListener): void {
    listeners.add(listener)
    onScopeDispose(() => listeners.delete(listener))
  }

  useRealtimeTopic(monitoringTopic(theme), (event) => {
    if (event.event === 'alarm') {
      const alarm = alarmOf(event.data)
      if (alarm) applyAlarm(alarm, true)
      return
    }
    if (event.event === 'readings') {
      const data = event.data as ReadingsEvent | null
      const items = Array.isArray(data?.items) ? data.items.map((i) => ({ ...i, station: String(i.station) })) : []
      if (items.length === 0) return
      const { stations: next, changed } = applyReadings(stations.value, { items })
      if (changed) stations.value = next
      for (const listener of listeners) listener(items)
      if (items.some((i) => i.metric === 'magnitude')) quakesSoon()
    }
  })

  /** The server has confirmed the theme's topic: alarms and readings arrive live. */
  const live = computed(() => getRealtime().confirmedTopics.value.has(monitoringTopic(theme)))

  // After a dropped connection, events were missed: load everything again.
  const connection = useRealtimeState()
  let loaded = false
  watch(connection, (state, previous) => {
    if (state === 'open' && previous !== 'open' && loaded) void reload()
  })

  const tick = setInterval(() => {
    minute.value = Date.now()
    void loadSummary()
  }, 60_000)
  onScopeDispose(() => {
    clearInterval(tick)
    for (const handle of timers) clearTimeout(handle)
    timers.clear()
  })

  watch(
    region,
    () => {
      void reload().then(() => (loaded = true))
    },
    { immediate: true },
  )
  watch(
    () => session.region,
    (r) => {
      if (!region.value) region.value = r
    },
  )
  loadCatalogueMetrics()

  // ------------------------------------------------------------ actions

  /** 确认. A 409 (acknowledged or closed meanwhile) shows the alarm as the server has it, then rethrows. */
  async function acknowledge(alarm: Alarm): Promise<Alarm> {
    try {
      const next = await acknowledgeAlarm(alarm.id)
      applyAlarm(next)
      return next
    } catch (e) {
      await refreshAlarm(alarm.id)
      throw e
    }
  }

  async function close(alarm: Alarm, reason: string): Promise<Alarm> {
    const next = await closeAlarm(alarm.id, reason)
    applyAlarm(next)
    return next
  }

  async function toWarning(alarm: Alarm) {
    const answer = await alarmToWarning(alarm.id)
    applyAlarm(answer.alarm)
    return answer
  }

  async function toIncident(alarm: Alarm, occurredAt?: string) {
    const answer = await alarmToIncident(alarm.id, occurredAt)
    applyAlarm(answer.alarm)
    return answer
  }

  async function refreshAlarm(id: string): Promise<void> {
    try {
      applyAlarm(await getAlarm(id, { silent: true }))
    } catch {
      // the list keeps what it had
    }
  }

  return {
    config,
    region,
    stations,
    stationsTotal,
    stationsError,
    stationsLoading,
    summary,
    alarms,
    alarmsTotal,
    alarmsError,
    alarmsLoading,
    fresh,
    hazards,
    quakes,
    quakesLoading,
    metricsCatalogue,
    selectedId,
    selected,
    minute,
    live,
    reload,
    loadAlarms,
    replaceStation,
    onReadings,
    acknowledge,
    close,
    toWarning,
    toIncident,
  }
}

export type ThemePageState = ReturnType<typeof useThemePage>
