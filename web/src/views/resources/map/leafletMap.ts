/**
 * The Leaflet side of the one map (一张图): an offline base map drawn from the county
 * boundaries, an optional tile layer, the clusters and single records on a canvas, a
 * highlight of the chosen record, and the measure tool. Loaded with the map route only.
 *
 * Everything data-heavy is drawn on canvas (Leaflet's canvas renderer): county fills, the
 * three kinds of borders, and every cluster and point. Only the labels of cities and
 * counties and the highlight ring are DOM elements.
 */
import * as L from 'leaflet'
import type { FeatureCollection } from 'geojson'
import 'leaflet/dist/leaflet.css'
import './leafletTheme.css'
import type { Bbox, BoundaryCollection, ResourceCluster, ResourcePlacement } from '@/api/resources'
import type { Region } from '@/api/reference'
import { borderLines, regionCodePrefix, type LonLat } from './geo'
import { clusterLabel, clusterRadius, clusterSlices, kindColour, POINT_RADIUS, type Slice } from './palette'

export interface TileSettings {
  url: string
  attribution?: string
  maxZoom?: number
}

export interface ResourceMapEvents {
  /** The view settled (after a move or zoom). */
  view: (bbox: Bbox, zoom: number) => void
  /** A single record was clicked. */
  select: (item: ResourcePlacement) => void
  /** The measured path changed. */
  measure: (points: LonLat[]) => void
  /** The tile layer failed to load tiles. */
  tileError: () => void
  /** Builds the popup of a record (DOM, so names are never parsed as HTML). */
  popup: (item: ResourcePlacement) => HTMLElement
  /** A click on the map itself (not on a symbol), outside the measure tool. */
  click?: (point: LonLat) => void
}

/** Zoom at or below which cities are labelled; counties from the next zoom on. */
export const CITY_LABEL_MAX_ZOOM = 8

/** The province's box when nothing else is known (Shanxi). */
export const DEFAULT_BBOX: Bbox = [110.2, 34.5, 114.6, 40.8]

interface CanvasInternals {
  _renderer: { _drawing: boolean; _ctx: CanvasRenderingContext2D }
  _point: L.Point
  _radius: number
  _empty(): boolean
}

/** A cluster drawn on the canvas: a ring of kind shares around a dark disc with the count. */
class ClusterSymbol extends L.CircleMarker {
  slices: Slice[]
  label: string
  cluster: ResourceCluster

  constructor(cluster: ResourceCluster) {
    super(L.latLng(cluster.lat, cluster.lon), {
      radius: clusterRadius(cluster.count),
      weight: 2,
      color: '#ffffff',
      fillColor: '#0b1f3f',
      fillOpacity: 0.9,
      interactive: true,
      bubblingMouseEvents: false,
    })
    this.cluster = cluster
    this.slices = clusterSlices(cluster.kinds)
    this.label = clusterLabel(cluster.count)
  }

  _updatePath(): void {
    const self = this as unknown as CanvasInternals
    const renderer = self._renderer
    if (!renderer._drawing || self._empty()) return
    const ctx = renderer._ctx
    const { x, y } = self._point
    const r = Math.max(Math.round(self._radius), 1)
    ctx.save()
    ctx.globalAlpha = 0.95
    for (const slice of this.slices) {
      ctx.beginPath()
      ctx.moveTo(x, y)
      ctx.arc(x, y, r, slice.start, slice.end, false)
      ctx.closePath()
      ctx.fillStyle = slice.colour
      ctx.fill()
    }
    ctx.beginPath()
    ctx.arc(x, y, r * 0.66, 0, Math.PI * 2, false)
    ctx.globalAlpha = 0.94
    ctx.fillStyle = '#0b1f3f'
    ctx.fill()
    ctx.beginPath()
    ctx.arc(x, y, r, 0, Math.PI * 2, false)
    ctx.globalAlpha = 1
    ctx.lineWidth = 1.5
    ctx.strokeStyle = 'rgba(255,255,255,0.85)'
    ctx.stroke()
    ctx.fillStyle = '#ffffff'
    ctx.font = `600 ${r >= 24 ? 13 : r >= 18 ? 12 : 11}px system-ui, sans-serif`
    ctx.textAlign = 'center'
    ctx.textBaseline = 'middle'
    ctx.fillText(this.label, x, y + 0.5)
    ctx.restore()
  }
}

