/**
 * The map's optional tile layer, kept in this browser (localStorage) and edited in the
 * map's settings: the machine may have no internet, so the default is none and the
 * offline base map drawn from the county boundaries is all there is. A deployment points
 * it at its own tile server (e.g. a Tianditu mirror): `https://tiles.example.gov.cn/{z}/{x}/{y}.png`.
 */
export interface TileSettingsInput {
  url: string
  attribution: string
  maxZoom: number
}

export const TILE_SETTINGS_KEY = 'fenghuo.map.tiles'

export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

function storage(): StorageLike | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

/** Whether a tile URL template can be used: http(s) or same-origin path, with {z}, {x} and {y}. */
export function isTileTemplate(url: string): boolean {
  const text = url.trim()
  if (!/^(https?:\/\/[^\s/]+|\/)\S*$/i.test(text)) return false
  return text.includes('{z}') && text.includes('{x}') && (text.includes('{y}') || text.includes('{-y}'))
}

export function readTileSettings(store: StorageLike | null = storage()): TileSettingsInput | null {
  try {
    const raw = store?.getItem(TILE_SETTINGS_KEY)
    if (!raw) return null
    const value = JSON.parse(raw) as Partial<TileSettingsInput>
    if (typeof value.url !== 'string' || !isTileTemplate(value.url)) return null
    const maxZoom = typeof value.maxZoom === 'number' && value.maxZoom >= 1 && value.maxZoom <= 22 ? Math.round(value.maxZoom) : 18
    return { url: value.url.trim(), attribution: typeof value.attribution === 'string' ? value.attribution : '', maxZoom }
  } catch {
    return null
  }
}

/** Saves the settings (null or an empty URL removes the tile layer). */
export function writeTileSettings(settings: TileSettingsInput | null, store: StorageLike | null = storage()): void {
  try {
    if (!settings || !settings.url.trim()) store?.removeItem(TILE_SETTINGS_KEY)
    else store?.setItem(TILE_SETTINGS_KEY, JSON.stringify({ ...settings, url: settings.url.trim() }))
  } catch {
    // storage disabled: the setting lasts for this page only
  }
}
