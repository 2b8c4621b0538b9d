import { describe, expect, it } from 'vitest'
import type { Station } from '@/api/monitoring'
import type { ResourceKind } from '@/api/resources'
import { setLocale } from '@/locales'
import kindsJson from '@/views/resources/testdata/resource-kinds.json'
import {
  distanceText,
  equipmentText,
  etaText,
  hasQuakeZones,
  itemFacts,
  liveTopics,
  orderedKinds,
  playableStream,
  queryOfTarget,
  rankedRows,
  refetchesOn,
  ringCountRows,
  ringLabel,
  sameTarget,
  shelterCover,
  stockText,
  targetFromQuery,
  withReadings,
  zoneListings,
} from './analysisLogic'
import { item, quakePicture, situation } from './testdata/situation'

const kinds = ((kindsJson as { items?: ResourceKind[] }).items ?? (kindsJson as unknown as ResourceKind[])) as ResourceKind[]
const kind = (key: string) => kinds.find((k) => k.key === key)

describe('what the page analyses', () => {
  it('reads an incident or a point from the address', () => {
    expect(targetFromQuery({ incident: '12' })).toEqual({ kind: 'incident', id: '12' })
    expect(targetFromQuery({ lon: '112.5', lat: '37.8', type: 'N01' })).toEqual({ kind: 'point', lon: 112.5, lat: 37.8, type: 'N01' })
    expect(targetFromQuery({ lon: '112.5', lat: '37.8' })).toEqual({ kind: 'point', lon: 112.5, lat: 37.8, type: '' })
  })

  it('ignores what names neither', () => {
    expect(targetFromQuery({})).toBeNull()
    expect(targetFromQuery({ incident: 'abc' })).toBeNull()
    expect(targetFromQuery({ incident: '0' })).toBeNull()
    expect(targetFromQuery({ lon: '200', lat: '37' })).toBeNull()
    expect(targetFromQuery({ lon: '112', lat: '' })).toBeNull()
    expect(targetFromQuery({ lon: 'x', lat: '37' })).toBeNull()
  })

  it('writes the address back, and compares targets by it', () => {
    expect(queryOfTarget({ kind: 'incident', id: '3' })).toEqual({ incident: '3' })
    expect(queryOfTarget({ kind: 'point', lon: 112.5, lat: 37.8, type: '' })).toEqual({ lon: '112.500000', lat: '37.800000' })
    const point = { kind: 'point', lon: 112.5, lat: 37.8, type: 'N01' } as const
    expect(targetFromQuery(queryOfTarget(point))).toEqual(point)
    expect(sameTarget(point, { ...point })).toBe(true)
    expect(sameTarget(point, { ...point, type: '' })).toBe(false)
    expect(sameTarget(null, null)).toBe(true)
  })
})

describe('panels', () => {
  it('come in the order a commander reads them', () => {
    expect(orderedKinds(situation().kinds).map((k) => k.kind)).toEqual(['team', 'depot', 'shelter'])
  })

  it('rank the jurisdiction and the neighbours together by distance, the neighbours marked', () => {
    const team = situation().kinds.find((k) => k.kind === 'team')!
    const rows = rankedRows(team)
    expect(rows.map((r) => [r.rank, r.name, r.other_region])).toEqual([
      [1, '榆次区应急救援队', true],
      [2, '小店区消防救援大队', false],
      [3, '太原市矿山救护队', false],
    ])
    // Neighbours have no id: their key is still unique and stable.
    expect(new Set(rows.map((r) => r.key)).size).toBe(3)
    expect(rows[1]!.key).toBe('12')
  })
})

describe('texts', () => {
  it('say the ETA is a straight-line estimate, in minutes', () => {
    setLocale('zh-CN')
    expect(etaText(9.6)).toBe('约 10 分钟（直线估算）')
    expect(etaText(0.2)).toBe('约 1 分钟（直线估算）')
    expect(etaText(null)).toBe('')
    setLocale('en')
    expect(etaText(22.5)).toBe('about 23 min (straight-line estimate)')
    setLocale('zh-CN')
  })

  it('name rings and distances', () => {
    expect(ringLabel(5000, 'zh-CN')).toBe('5 公里')
    expect(ringLabel(2500, 'en')).toBe('2.5 km')
    expect(distanceText(850, 'zh-CN')).toBe('850 米')
    expect(distanceText(4240, 'zh-CN')).toBe('4.2 公里')
    expect(distanceText(123_456, 'en')).toBe('123 km')
  })

  it('sum up equipment and stock', () => {
    const s = situation()
    const team = s.kinds.find((k) => k.kind === 'team')!.nearest[0]!
    const depot = s.kinds.find((k) => k.kind === 'depot')!.nearest[0]!
    expect(equipmentText(team)).toBe('地震救援装备 12、照明装备 4')
    expect(stockText(depot)).toBe('棉帐篷 200 顶、饮用水 5000.5 箱')
    expect(equipmentText(depot)).toBe('')
    setLocale('en')
    expect(equipmentText(team)).toBe('地震救援装备 12, 照明装备 4')
    setLocale('zh-CN')
  })

  it('show the kind own fields by the schema, not for neighbours', () => {
    const team = situation().kinds.find((k) => k.kind === 'team')!
    const facts = itemFacts(team.nearest[0]!, kind('team'), 'zh-CN')
    expect(facts.map((f) => f.key)).toEqual(['size'])
    expect(facts[0]!.value).toBe('35 人')
    expect(facts[0]!.label).toBe('队伍人数')
    expect(itemFacts(team.neighbours[0]!, kind('team'), 'zh-CN')).toEqual([])
  })

  it('play a camera only with an http(s) stream', () => {
    expect(playableStream(item({ kind: 'camera', name: 'c', distance_m: 1, stream_url: 'https://cam/x.m3u8' }))).toBe('https://cam/x.m3u8')
    expect(playableStream(item({ kind: 'camera', name: 'c', distance_m: 1, stream_url: 'rtsp://cam/1' }))).toBeNull()
    expect(playableStream(item({ kind: 'camera', name: 'c', distance_m: 1 }))).toBeNull()
  })
})

