import { describe, expect, it } from 'vitest'
import type { ActiveIncident } from '@/api/dashboard'
import type { Alarm } from '@/api/monitoring'
import {
  todoTilesOf,
  alarmLevelCounts,
  alarmPath,
  alarmReading,
  ALL_ALARMS_PATH,
  clockSpan,
  dashboardTopics,
  feedItemOf,
  levelShares,
  mergeFeed,
  mergeTopAlarm,
  placed,
  relativeTime,
  reloadsDashboard,
  topBars,
} from './homeLogic'

function incident(id: string, occurred: string, extra: Partial<ActiveIncident> = {}): ActiveIncident {
  return {
    id,
    title: `事件${id}`,
    level: 'IV',
    type: 'A07',
    type_name: '火灾事故',
    lon: 112.5,
    lat: 37.8,
    region: '140105',
    status: 'received',
    occurred_at: occurred,
    drill: false,
    ...extra,
  }
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
    expect(
      topBars([
        { key: 'x', name: 'x', count: 1 },
        { key: 'y', name: 'y', count: 1000 },
      ])[1]!.pct,
    ).toBe(2)
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
    const feed = mergeFeed(
      [incident('1', '2026-11-29T01:00:00Z'), incident('2', '2026-11-29T02:00:00Z')],
      [
        incident('1', '2026-11-29T01:00:00Z', { level: 'II' }),
        incident('3', '2026-11-29T03:00:00Z'),
        incident('2', '2026-11-29T02:00:00Z', { status: 'merged' }),
      ],
    )
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
    const items = [
      incident('1', ''),
      incident('2', '', { lon: null }),
      incident('3', '', { status: 'closed' }),
      incident('4', '', { status: 'responding' }),
    ]
    expect(placed(items).map((i) => i.id)).toEqual(['1', '4'])
  })
})

function alarm(id: string, extra: Partial<Alarm> = {}): Alarm {
  return {
    id,
    station_id: `s${id}`,
    station_name: `监测站${id}`,
    station_code: '',
    theme: 'mine',
    region: '140427',
    region_name: '壶关县',
    lon: 113.4,
    lat: 35.9,
    metric: 'ch4',
    metric_name: '甲烷',
    unit: '%',
    rule: 'above',
    level: 'yellow',
    peak_level: 'yellow',
    value: 0.8,
    threshold: 0.75,
    count: 1,
    active: true,
    opened_at: '2026-11-29T08:00:00Z',
    raised_at: '2026-11-29T08:00:00Z',
    cleared_at: null,
    acknowledged_at: null,
    acknowledged_by: '',
    closed_at: null,
    closed_by: '',
    close_code: null,
    close_reason: '',
    alert_id: null,
    incident_id: null,
    version: 1,
    ...extra,
  }
}

describe('live topics', () => {
  it('listens to the six monitoring topics only for users who see alarms', () => {
    expect(dashboardTopics(false)).toEqual(['incidents', 'reports', 'faxes', 'duty', 'alerts'])
    expect(dashboardTopics(true)).toEqual([
      'incidents',
      'reports',
      'faxes',
      'duty',
      'alerts',
      'monitoring/forest',
      'monitoring/flood',
      'monitoring/geology',
      'monitoring/hazchem',
      'monitoring/mine',
      'monitoring/metallurgy',
    ])
  })

  it('reloads on every event of its topics but only on alarms of the monitoring ones', () => {
    expect(reloadsDashboard('incidents', 'created')).toBe(true)
    expect(reloadsDashboard('alerts', 'updated')).toBe(true)
    expect(reloadsDashboard('monitoring/mine', 'alarm')).toBe(true)
    expect(reloadsDashboard('monitoring/flood', 'alarm')).toBe(true)
    expect(reloadsDashboard('monitoring/mine', 'readings')).toBe(false)
    expect(reloadsDashboard('monitoring/forest', 'quake')).toBe(false)
    expect(reloadsDashboard('monitoring/unknown', 'alarm')).toBe(false)
    expect(reloadsDashboard('resources', 'updated')).toBe(false)
  })
})

