import { describe, expect, it } from 'vitest'
import { isTileTemplate, readTileSettings, TILE_SETTINGS_KEY, writeTileSettings, type StorageLike } from './mapSettings'

function memory(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) }
}

describe('the map’s tile layer setting', () => {
  it('accepts http(s) or same-origin templates with {z}, {x} and {y}', () => {
    expect(isTileTemplate('https://t0.example.gov.cn/vec_w/{z}/{x}/{y}.png')).toBe(true)
    expect(isTileTemplate('/tiles/{z}/{x}/{-y}.png')).toBe(true)
    expect(isTileTemplate('https://tiles.example/{z}/{x}.png')).toBe(false)
    expect(isTileTemplate('javascript:alert(1)//{z}{x}{y}')).toBe(false)
    expect(isTileTemplate('')).toBe(false)
  })

  it('is none by default, and is kept in this browser', () => {
    const store = memory()
    expect(readTileSettings(store)).toBeNull()
    writeTileSettings({ url: ' /tiles/{z}/{x}/{y}.png ', attribution: '天地图', maxZoom: 17 }, store)
    expect(readTileSettings(store)).toEqual({ url: '/tiles/{z}/{x}/{y}.png', attribution: '天地图', maxZoom: 17 })
    writeTileSettings(null, store)
    expect(store.data.has(TILE_SETTINGS_KEY)).toBe(false)
  })

  it('ignores a broken or unsafe stored value', () => {
    const store = memory()
    store.setItem(TILE_SETTINGS_KEY, '{not json')
    expect(readTileSettings(store)).toBeNull()
    store.setItem(TILE_SETTINGS_KEY, JSON.stringify({ url: 'data:text/html,{z}{x}{y}' }))
    expect(readTileSettings(store)).toBeNull()
    store.setItem(TILE_SETTINGS_KEY, JSON.stringify({ url: '/t/{z}/{x}/{y}.png', maxZoom: 99 }))
    expect(readTileSettings(store)).toEqual({ url: '/t/{z}/{x}/{y}.png', attribution: '', maxZoom: 18 })
  })
})
