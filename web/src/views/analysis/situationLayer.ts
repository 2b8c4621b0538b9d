/**
 * The situation on the map: the analysed point, the rings (5/10/20/50 km) with their radius
 * written on them, the nearest records of each kind in the kind's colour, the records of
 * neighbouring jurisdictions as hollow dashed circles (外辖区), and an earthquake's intensity
 * zones. Symbols on the map's symbol canvas; loaded with Leaflet, only on this page.
 */
import * as L from 'leaflet'
import '@/views/home/incidentMarkers.css'

export interface SituationSymbol {
  key: string
  lon: number
  lat: number
  colour: string
  /** Of a neighbouring jurisdiction: hollow and dashed. */
  other: boolean
  /** Hover text (plain, escaped here). */
  tip: string
}

export interface RingShape {
  radius_m: number
  label: string
}

export interface ZoneShape {
  outline: [number, number][]
  colour: string
  label: string
}

const placed = (p: { lon: number; lat: number }) => Number.isFinite(p.lon) && Number.isFinite(p.lat)

export class SituationLayer {
  private readonly zones = L.layerGroup()
  private readonly rings = L.layerGroup()
  private readonly symbols = L.layerGroup()
  private readonly centre = L.layerGroup()
  private bounds: L.LatLngBounds | null = null

  constructor(
    private readonly map: L.Map,
    private readonly renderer: L.Renderer,
  ) {
    if (!map.getPane('situation')) map.createPane('situation').style.zIndex = '400'
    this.zones.addTo(map)
    this.rings.addTo(map)
    this.symbols.addTo(map)
    this.centre.addTo(map)
  }

  /** The point and its rings; the view is framed on the outer ring. */
  setRings(point: { lon: number; lat: number } | null, rings: readonly RingShape[], centreTip: string): void {
    this.rings.clearLayers()
    this.centre.clearLayers()
    this.bounds = null
    if (!point || !placed(point)) return
    const centre = L.latLng(point.lat, point.lon)
    for (const ring of rings) {
      const circle = L.circle(centre, {
        radius: ring.radius_m,
        pane: 'situation',
        color: '#38bdf8',
        weight: 1.5,
        dashArray: '6 5',
        fill: false,
        interactive: false,
      }).addTo(this.rings)
      this.bounds = circle.getBounds()
      // The radius written at the ring's top.
      const top = L.latLng(point.lat + ring.radius_m / 111_320, point.lon)
      L.marker(top, {
        pane: 'situation',
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'situation-ring-label', html: `<span>${escapeText(ring.label)}</span>`, iconSize: [0, 0] }),
      }).addTo(this.rings)
    }
    const html = document.createElement('span')
    html.className = 'situation-centre'
    html.dataset.testid = 'analysis-centre'
    L.marker(centre, {
      keyboard: false,
      title: centreTip,
      icon: L.divIcon({ className: 'situation-centre-icon', html, iconSize: [22, 22], iconAnchor: [11, 11] }),
    }).addTo(this.centre)
  }

  /** Replaces the records drawn; answers how many. Neighbours first, so the jurisdiction's sit on top. */
  setSymbols(items: readonly SituationSymbol[]): number {
    this.symbols.clearLayers()
    const sorted = items.filter(placed).sort((a, b) => Number(b.other) - Number(a.other))
    for (const s of sorted) {
      const dot = L.circleMarker([s.lat, s.lon], {
        renderer: this.renderer,
        pane: 'symbols',
        radius: 6,
        color: s.other ? s.colour : '#ffffff',
        weight: s.other ? 2 : 1.5,
        dashArray: s.other ? '3 3' : undefined,
        fillColor: s.other ? '#0b1f3f' : s.colour,
        fillOpacity: s.other ? 0.6 : 1,
        bubblingMouseEvents: false,
      })
      dot.bindTooltip(escapeText(s.tip).replace(/\n/g, '<br>'), { direction: 'top', offset: [0, -6], className: 'incident-tooltip' })
      dot.addTo(this.symbols)
    }
    return sorted.length
  }

  /** The intensity zones (outermost first, so the inner ones are drawn over them). */
  setZones(zones: readonly ZoneShape[]): void {
    this.zones.clearLayers()
    for (const z of zones) {
      if (z.outline.length < 3) continue
      const polygon = L.polygon(
        z.outline.map(([lon, lat]) => [lat, lon] as [number, number]),
        { pane: 'situation', color: z.colour, weight: 2, fillColor: z.colour, fillOpacity: 0.12, interactive: false },
      ).addTo(this.zones)
      const north = polygon.getBounds().getNorth()
      L.marker([north, polygon.getBounds().getCenter().lng], {
        pane: 'situation',
        interactive: false,
        keyboard: false,
        icon: L.divIcon({
          className: 'situation-zone-label',
          html: `<span style="color:${z.colour}">${escapeText(z.label)}</span>`,
          iconSize: [0, 0],
        }),
      }).addTo(this.zones)
    }
  }

  /** Frames the outer ring and the zones. */
  fit(): void {
    let b = this.bounds
    this.zones.eachLayer((layer) => {
      if (layer instanceof L.Polygon) b = b ? b.extend(layer.getBounds()) : layer.getBounds()
    })
    if (b) this.map.fitBounds(b, { padding: [16, 16], animate: false })
  }
}

function escapeText(text: string): string {
  const div = document.createElement('div')
  div.textContent = text
  return div.innerHTML
}