describe('监测报警 panel', () => {
  it('counts levels from red to blue', () => {
    expect(alarmLevelCounts({ red: 2, yellow: 5 })).toEqual([
      { level: 'red', count: 2 },
      { level: 'orange', count: 0 },
      { level: 'yellow', count: 5 },
      { level: 'blue', count: 0 },
    ])
    expect(alarmLevelCounts(undefined).map((l) => l.count)).toEqual([0, 0, 0, 0])
  })

  it('opens an alarm on its theme page, 全部 and unknown themes on 报警记录', () => {
    expect(alarmPath(alarm('6', { theme: 'metallurgy', station_id: '44' }))).toBe('/monitoring/metallurgy?station=44&metric=ch4')
    expect(alarmPath(alarm('7', { theme: '' }))).toBe(ALL_ALARMS_PATH)
    expect(ALL_ALARMS_PATH).toBe('/monitoring/alarms')
  })

  it('merges a live alarm into the top five as the server ranks them', () => {
    const top = ['1', '2', '3', '4', '5'].map((id) => alarm(id, { level: 'yellow', opened_at: `2026-11-29T0${id}:00:00Z` }))
    // A new red alarm goes first and the fifth row drops out.
    const red = mergeTopAlarm(top, alarm('9', { level: 'red' }), null)
    expect(red.map((a) => a.id)).toEqual(['9', '1', '2', '3', '4'])
    // A blue one ranks below all five: nothing shown changes.
    expect(mergeTopAlarm(top, alarm('8', { level: 'blue' }), null)).toBe(top)
    // Closed: it leaves; a stale copy changes nothing; acknowledged moves behind the others.
    expect(mergeTopAlarm(top, alarm('2', { closed_at: '2026-11-29T10:00:00Z', version: 2 }), null).map((a) => a.id)).toEqual(['1', '3', '4', '5'])
    expect(mergeTopAlarm(top, alarm('2', { closed_at: '2026-11-29T10:00:00Z', version: 0 }), null)).toBe(top)
    const acked = mergeTopAlarm(top, alarm('1', { acknowledged_at: '2026-11-29T10:00:00Z', version: 2, opened_at: '2026-11-29T01:00:00Z' }), null)
    expect(acked.map((a) => a.id)).toEqual(['2', '3', '4', '5', '1'])
  })

  it('takes a new live alarm only inside the chosen region', () => {
    const top = [alarm('1', { region: '140427' })]
    expect(mergeTopAlarm(top, alarm('2', { region: '140105', level: 'red' }), '140400')).toBe(top)
    expect(mergeTopAlarm(top, alarm('2', { region: '140427', level: 'red' }), '140400').map((a) => a.id)).toEqual(['2', '1'])
    expect(mergeTopAlarm(top, alarm('2', { region: '140105', level: 'red' }), null).map((a) => a.id)).toEqual(['2', '1'])
    // One already shown is updated wherever it is.
    expect(mergeTopAlarm(top, alarm('1', { region: '', count: 3, version: 2 }), '140400')[0]!.count).toBe(3)
  })

  it('says the value against the threshold, with units', () => {
    expect(alarmReading(alarm('1', { value: 1.3, threshold: 1, unit: '%' }))).toEqual({ kind: 'limit', value: '1.3 %', sign: '≥', threshold: '1 %' })
    expect(alarmReading(alarm('1', { rule: 'below', value: 0.125, threshold: 0.2, unit: 'MPa' }))).toEqual({
      kind: 'limit',
      value: '0.125 MPa',
      sign: '≤',
      threshold: '0.2 MPa',
    })
    expect(alarmReading(alarm('1', { value: 50.125, threshold: null, unit: 'ppm' }))).toEqual({
      kind: 'limit',
      value: '50.13 ppm',
      sign: '≥',
      threshold: null,
    })
    expect(alarmReading(alarm('1', { rule: 'rate', value: 812.4, threshold: 1.5, unit: 'm' }))).toEqual({
      kind: 'rate',
      value: '812.4 m',
      change: '1.5 m',
    })
    expect(alarmReading(alarm('1', { rule: 'silence', value: null, threshold: 30 }))).toEqual({ kind: 'silence', minutes: 30 })
    expect(alarmReading(alarm('1', { rule: 'silence', value: null, threshold: null }))).toEqual({ kind: 'silence', minutes: null })
  })
})

describe('待办', () => {
  it('shows a tile for each kind of work the server counted for the caller, with where it waits', () => {
    expect(todoTilesOf({ approve: 2, sign: 0, acknowledge: 1, alarms: 5 })).toEqual([
      { kind: 'approve', label: 'home.todoApprove', count: 2, to: { path: '/duty/reports', query: { box: 'approval' } } },
      { kind: 'sign', label: 'home.todoSign', count: 0, to: { path: '/duty/reports', query: { box: 'inbox' } } },
      { kind: 'acknowledge', label: 'home.todoAcknowledge', count: 1, to: { path: '/monitoring/alerts', query: { mine: 'unacknowledged' } } },
      { kind: 'alarms', label: 'home.todoAlarms', count: 5, to: '/monitoring/alarms' },
    ])
  })

  it('leaves out what the caller may not act on', () => {
    // An officer approves nothing; a commander handles no alarms.
    expect(todoTilesOf({ sign: 1 }).map((tile) => tile.kind)).toEqual(['sign'])
    expect(todoTilesOf({ approve: 0, sign: 0 }).map((tile) => tile.kind)).toEqual(['approve', 'sign'])
    expect(todoTilesOf({})).toEqual([])
    expect(todoTilesOf(undefined)).toEqual([])
  })
})
