/**
 * Warning areas on a map (the home page's, the resources map's): each polygon and circle filled
 * in its level's fixed colour; the headline and level on hover, a click opens the warning.
 * Loaded with Leaflet, only when a map is shown.
 */
import * as L from 'leaflet'
import { alertLevelColour, alertLevelRank } from '@/utils/alertLevels'
import type { AlertShape } from './alertLogic'

export interface WarningAreasOptions {
  /**
   * Draw into this renderer (the map's symbol canvas) behind what it already holds, so the
   * symbols drawn over the areas still take their clicks. Without it the areas get a pane of
   * their own over the base map (the home page: under the incident markers).
   */
  renderer?: L.Renderer
}

export class WarningAreas {
  private readonly layer = L.layerGroup()

  private visible = true

  constructor(
    private readonly map: L.Map,
    private readonly onOpen: (id: string) => void,
    private readonly options: WarningAreasOptions = {},
  ) {
    if (!options.renderer && !map.getPane('warnings')) map.createPane('warnings').style.zIndex = '430'
    this.layer.addTo(map)
  }

  /** Shows or hides the areas (kept while hidden). */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return
    this.visible = visible
    if (visible) {
      this.layer.addTo(this.map)
      this.toBack()
    } else this.layer.remove()
  }

  /** Replaces the areas; answers how many shapes were drawn. Less severe first, so the worst is on top. */
  set(items: readonly AlertShape[], levelName: (level: string) => string): number {
    this.layer.clearLayers()
    let drawn = 0
    const sorted = [...items].sort((a, b) => alertLevelRank(b.level) - alertLevelRank(a.level))
    for (const item of sorted) {
      const colour = alertLevelColour(item.level)
      const place: L.PathOptions = this.options.renderer ? { renderer: this.options.renderer } : { pane: 'warnings' }
      const style: L.PathOptions = {
        ...place,
        color: colour,
        weight: 2,
        opacity: 0.95,
        fillColor: colour,
        fillOpacity: 0.2,
        className: `warning-area warning-${item.level}`,
      }
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
    this.toBack()
    return drawn
  }

  /** In a shared renderer: behind the symbols, the most severe area over the others. */
  private toBack(): void {
    if (!this.options.renderer || !this.visible) return
    const layers = this.layer.getLayers() as L.Path[]
    for (let i = layers.length - 1; i >= 0; i--) layers[i]!.bringToBack()
  }
}

function escapeText(text: string): string {
  const div = document.createElement('div')
  div.textContent = text
  return div.innerHTML
}