function escapeText(text: string): string {
  const div = document.createElement('div')
  div.textContent = text
  return div.innerHTML
}

/**
 * Where a record's popup may sit: clear of the layer panel on the left and of the drawer and the
 * map's buttons on the right (the buttons move beside the drawer while it is open), and of the
 * status line at the bottom. Leaflet pans the map until the popup fits.
 */
export function popupPadding(leftInset: number, rightInset: number): { topLeft: [number, number]; bottomRight: [number, number] } {
  return { topLeft: [leftInset + 16, 16], bottomRight: [rightInset + 16, 48] }
}

export class ResourceMap {
  readonly map: L.Map
  private readonly events: ResourceMapEvents
  private readonly symbolRenderer: L.Canvas
  private readonly baseRenderer: L.Canvas
  private readonly measureRenderer: L.Canvas
  private counties: L.GeoJSON | null = null
  private borders: L.LayerGroup | null = null
  private cityLabels = L.layerGroup()
  private countyLabels = L.layerGroup()
  private symbols = L.layerGroup()
  private highlight: L.Marker | null = null
  private tiles: L.TileLayer | null = null
  private measuring = false
  private measurePoints: LonLat[] = []
  private measureLayer = L.layerGroup()
  private selectedRegion: string | null = null
  private hasTiles = false
  private readonly leftInset: number
  private readonly rightInset: number
  private readonly resizeObserver: ResizeObserver | null

