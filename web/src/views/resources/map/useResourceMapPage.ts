import { computed, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { localizeError } from '@/api/errors'
import {
  clusterResources,
  countResources,
  getResource,
  listResources,
  type BoundaryCollection,
  type ResourceCount,
  type ResourcePlacement,
  type ResourceRecord,
} from '@/api/resources'
import { listIncidents, type Incident } from '@/api/incidents'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { isLevel, levelNameKey } from '@/utils/levels'
import { placed } from '@/views/home/homeLogic'
import type { IncidentMarkers } from '@/views/home/incidentMarkers'
import { useReferenceStore } from '@/stores/reference'
import { useResourceKindsStore } from '@/stores/resourceKinds'
import { useResourceViewStore } from '@/stores/resourceView'
import type { Region } from '@/api/reference'
import { useActiveWarningAreas } from '@/views/monitoring/alerts/useWarningAreas'
import type { WarningAreas } from '@/views/monitoring/alerts/warningAreas'
import { localName } from '../schema'
import { loadBoundaries } from './boundaries'
import { createClusterLoader, limitSymbols, type ClusterFilters } from './clusterLoader'
import { formatDistance, pathLength, paddedBbox, regionBbox, regionCodePrefix, type LonLat } from './geo'
import type { ResourceMap } from './leafletMap'
import { readTileSettings, writeTileSettings, type TileSettingsInput } from './mapSettings'
import { kindColour } from './palette'
import { matchRegions } from './placeSearch'

/** The most symbols the map draws at once (the server's grid keeps far below it). */
export const MAX_SYMBOLS = 3000

/** Zoom a chosen record is shown at. */
export const FOCUS_ZOOM = 14

/** The drawer on the right and the column of map buttons beside it while it is open (px). */
const DRAWER_WIDTH = 440
const TOOLS_WIDTH = 56
/** The layer panel (left, ~296 px) and the drawer (right, 440 px) leave this much off-centre. */
const DRAWER_OFFSET_X = (DRAWER_WIDTH - 296) / 2

export interface LayerRow {
  kind: string
  name: string
  colour: string
  count: number
  visible: boolean
  categories: { code: string; name: string; count: number }[]
}

/** Layer tree rows: every located kind with its categories and their counts. */
export function layerRows(
  kinds: readonly { key: string; name: string; name_en: string; located: boolean; categories: { code: string; name: string; name_en: string }[] }[],
  counts: readonly ResourceCount[],
  hidden: ReadonlySet<string>,
  locale: 'zh-CN' | 'en',
): LayerRow[] {
  const byKind = new Map<string, Map<string, number>>()
  for (const c of counts) {
    const m = byKind.get(c.kind) ?? new Map<string, number>()
    m.set(c.category, (m.get(c.category) ?? 0) + c.count)
    byKind.set(c.kind, m)
  }
  return kinds
    .filter((k) => k.located)
    .map((k) => {
      const m = byKind.get(k.key) ?? new Map<string, number>()
      const categories = k.categories.map((c) => ({ code: c.code, name: localName(c, locale), count: m.get(c.code) ?? 0 }))
      // Categories the schema does not list (should not happen) still count.
      for (const [code, count] of m) if (!k.categories.some((c) => c.code === code)) categories.push({ code, name: code, count })
      return {
        kind: k.key,
        name: localName(k, locale),
        colour: kindColour(k.key),
        count: categories.reduce((sum, c) => sum + c.count, 0),
        visible: !hidden.has(k.key),
        categories,
      }
    })
}

/** The map page: base map, clusters, layer tree, region, search, measure, settings, focus. */
export function useResourceMapPage(container: Ref<HTMLElement | null>) {
  const { t } = useI18n()
  const route = useRoute()
  const router = useRouter()
  const kinds = useResourceKindsStore()
  const reference = useReferenceStore()
  const view = useResourceViewStore()

  const map = shallowRef<ResourceMap | null>(null)
  const boundaries = shallowRef<BoundaryCollection | null>(null)
  const counts = shallowRef<ResourceCount[]>([])
  const state = ref<'starting' | 'loading' | 'idle' | 'error'>('starting')
  const failure = ref('')
  const symbols = ref(0)
  const shownRecords = ref(0)
  const total = ref(0)
  const dropped = ref(0)
  const zoom = ref(0)
  const selectedId = ref<string | null>(null)
  const measuring = ref(false)
  const measurePoints = shallowRef<LonLat[]>([])
  const tileWarning = ref(false)
  const tileSettings = ref<TileSettingsInput | null>(readTileSettings())

  // 预警区域: the active warnings' areas in their level colours, under the symbols, live.
  const warningsVisible = ref(true)
  const warningLayer = shallowRef<WarningAreas | null>(null)
  const warningAreas = ref(0)
  const { warnings, shapes: warningShapes } = useActiveWarningAreas(computed(() => view.region))

  function drawWarnings(): void {
    const w = warningLayer.value
    if (!w) return
    warningAreas.value = w.set(warningShapes.value, (level) => t(`alerts.levels.${level}`))
    w.setVisible(warningsVisible.value)
  }

  function openWarning(id: string): void {
    if (measuring.value) return
    void router.push({ name: 'monitoring-alert', params: { id } })
  }

  // 事件图层: the open incidents of the region with a position, in their level colours, live.
  const session = useSessionStore()
  const canIncidents = session.can('incidents.read')
  const incidentsVisible = ref(false)
  const incidents = shallowRef<Incident[]>([])
  const incidentLayer = shallowRef<IncidentMarkers | null>(null)
  const incidentCount = computed(() => placed(incidents.value).length)

  async function loadIncidents(): Promise<void> {
    if (!incidentsVisible.value || !canIncidents) return
    try {
      const pages = await Promise.all(
        (['received', 'responding'] as const).map((status) =>
          listIncidents({ status, region: view.region ?? undefined, limit: 200 }, { silent: true }),
        ),
      )
      incidents.value = pages.flatMap((p) => p.items)
    } catch {
      // the layer stays as it was; the map still works
    }
  }

  function drawIncidents(): void {
    incidentLayer.value?.set(incidentsVisible.value ? placed(incidents.value) : [], {
      levelName: (level, family) => (family === 'geological' && isLevel(level) ? t(levelNameKey(level, family)) : t(`home.levels.${level}`)),
      drill: t('home.drill'),
    })
  }

  function openIncident(id: string): void {
    if (measuring.value) return
    void router.push({ name: 'duty-incident', params: { id } })
  }

  const hidden = computed(() => new Set(view.hiddenKinds))
  const layers = computed(() => layerRows(kinds.kinds, counts.value, hidden.value, kinds.locale()))
  const measureText = computed(() => formatDistance(pathLength(measurePoints.value), kinds.locale()))

  function filters(): ClusterFilters {
    if (hidden.value.size === 0) return { kinds: null, region: view.region }
    return { kinds: kinds.located.map((k) => k.key).filter((k) => !hidden.value.has(k)), region: view.region }
  }

  const loader = createClusterLoader({
    fetch: (query, signal) => clusterResources(query, signal),
    onResult: (answer) => {
      const limited = limitSymbols(answer.items, MAX_SYMBOLS)
      symbols.value = map.value?.setClusters(limited.items) ?? 0
      shownRecords.value = limited.items.reduce((sum, c) => sum + c.count, 0)
      total.value = answer.total
      dropped.value = limited.dropped
      failure.value = ''
      state.value = 'idle'
    },
    onError: (error) => {
      failure.value = localizeError(error)
      state.value = 'error'
    },
    onLoading: (loading) => {
      if (loading) state.value = 'loading'
    },
  })

  function currentQuery() {
    const m = map.value
    if (!m) return null
    return { bbox: paddedBbox(m.viewBbox()), zoom: m.zoom() }
  }

  function refresh(now = true): void {
    const q = currentQuery()
    if (!q) return
    // Loading from the moment a request is due, so "idle" always means the view is drawn.
    state.value = 'loading'
    if (now) void loader.requestNow(q.bbox, q.zoom, filters())
    else loader.request(q.bbox, q.zoom, filters())
  }

  async function loadCounts(): Promise<void> {
    try {
      counts.value = await countResources(view.region ?? undefined)
    } catch {
      // the tree shows no counts; the map still works
    }
  }

  function fitRegion(animate = true): void {
    const b = boundaries.value
    const m = map.value
    if (!b || !m) return
    const box = regionBbox(b, view.region)
    if (box) m.fitBbox(box, animate)
  }

  function popupContent(item: ResourcePlacement): HTMLElement {
    const root = document.createElement('div')
    root.className = 'resource-popup-body'
    root.dataset.testid = 'map-popup'
    const name = document.createElement('strong')
    name.textContent = item.name || t('res.unnamed', { id: item.id })
    const meta = document.createElement('div')
    meta.className = 'resource-popup-meta'
    meta.textContent = `${kinds.kindName(item.kind)} · ${kinds.categoryName(item.kind, item.category)}`
    const place = document.createElement('div')
    place.className = 'resource-popup-meta'
    place.textContent = reference.regionFullName(item.region)
    root.append(name, meta, place)
    return root
  }

  /** Shows a record: highlight, fly there, open the drawer. */
  function focus(place: { id: string; lon: number | null; lat: number | null }, fly = true): void {
    selectedId.value = place.id
    const m = map.value
    if (!m) return
    if (place.lon === null || place.lat === null) {
      m.setHighlight(null)
      return
    }
    m.setHighlight({ lon: place.lon, lat: place.lat })
    if (fly) m.flyTo({ lon: place.lon, lat: place.lat }, FOCUS_ZOOM, DRAWER_OFFSET_X)
  }

  async function focusFromRoute(): Promise<void> {
    const id = typeof route.query.focus === 'string' ? route.query.focus : null
    if (!id || !map.value) return
    try {
      const r = await getResource(id, { silent: true })
      focus(r)
    } catch (error) {
      failure.value = localizeError(error)
    }
    // The focus is done; keep the URL clean so a reload shows the region again.
    void router.replace({ query: { ...route.query, focus: undefined } })
  }

  async function start(): Promise<void> {
    const el = container.value
    if (!el) return
    try {
      const [{ ResourceMap }, { WarningAreas }] = await Promise.all([
        import('./leafletMap'),
        import('@/views/monitoring/alerts/warningAreas'),
        kinds.load(),
        reference.loadRegions(),
      ])
      if (!container.value) return
      const m = new ResourceMap(
        el,
        {
          view: (_bbox, z) => {
            zoom.value = z
            refresh(false)
          },
          select: (item) => focus(item, false),
          measure: (points) => (measurePoints.value = points),
          tileError: () => (tileWarning.value = true),
          popup: popupContent,
        },
        { leftInset: 276, rightInset: DRAWER_WIDTH + TOOLS_WIDTH },
      )
      map.value = m
      zoom.value = m.zoom()
      warningLayer.value = new WarningAreas(m.map, openWarning, { renderer: m.symbolCanvas() })
      drawWarnings()
      if (canIncidents) {
        const { IncidentMarkers } = await import('@/views/home/incidentMarkers')
        incidentLayer.value = new IncidentMarkers(m.map, openIncident)
      }
      if (tileSettings.value) m.setTiles(tileSettings.value)
      const b = await loadBoundaries()
      boundaries.value = b
      if (b) {
        m.setBoundaries(b, reference.regions)
        m.setRegion(view.region)
        fitRegion(false)
      }
      void loadCounts()
      refresh(true)
      await focusFromRoute()
    } catch (error) {
      failure.value = localizeError(error)
      state.value = 'error'
    }
  }

  onMounted(() => void start())
  onBeforeUnmount(() => {
    loader.cancel()
    map.value?.destroy()
    map.value = null
    warningLayer.value = null
    incidentLayer.value = null
  })

  watch(
    () => view.region,
    () => {
      map.value?.setRegion(view.region)
      fitRegion()
      void loadCounts()
      void loadIncidents()
      refresh(true)
    },
  )
  watch(incidentsVisible, () => {
    drawIncidents()
    void loadIncidents()
  })
  watch(incidents, drawIncidents)
  let incidentTimer: ReturnType<typeof setTimeout> | null = null
  useRealtimeTopic('incidents', () => {
    if (!incidentsVisible.value) return
    if (incidentTimer) clearTimeout(incidentTimer)
    incidentTimer = setTimeout(() => {
      incidentTimer = null
      void loadIncidents()
    }, 800)
  })
  onBeforeUnmount(() => {
    if (incidentTimer) clearTimeout(incidentTimer)
  })
  watch([warningShapes, warningsVisible], drawWarnings)
  watch(
    () => view.hiddenKinds,
    () => refresh(true),
  )
  watch(
    () => route.query.focus,
    () => void focusFromRoute(),
  )

  // Someone added, moved or removed a record: refresh what is shown (once per burst).
  let realtimeTimer: ReturnType<typeof setTimeout> | null = null
  useRealtimeTopic('resources', () => {
    if (realtimeTimer) clearTimeout(realtimeTimer)
    realtimeTimer = setTimeout(() => {
      realtimeTimer = null
      void loadCounts()
      refresh(true)
    }, 800)
  })
  onBeforeUnmount(() => {
    if (realtimeTimer) clearTimeout(realtimeTimer)
  })

  function setKindVisible(kind: string, visible: boolean): void {
    view.setKindVisible(kind, visible)
  }

  function setAllVisible(visible: boolean): void {
    view.hiddenKinds = visible ? [] : kinds.located.map((k) => k.key)
  }

  function toggleMeasure(): void {
    measuring.value = !measuring.value
    map.value?.setMeasuring(measuring.value)
    if (!measuring.value) map.value?.clearMeasure()
  }

  function clearMeasure(): void {
    map.value?.clearMeasure()
  }

  function saveTiles(settings: TileSettingsInput | null): void {
    writeTileSettings(settings)
    tileSettings.value = settings && settings.url.trim() ? settings : null
    tileWarning.value = false
    map.value?.setTiles(tileSettings.value)
  }

  // Place search: counties and cities of the jurisdiction by name, at once (reference data).
  const searchText = ref('')
  const placeResults = computed(() => matchRegions(reference.regions, searchText.value, session.region))

  /** Shows a county or city: its outline fills the view; outside the chosen region, it becomes the region. */
  function goToRegion(r: Region): void {
    const current = view.region
    if (current && !r.code.startsWith(regionCodePrefix(current))) {
      view.region = r.code // the region's watch fits the map to it
      return
    }
    const m = map.value
    if (!m) return
    const box = boundaries.value ? regionBbox(boundaries.value, r.code) : null
    if (box) m.fitBbox(box)
    else m.flyTo({ lon: r.lon, lat: r.lat }, r.level === 'county' ? 11 : 9)
  }

  // Name search: the first 20 matches in the region, newest request wins.
  const searchResults = shallowRef<ResourceRecord[] | null>(null)
  const searching = ref(false)
  let searchTimer: ReturnType<typeof setTimeout> | null = null
  let searchGeneration = 0
  watch(searchText, (text) => {
    if (searchTimer) clearTimeout(searchTimer)
    const q = text.trim()
    if (!q) {
      searchGeneration++
      searchResults.value = null
      searching.value = false
      return
    }
    searchTimer = setTimeout(() => void runSearch(q), 300)
  })
  async function runSearch(q: string): Promise<void> {
    const mine = ++searchGeneration
    searching.value = true
    try {
      const page = await listResources({ q, region: view.region ?? undefined, limit: 20 }, { silent: true })
      if (mine === searchGeneration) searchResults.value = page.items
    } catch (error) {
      if (mine === searchGeneration) {
        searchResults.value = []
        failure.value = localizeError(error)
      }
    } finally {
      if (mine === searchGeneration) searching.value = false
    }
  }

  function onDrawerChanged(): void {
    void loadCounts()
    refresh(true)
  }

  function onDrawerDeleted(): void {
    map.value?.setHighlight(null)
    onDrawerChanged()
  }

  watch(selectedId, (id) => {
    if (!id) map.value?.setHighlight(null)
  })

  return {
    map,
    state,
    failure,
    symbols,
    shownRecords,
    total,
    dropped,
    zoom,
    layers,
    selectedId,
    measuring,
    measurePoints,
    measureText,
    tileWarning,
    tileSettings,
    warnings,
    warningsVisible,
    warningAreas,
    canIncidents,
    incidentsVisible,
    incidentCount,
    searchText,
    searchResults,
    placeResults,
    searching,
    view,
    goToRegion,
    focus,
    fitRegion,
    setKindVisible,
    setAllVisible,
    toggleMeasure,
    clearMeasure,
    saveTiles,
    onDrawerChanged,
    onDrawerDeleted,
    refresh,
  }
}
