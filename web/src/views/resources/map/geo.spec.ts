import { describe, expect, it } from 'vitest'
import type { BoundaryCollection } from '@/api/resources'
import { borderLines, countyAt, formatDistance, haversine, paddedBbox, pathLength, regionBbox, regionCodePrefix } from './geo'

const square = (code: string, parent: string, x: number, y: number) => ({
  type: 'Feature' as const,
  properties: { code, name: code, parent },
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [x, y],
        [x + 1, y],
        [x + 1, y + 1],
        [x, y + 1],
        [x, y],
      ],
    ],
  },
})

/** Three counties in a row: A1 and A2 of city A, B1 of city B. */
const BOUNDARIES: BoundaryCollection = {
  type: 'FeatureCollection',
  features: [square('140101', '140100', 110, 35), square('140102', '140100', 111, 35), square('140201', '140200', 112, 35)],
}

describe('distances for the measure tool', () => {
  it('are great-circle distances in metres', () => {
    // One degree of latitude, and of longitude on the equator: ~111.195 km on the mean sphere.
    expect(haversine({ lon: 0, lat: 0 }, { lon: 0, lat: 1 })).toBeCloseTo(111_195, -1)
    expect(haversine({ lon: 0, lat: 0 }, { lon: 1, lat: 0 })).toBeCloseTo(111_195, -1)
    // Taiyuan to Datong, about 262 km apart.
    const d = haversine({ lon: 112.549, lat: 37.857 }, { lon: 113.3, lat: 40.076 })
    expect(d / 1000).toBeGreaterThan(255)
    expect(d / 1000).toBeLessThan(265)
    expect(haversine({ lon: 112.5, lat: 37.8 }, { lon: 112.5, lat: 37.8 })).toBe(0)
  })

  it('add up along a path', () => {
    const a = { lon: 112, lat: 37 }
    const b = { lon: 112, lat: 38 }
    const c = { lon: 113, lat: 38 }
    expect(pathLength([a, b, c])).toBeCloseTo(haversine(a, b) + haversine(b, c), 6)
    expect(pathLength([a])).toBe(0)
    expect(pathLength([])).toBe(0)
  })

  it('read in metres or kilometres', () => {
    expect(formatDistance(850.4)).toBe('850 米')
    expect(formatDistance(12_345)).toBe('12.35 公里')
    expect(formatDistance(262_400)).toBe('262 公里')
    expect(formatDistance(1500, 'en')).toBe('1.50 km')
  })
})

describe('boxes', () => {
  it('pads the view and stays within valid coordinates', () => {
    expect(paddedBbox([110, 35, 112, 37], 0.1)).toEqual([109.8, 34.8, 112.2, 37.2])
    expect(paddedBbox([-180, -85, 180, 85])).toEqual([-180, -85, 180, 85])
  })

  it('fits a region: a county, a city’s counties, or the province', () => {
    expect(regionBbox(BOUNDARIES, '140102')).toEqual([111, 35, 112, 36])
    expect(regionBbox(BOUNDARIES, '140100')).toEqual([110, 35, 112, 36])
    expect(regionBbox(BOUNDARIES, '140000')).toEqual([110, 35, 113, 36])
    expect(regionBbox(BOUNDARIES, null)).toEqual([110, 35, 113, 36])
    expect(regionBbox(BOUNDARIES, '150000')).toBeNull()
    expect(regionCodePrefix('140171')).toBe('1401')
  })

  it('finds the county a point falls in', () => {
    expect(countyAt(BOUNDARIES, 111.5, 35.5)).toBe('140102')
    expect(countyAt(BOUNDARIES, 112.2, 35.9)).toBe('140201')
    expect(countyAt(BOUNDARIES, 120, 35.5)).toBeNull()
  })
})

describe('borders of the base map', () => {
  it('tells county borders, city borders and the province outline apart', () => {
    const lines = borderLines(BOUNDARIES)
    // A1|A2 share x=111 inside city A; A2|B1 share x=112 between cities.
    const points = (ls: [number, number][][]) => ls.map((l) => l.map((p) => p.join(',')).sort())
    expect(points(lines.county)).toEqual([['35,111', '36,111']])
    expect(points(lines.city)).toEqual([['35,112', '36,112']])
    const outline = lines.province.flat().length
    expect(outline).toBeGreaterThanOrEqual(10)
  })

  it('finds the neighbour across an edge even when the two outlines do not share vertices', () => {
    // B1 outlines the shared border x=112 with an extra vertex at (112, 35.5); A2 does not.
    const b1 = square('140201', '140200', 112, 35)
    b1.geometry.coordinates[0]!.splice(4, 0, [112, 35.5])
    const lines = borderLines({ type: 'FeatureCollection', features: [square('140102', '140100', 111, 35), b1] })
    const city = lines.city.flat().map((p) => p.join(','))
    expect(city).toEqual(expect.arrayContaining(['35,112', '36,112', '35.5,112']))
    expect(lines.county).toEqual([])
  })
})
