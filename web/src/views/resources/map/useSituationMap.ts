import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { BoundaryCollection } from '@/api/resources'
import { useReferenceStore } from '@/stores/reference'
import type { AlertShape } from '@/views/monitoring/alerts/alertLogic'
import type { WarningAreas } from '@/views/monitoring/alerts/warningAreas'
import { loadBoundaries } from './boundaries'
import { regionBbox, type LonLat } from './geo'
import type { ResourceMap } from './leafletMap'
import { readTileSettings } from './mapSettings'

export interface SituationMapOptions {
  container: Readonly<Ref<HTMLElement | null>>
  /** The region to outline and frame (null: the whole province). */
  region: () => string | null
  /** Active warnings drawn as areas in their level's colour. */
  areas: () => readonly AlertShape[]
  openAlert: (id: string) => void
  /** Draw the warning areas on the symbol canvas (under the page's symbols, one canvas). */
  areasOnSymbolCanvas?: boolean
  /** Adds the page's own layers once the map stands. */
  ready: (map: ResourceMap) => void | Promise<void>
  /** After the region changed and the map was framed on it. */
  regionChanged?: () => void
  /** A click on the map itself (not on a symbol): the page picks a point. */
  click?: (point: LonLat) => void
}

/**
 * A read-only situation map, as the home page and the monitoring theme pages show it: the
 * offline base map (county boundaries, the tile layer when one is set) framed on a region,
 * with the active warnings' areas; the page adds its own layers in `ready`.
 */
export function useSituationMap(options: SituationMapOptions) {
  const { t } = useI18n()
  const reference = useReferenceStore()
  const map = shallowRef<ResourceMap | null>(null)
  const warningLayer = shallowRef<WarningAreas | null>(null)
  const boundaries = shallowRef<BoundaryCollection | null>(null)
  const areaCount = ref(0)
  const failed = ref(false)

  function drawAreas() {
    const w = warningLayer.value
    if (w) areaCount.value = w.set(options.areas(), (level) => t(`alerts.levels.${level}`))
  }

  function frame() {
    const m = map.value
    const box = m && boundaries.value ? regionBbox(boundaries.value, options.region()) : null
    if (m && box) m.fitBbox(box, false)
  }

  onMounted(async () => {
    const el = options.container.value
    if (!el) return
    try {
      const [{ ResourceMap }, { WarningAreas }, b] = await Promise.all([
        import('./leafletMap'),
        import('@/views/monitoring/alerts/warningAreas'),
        loadBoundaries(),
        reference.loadRegions().catch(() => undefined),
      ])
      if (!options.container.value) return
      const noop = () => undefined
      const m = new ResourceMap(el, {
        view: noop,
        select: noop,
        measure: noop,
        tileError: noop,
        popup: () => document.createElement('div'),
        ...(options.click ? { click: options.click } : {}),
      })
      map.value = m
      const tiles = readTileSettings()
      if (tiles) m.setTiles(tiles)
      boundaries.value = b
      if (b) {
        m.setBoundaries(b, reference.regions)
        m.setRegion(options.region())
      }
      frame()
      warningLayer.value = new WarningAreas(m.map, options.openAlert, options.areasOnSymbolCanvas ? { renderer: m.symbolCanvas() } : undefined)
      drawAreas()
      await options.ready(m)
    } catch {
      failed.value = true
    }
  })

  watch(options.areas, drawAreas)
  watch(options.region, (region) => {
    map.value?.setRegion(region)
    frame()
    options.regionChanged?.()
  })

  onBeforeUnmount(() => {
    map.value?.destroy()
    map.value = null
    warningLayer.value = null
  })

  return { map, areaCount, failed }
}
