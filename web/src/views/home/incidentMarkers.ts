/**
 * Active incidents on the home page's map: one DOM marker per incident in its level's fixed
 * colour (the most severe pulse), the title and level name on hover, a click opens the
 * incident. Loaded with Leaflet, only when the map is shown.
 */
import * as L from 'leaflet'
import './incidentMarkers.css'
import type { ActiveIncident } from '@/api/dashboard'
import { levelColour, levelRank } from '@/utils/levels'

export interface MarkerLabels {
  /** The level's name (特别重大 …). */
  levelName: (level: string, family?: string) => string
  drill: string
}

export class IncidentMarkers {
  private readonly layer = L.layerGroup()

  constructor(
    private readonly map: L.Map,
    private readonly onOpen: (id: string) => void,
  ) {
    if (!map.getPane('incidents')) map.createPane('incidents').style.zIndex = '460'
    this.layer.addTo(map)
  }

  /** Replaces the markers; answers how many were drawn. Less severe first, so the worst is on top. */
  set(items: readonly (ActiveIncident & { lon: number; lat: number })[], labels: MarkerLabels): number {
    this.layer.clearLayers()
    const sorted = [...items].sort((a, b) => levelRank(b.level) - levelRank(a.level))
    for (const item of sorted) {
      const colour = levelColour(item.level)
      const severe = item.level === 'I' || item.level === 'II'
      const html = document.createElement('span')
      html.className = `incident-marker${severe ? ' is-severe' : ''}${item.drill ? ' is-drill' : ''}`
      html.style.setProperty('--level-colour', colour)
      html.dataset.testid = `map-incident-${item.id}`
      html.dataset.level = item.level
      const marker = L.marker([item.lat, item.lon], {
        pane: 'incidents',
        keyboard: true,
        title: `${item.title}（${labels.levelName(item.level, item.level_family)}${item.drill ? ` · ${labels.drill}` : ''}）`,
        icon: L.divIcon({ className: 'incident-marker-icon', html, iconSize: [18, 18], iconAnchor: [9, 9] }),
      })
      marker.bindTooltip(
        `${escapeText(item.title)}<br>${escapeText(labels.levelName(item.level, item.level_family))}` +
          (item.drill ? ` · ${escapeText(labels.drill)}` : ''),
        {
          direction: 'top',
          offset: [0, -10],
          className: 'incident-tooltip',
        },
      )
      marker.on('click', () => this.onOpen(item.id))
      marker.addTo(this.layer)
    }
    return sorted.length
  }

  /** Shows every marker (or leaves the view alone when there are none). */
  fit(items: readonly { lon: number; lat: number }[], maxZoom = 11): void {
    if (items.length === 0) return
    const bounds = L.latLngBounds(items.map((i) => [i.lat, i.lon] as [number, number]))
    this.map.fitBounds(bounds.pad(0.3), { maxZoom, animate: false })
  }
}

function escapeText(text: string): string {
  const div = document.createElement('div')
  div.textContent = text
  return div.innerHTML
}
