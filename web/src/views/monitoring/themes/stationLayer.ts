/**
 * A theme's stations and hazard points on the map's symbol canvas: stations filled in their
 * status colour (the worst open alarm's level, green when normal, grey when silent), bigger
 * when in alarm; hazard points as small dark dots ringed in their kind's colour, under the
 * stations. Name and status on hover; a click on a station selects it. Loaded with Leaflet,
 * only on the theme pages.
 */
import * as L from 'leaflet'

export interface StationSymbol {
  id: string
  name: string
  lon: number
  lat: number
  colour: string
  /** In alarm: drawn larger and on top. */
  alarm: boolean
  /** Hover text (plain, escaped here). */
  tip: string
}

export interface HazardSymbol {
  id: string
  name: string
  lon: number
  lat: number
  colour: string
  tip: string
}

const placed = (p: { lon: number; lat: number }) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && !(p.lon === 0 && p.lat === 0)

export class StationLayer {
  private readonly hazards = L.layerGroup()
  private readonly stations = L.layerGroup()

  constructor(
    private readonly map: L.Map,
    private readonly renderer: L.Renderer,
    private readonly onSelect: (id: string) => void,
  ) {
    this.hazards.addTo(map)
    this.stations.addTo(map)
  }

  /** Replaces the stations; answers how many were drawn. Alarms last, so they sit on top. */
  setStations(items: readonly StationSymbol[]): number {
    this.stations.clearLayers()
    const sorted = items.filter(placed).sort((a, b) => Number(a.alarm) - Number(b.alarm))
    for (const s of sorted) {
      const dot = L.circleMarker([s.lat, s.lon], {
        renderer: this.renderer,
        pane: 'symbols',
        radius: s.alarm ? 8 : 6,
        color: '#ffffff',
        weight: s.alarm ? 2 : 1.5,
        fillColor: s.colour,
        fillOpacity: 1,
        bubblingMouseEvents: false,
      })
      dot.bindTooltip(escapeText(s.tip).replace(/\n/g, '<br>'), { direction: 'top', offset: [0, -6], className: 'incident-tooltip' })
      dot.on('click', () => this.onSelect(s.id))
      dot.addTo(this.stations)
    }
    return sorted.length
  }

  /** Replaces the hazard points; answers how many were drawn. */
  setHazards(items: readonly HazardSymbol[]): number {
    this.hazards.clearLayers()
    const drawn = items.filter(placed)
    for (const h of drawn) {
      const dot = L.circleMarker([h.lat, h.lon], {
        renderer: this.renderer,
        pane: 'symbols',
        radius: 4,
        color: h.colour,
        weight: 2,
        fillColor: '#0b1f3f',
        fillOpacity: 0.9,
        bubblingMouseEvents: false,
      })
      dot.bindTooltip(escapeText(h.tip).replace(/\n/g, '<br>'), { direction: 'top', offset: [0, -4], className: 'incident-tooltip' })
      dot.addTo(this.hazards)
    }
    // The stations stay over the hazard points.
    for (const layer of this.stations.getLayers() as L.Path[]) layer.bringToFront()
    return drawn.length
  }

  /** Shows every station (leaves the view alone when there are none). */
  fit(items: readonly { lon: number; lat: number }[], maxZoom = 10): boolean {
    const points = items.filter(placed)
    if (points.length === 0) return false
    const bounds = L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number]))
    this.map.fitBounds(bounds.pad(0.15), { maxZoom, animate: false })
    return true
  }
}

function escapeText(text: string): string {
  const div = document.createElement('div')
  div.textContent = text
  return div.innerHTML
}