  /**
   * `leftInset`: pixels on the left covered by a panel (fitting a region leaves them free);
   * `rightInset`: pixels on the right covered while a record is shown (its drawer and the map's
   * buttons beside it): a record's popup is moved into view left of them.
   */
  constructor(element: HTMLElement, events: ResourceMapEvents, options: { leftInset?: number; rightInset?: number } = {}) {
    this.events = events
    this.leftInset = options.leftInset ?? 0
    this.rightInset = options.rightInset ?? 0
    element.classList.add('fh-map')
    if (events.click) element.classList.add('is-picking')
    const map = L.map(element, {
      zoomControl: false,
      attributionControl: false,
      preferCanvas: true,
      minZoom: 5,
      maxZoom: 18,
      zoomSnap: 1,
      worldCopyJump: false,
      doubleClickZoom: true,
    })
    this.map = map
    map.createPane('basemap').style.zIndex = '250'
    map.createPane('labels').style.zIndex = '350'
    map.createPane('symbols').style.zIndex = '420'
    map.createPane('measure').style.zIndex = '440'
    map.createPane('highlight').style.zIndex = '450'
    for (const pane of ['basemap', 'labels'] as const) map.getPane(pane)!.style.pointerEvents = 'none'
    this.baseRenderer = L.canvas({ pane: 'basemap', padding: 0.2 })
    this.symbolRenderer = L.canvas({ pane: 'symbols', padding: 0.2, tolerance: 2 })
    this.measureRenderer = L.canvas({ pane: 'measure', padding: 0.2 })
    L.control.zoom({ position: 'topright', zoomInTitle: '+', zoomOutTitle: '−' }).addTo(map)
    L.control.scale({ imperial: false, position: 'bottomright' }).addTo(map)
    this.symbols.addTo(map)
    this.measureLayer.addTo(map)
    this.fitBbox(DEFAULT_BBOX, false)

    // The side menu can collapse without a window resize: follow the container's size.
    this.resizeObserver = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => map.invalidateSize({ debounceMoveend: true }))
    this.resizeObserver?.observe(element)
    map.on('moveend', () => this.events.view(this.viewBbox(), this.zoom()))
    map.on('zoomend', () => this.updateLabels())
    map.on('click', (e: L.LeafletMouseEvent) => {
      const point = { lon: e.latlng.lng, lat: e.latlng.lat }
      if (this.measuring) this.addMeasurePoint(point)
      else this.events.click?.(point)
    })
  }

  /** The canvas the symbols are drawn on, for overlays that must stay under them (warning areas). */
  symbolCanvas(): L.Renderer {
    return this.symbolRenderer
  }

  zoom(): number {
    return Math.round(this.map.getZoom())
  }

  viewBbox(): Bbox {
    const b = this.map.getBounds()
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
  }

  fitBbox(bbox: Bbox, animate = true): void {
    this.map.fitBounds(
      [
        [bbox[1], bbox[0]],
        [bbox[3], bbox[2]],
      ],
      { animate, paddingTopLeft: [this.leftInset + 24, 24], paddingBottomRight: [60, 40] },
    )
  }

  /** The offline base map: county fills, borders by level, labels. */
  setBoundaries(collection: BoundaryCollection, regions: readonly Region[]): void {
    this.counties?.remove()
    this.borders?.remove()
    // L.geoJSON hands its options (pane, renderer) to every polygon it makes.
    const options: L.GeoJSONOptions & L.PathOptions = {
      pane: 'basemap',
      renderer: this.baseRenderer,
      interactive: false,
      style: (feature) => this.countyStyle(String(feature?.properties?.code ?? '')),
    }
    this.counties = L.geoJSON(collection as unknown as FeatureCollection, options)
    this.counties.addTo(this.map)

    const lines = borderLines(collection)
    const group = L.layerGroup()
    const style = {
      county: { color: '#2d5b8f', weight: 0.7, opacity: 0.9 },
      city: { color: '#4f95dc', weight: 1.6, opacity: 0.95 },
      province: { color: '#38bdf8', weight: 2.6, opacity: 1 },
    } as const
    for (const cls of ['county', 'city', 'province'] as const) {
      if (lines[cls].length === 0) continue
      L.polyline(lines[cls], { ...style[cls], pane: 'basemap', renderer: this.baseRenderer, interactive: false, smoothFactor: 0.5 }).addTo(group)
    }
    group.addTo(this.map)
    this.borders = group

    this.cityLabels.clearLayers()
    this.countyLabels.clearLayers()
    const counties = new Set(collection.features.map((f) => f.properties.code))
    for (const region of regions) {
      if (!Number.isFinite(region.lon) || !Number.isFinite(region.lat)) continue
      const target = region.level === 'city' ? this.cityLabels : region.level === 'county' && counties.has(region.code) ? this.countyLabels : null
      if (!target) continue
      L.marker([region.lat, region.lon], {
        pane: 'labels',
        interactive: false,
        keyboard: false,
        icon: L.divIcon({
          className: `map-label map-label-${region.level}`,
          html: `<span>${escapeText(region.name)}</span>`,
          iconSize: [0, 0],
        }),
      }).addTo(target)
    }
    this.updateLabels()
  }

  private countyStyle(code: string): L.PathOptions {
    const inside = !this.selectedRegion || code.startsWith(regionCodePrefix(this.selectedRegion))
    const opacity = this.hasTiles ? (inside ? 0.12 : 0.45) : inside ? 0.95 : 0.55
    return { stroke: false, fill: true, fillColor: inside ? '#143766' : '#0a1b38', fillOpacity: opacity }
  }

  /** Brightens the counties of the chosen region. */
  setRegion(code: string | null): void {
    this.selectedRegion = code
    this.counties?.setStyle((feature) => this.countyStyle(String(feature?.properties?.code ?? '')))
  }

  private updateLabels(): void {
    const zoom = this.zoom()
    const showCities = zoom <= CITY_LABEL_MAX_ZOOM
    if (showCities) {
      this.countyLabels.remove()
      this.cityLabels.addTo(this.map)
    } else {
      this.cityLabels.remove()
      this.countyLabels.addTo(this.map)
    }
  }

  /** Replaces the drawn clusters and points; answers how many symbols were drawn. */
  setClusters(items: readonly ResourceCluster[]): number {
    const layers: L.Layer[] = []
    for (const cluster of items) {
      if (cluster.count === 1 && cluster.item) {
        const item = cluster.item
        const dot = L.circleMarker([item.lat, item.lon], {
          renderer: this.symbolRenderer,
          pane: 'symbols',
          radius: POINT_RADIUS,
          color: '#ffffff',
          weight: 1.5,
          fillColor: kindColour(item.kind),
          fillOpacity: 1,
          bubblingMouseEvents: false,
        })
        dot.on('click', (e: L.LeafletMouseEvent) => this.onPoint(item, e.latlng))
        layers.push(dot)
      } else {
        const symbol = new ClusterSymbol(cluster)
        symbol.options.renderer = this.symbolRenderer
        symbol.options.pane = 'symbols'
        symbol.on('click', (e: L.LeafletMouseEvent) => this.onCluster(cluster, e.latlng))
        layers.push(symbol)
      }
    }
    this.symbols.clearLayers()
    for (const layer of layers) this.symbols.addLayer(layer)
    return layers.length
  }

  private onPoint(item: ResourcePlacement, at: L.LatLng): void {
    if (this.measuring) {
      this.addMeasurePoint({ lon: at.lng, lat: at.lat })
      return
    }
    this.showPopup(item)
    this.events.select(item)
  }

  private onCluster(cluster: ResourceCluster, at: L.LatLng): void {
    if (this.measuring) {
      this.addMeasurePoint({ lon: at.lng, lat: at.lat })
      return
    }
    this.map.setView([cluster.lat, cluster.lon], Math.min(this.map.getMaxZoom(), this.zoom() + 2))
  }

  showPopup(item: ResourcePlacement): void {
    const padding = popupPadding(this.leftInset, this.rightInset)
    L.popup({
      offset: [0, -4],
      closeButton: true,
      autoPan: true,
      autoPanPaddingTopLeft: padding.topLeft,
      autoPanPaddingBottomRight: padding.bottomRight,
      className: 'resource-popup',
    })
      .setLatLng([item.lat, item.lon])
      .setContent(this.events.popup(item))
      .openOn(this.map)
  }

  /** A ring around the chosen record; null clears it. */
  setHighlight(point: LonLat | null): void {
    this.highlight?.remove()
    this.highlight = null
    if (!point) return
    this.highlight = L.marker([point.lat, point.lon], {
      pane: 'highlight',
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: 'map-highlight', html: '<span></span>', iconSize: [28, 28] }),
    }).addTo(this.map)
  }

  /** Shows the point at `zoom` at once (no animation). */
  centerOn(point: LonLat, zoom: number): void {
    this.map.setView([point.lat, point.lon], zoom, { animate: false })
  }

  /**
   * Flies to the point at `zoom` (or closer). `offsetX` pixels shift the point left of the
   * middle: the side drawer covers the right of the map.
   */
  flyTo(point: LonLat, zoom: number, offsetX = 0): void {
    const z = Math.max(zoom, this.zoom())
    const target = this.map.unproject(this.map.project([point.lat, point.lon], z).add([offsetX, 0]), z)
    this.map.flyTo(target, z, { duration: 0.8 })
  }

  /** A tile layer under the base map (a deployment's own tile server), or none. */
  setTiles(settings: TileSettings | null): void {
    this.tiles?.remove()
    this.tiles = null
    this.hasTiles = false
    if (settings && settings.url.trim()) {
      let reported = false
      this.tiles = L.tileLayer(settings.url.trim(), {
        maxZoom: settings.maxZoom ?? 18,
        attribution: settings.attribution ? escapeText(settings.attribution) : undefined,
      })
      this.tiles.on('tileerror', () => {
        if (!reported) this.events.tileError()
        reported = true
      })
      this.tiles.addTo(this.map)
      this.hasTiles = true
    }
    this.setRegion(this.selectedRegion)
  }

  setMeasuring(on: boolean): void {
    this.measuring = on
    this.map.getContainer().classList.toggle('is-measuring', on)
    if (on) this.map.doubleClickZoom.disable()
    else this.map.doubleClickZoom.enable()
  }

  clearMeasure(): void {
    this.measurePoints = []
    this.measureLayer.clearLayers()
    this.events.measure([])
  }

  private addMeasurePoint(point: LonLat): void {
    this.measurePoints = [...this.measurePoints, point]
    this.measureLayer.clearLayers()
    const latlngs = this.measurePoints.map((p) => L.latLng(p.lat, p.lon))
    if (latlngs.length > 1) {
      L.polyline(latlngs, {
        renderer: this.measureRenderer,
        pane: 'measure',
        color: '#fde047',
        weight: 2.5,
        dashArray: '6 4',
        interactive: false,
      }).addTo(this.measureLayer)
    }
    for (const latlng of latlngs) {
      L.circleMarker(latlng, {
        renderer: this.measureRenderer,
        pane: 'measure',
        radius: 4,
        color: '#fde047',
        weight: 2,
        fillColor: '#0b1f3f',
        fillOpacity: 1,
        interactive: false,
      }).addTo(this.measureLayer)
    }
    this.events.measure(this.measurePoints)
  }

  destroy(): void {
    this.resizeObserver?.disconnect()
    this.map.off()
    this.map.remove()
  }
}
