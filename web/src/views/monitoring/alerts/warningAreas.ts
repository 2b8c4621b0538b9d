/**
 * Warning areas on the home page's map: each polygon and circle filled in its level's fixed
 * colour, under the incident markers; the headline and level on hover, a click opens the
 * warning. Loaded with Leaflet, only when the map is shown.
 */
import * as L from 'leaflet'
import { alertLevelColour, alertLevelRank } from '@/utils/alertLevels'
import type { AlertShape } from '@/views/monitoring/alerts/alertLogic'

export class WarningAreas {
  private readonly layer = L.layerGroup()

  constructor(
    map: L.Map,
    private readonly onOpen: (id: string) => void,
  ) {
    if (!map.getPane('warnings')) map.createPane('warnings').style.zIndex = '430'
    this.layer.addTo(map)
  }

  /** Replaces the areas; answers how many shapes were drawn. Less severe first, so the worst is on top. */
  set(items: readonly AlertShape[], levelName: (level: string) => string): number {
    this.layer.clearLayers()
    let drawn = 0
    const sorted = [...items].sort((a, b) => alertLevelRank(b.level) - alertLevelRank(a.level))
    for (const item of sorted) {
      const colour = alertLevelColour(item.level)
      const style: L.PathOptions = { pane: 'warnings', color: colour, weight: 2, opacity: 0.95, fillColor: colour, fillOpacity: 0.2, className: `warning-area warning-${item.level}` }
      const tip = `${escapeText(levelName(item.level))} · ${escapeText(item.title)}`
      const add = (layer: L.Path) => {
        layer.bindTooltip(tip, { sticky: true, className: 'incident-tooltip' })
        layer.on('click', () => this.onOpen(item.id))
        layer.addTo(this.layer)
        drawn += 1
      }
      for (const ring of item.rings) add(L.polygon(ring, style))
      for (const c of item.circles) add(L.circle([c.lat, c.lon], { ...style, radius: c.radiusM }))
    }
    return drawn
  }
}

function escapeText(text: string): string {
  const div = document.createElement('div')
  div.textContent = text
  return div.innerHTML
}
