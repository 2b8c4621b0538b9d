import { describe, expect, it } from 'vitest'
import type { ActiveIncident } from '@/api/dashboard'
import { clockSpan, feedItemOf, levelShares, mergeFeed, placed, relativeTime, topBars } from './homeLogic'

function incident(id: string, occurred: string, extra: Partial<ActiveIncident> = {}): ActiveIncident {
  return { id, title: `事件${id}`, level: 'IV', type: 'A07', type_name: '火灾事故', lon: 112.5, lat: 37.8, region: '140105', status: 'received', occurred_at: occurred, drill: false, ...extra }
}

describe('home statistics', () => {
  it('scales bars to the largest count and keeps the top ones', () => {
    const bars = topBars(
      [
        { key: 'a', name: '火灾事故', count: 4 },
        { key: 'b', name: '道路交通事故', count: 1 },
        { key: 'c', name: '地震', count: 0 },
        { key: 'd', name: '森林草原火灾', count: 2 },
      ],
      2,
    )
    expect(bars).toEqual([
      { key: 'a', name: '火灾事故', count: 4, pct: 100 },
      { key: 'd', name: '森林草原火灾', count: 2, pct: 50 },
    ])
    expect(topBars([{ key: 'x', name: 'x', count: 1 }, { key: 'y', name: 'y', count: 1000 }])[1]!.pct).toBe(2)
    expect(topBars([])).toEqual([])
  })

  it('gives each level its share, in order I to IV', () => {
    expect(levelShares({ I: 1, IV: 3 })).toEqual([
      { level: 'I', count: 1, pct: 25 },
      { level: 'II', count: 0, pct: 0 },
      { level: 'III', count: 0, pct: 0 },
      { level: 'IV', count: 3, pct: 75 },
    ])
    expect(levelShares({}).every((l) => l.pct === 0)).toBe(true)
  })
})

describe('incident feed', () => {
  it('keeps one row per incident, newest first, without merged ones', () => {
    const feed = mergeFeed([incident('1', '2026-11-29T01:00:00Z'), incident('2', '2026-11-29T02:00:00Z')], [
      incident('1', '2026-11-29T01:00:00Z', { level: 'II' }),
      incident('3', '2026-11-29T03:00:00Z'),
      incident('2', '2026-11-29T02:00:00Z', { status: 'merged' }),
    ])
    expect(feed.map((i) => [i.id, i.level])).toEqual([
      ['3', 'IV'],
      ['1', 'II'],
    ])
    expect(mergeFeed([], [incident('1', '2026-11-29T01:00:00Z'), incident('2', '2026-11-29T02:00:00Z')], 1).map((i) => i.id)).toEqual(['2'])
  })

  it('takes a realtime incident event as a feed item', () => {
    const item = feedItemOf({ ...incident('7', '2026-11-29T01:00:00Z'), id: 7, lon: null, deaths: 1 })
    expect(item).toMatchObject({ id: '7', lon: null, lat: 37.8, live: true })
    expect(feedItemOf({ id: '1' })).toBeNull()
    expect(feedItemOf('x')).toBeNull()
  })

  it('says how long ago', () => {
    const now = Date.parse('2026-11-29T08:00:00Z')
    expect(relativeTime('2026-11-29T07:59:30Z', now)).toEqual({ key: 'justNow' })
    expect(relativeTime('2026-11-29T07:48:00Z', now)).toEqual({ key: 'minutesAgo', n: 12 })
    expect(relativeTime('2026-11-29T05:00:00Z', now)).toEqual({ key: 'hoursAgo', n: 3 })
    expect(relativeTime('2026-11-27T08:00:00Z', now)).toEqual({ key: 'daysAgo', n: 2 })
    expect(relativeTime('2026-11-29T09:00:00Z', now)).toEqual({ key: 'justNow' })
  })

  it('shows countdowns as a clock', () => {
    expect(clockSpan(5)).toEqual({ days: 0, text: '00:05' })
    expect(clockSpan(12 * 60 + 30)).toEqual({ days: 0, text: '12:30' })
    expect(clockSpan(3600 + 5 * 60 + 9)).toEqual({ days: 0, text: '1:05:09' })
    expect(clockSpan(86_400 * 2 + 3600)).toEqual({ days: 2, text: '1:00:00' })
  })

  it('draws only placed incidents that are still open', () => {
    const items = [incident('1', ''), incident('2', '', { lon: null }), incident('3', '', { status: 'closed' }), incident('4', '', { status: 'responding' })]
    expect(placed(items).map((i) => i.id)).toEqual(['1', '4'])
  })
})