describe('rings', () => {
  it('count per kind and ring, own and other regions apart', () => {
    const rows = ringCountRows(situation(), 'en')
    expect(rows.map((r) => r.name)).toEqual(['Rescue team', 'Depot', 'Shelter'])
    expect(rows[0]).toMatchObject({ kind: 'team', own: [0, 1, 3, 4], other: [1, 1, 2, 6] })
  })

  it('fill missing counts with 0 rather than shifting columns', () => {
    const s = situation()
    s.kinds[0]!.within = [1]
    s.kinds[0]!.other_within = []
    const shelter = ringCountRows(s, 'zh-CN').find((r) => r.kind === 'shelter')!
    expect(shelter.own).toEqual([1, 0, 0, 0])
    expect(shelter.other).toEqual([0, 0, 0, 0])
  })

  it('set shelter places against the people', () => {
    const cover = shelterCover(situation().rings)
    expect(cover[0]).toEqual({ radius_m: 5000, people: 210000, capacity: 8000, per100: 3.8, short: true })
    expect(cover[2]).toMatchObject({ per100: 133.3, short: false })
    expect(cover[3]).toMatchObject({ people: 0, per100: null, short: false })
  })
})

describe('earthquake zones', () => {
  it('come with earthquake incidents that have a magnitude', () => {
    expect(hasQuakeZones({ type: 'N01', magnitude: 5.2 })).toBe(true)
    expect(hasQuakeZones({ type: 'N01', magnitude: null })).toBe(false)
    expect(hasQuakeZones({ type: 'N04', magnitude: 5.2 })).toBe(false)
    expect(hasQuakeZones(null)).toBe(false)
  })

  it('list the innermost zone first, what lies in each grouped by kind and nearest first', () => {
    setLocale('zh-CN')
    const zones = zoneListings(quakePicture().zones)
    expect(zones.map((z) => [z.intensity, z.label, z.people, z.count])).toEqual([
      [8, 'VIII 度及以上', 50001, 1],
      [7, 'VII 度', 300000, 0],
      [6, 'VI 度', 1200000, 3],
    ])
    expect(zones[2]!.groups.map((g) => [g.kind, g.items.map((x) => x.name)])).toEqual([
      ['enterprise', ['危化企业乙', '尾矿库甲']],
      ['protection_target', ['第五中学']],
    ])
  })

  it('list nothing for no zones', () => {
    expect(zoneListings([])).toEqual([])
  })
})

describe('live', () => {
  it('listens to records, warnings, incidents, and alarms for those who see stations', () => {
    expect(liveTopics(false)).toEqual(['resources', 'alerts', 'incidents'])
    expect(liveTopics(true)).toContain('monitoring/flood')
    expect(refetchesOn('resources', 'changed')).toBe(true)
    expect(refetchesOn('monitoring/flood', 'alarm')).toBe(true)
    expect(refetchesOn('monitoring/flood', 'readings')).toBe(false)
    expect(refetchesOn('duty', 'changed')).toBe(false)
  })

  it('applies newer readings to the listed stations', () => {
    const station = {
      id: '5',
      metrics: [
        { metric: 'level', name: '水位', unit: 'm', rules: [], version: 1, last: { time: '2026-12-07T01:00:00Z', value: 1 } },
        { metric: 'rain', name: '雨量', unit: 'mm', rules: [], version: 1, last: null },
      ],
    } as unknown as Station & { distance_m: number }
    const other = { id: '6', metrics: [] } as unknown as Station & { distance_m: number }
    const stations = [station, other]
    expect(withReadings(stations, { items: [{ station: '9', metric: 'level', time: '2026-12-07T02:00:00Z', value: 3 }] })).toBe(stations)
    expect(withReadings(stations, { items: [{ station: '5', metric: 'level', time: '2026-12-07T00:00:00Z', value: 3 }] })).toBe(stations)
    const next = withReadings(stations, {
      items: [
        { station: '5', metric: 'level', time: '2026-12-07T02:00:00Z', value: 2 },
        { station: '5', metric: 'level', time: '2026-12-07T03:00:00Z', value: 2.5 },
        { station: '5', metric: 'rain', time: '2026-12-07T02:00:00Z', value: 7 },
      ],
    })
    expect(next).not.toBe(stations)
    expect(next[0]!.metrics.map((m) => m.last?.value)).toEqual([2.5, 7])
    expect(next[1]).toBe(other)
  })
})
