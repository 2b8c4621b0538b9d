import { describe, expect, it } from 'vitest'
import type { Alarm, ReadingSeries, Rule, Station } from '@/api/monitoring'
import {
  alarmOf,
  alarmValueText,
  appendReading,
  applyReadings,
  checkRules,
  compareAlarms,
  formatReading,
  latestBars,
  levelOfValue,
  newRule,
  panelMetric,
  rangeWindow,
  stationAfterAlarm,
  stationStatus,
  statusColour,
  thresholdLines,
  upsertOpenAlarm,
  withUnit,
  worstLevel,
} from './themeLogic'

function alarm(id: string, over: Partial<Alarm> = {}): Alarm {
  return {
    id,
    station_id: 's1',
    station_name: '某煤矿1号传感器',
    station_code: 'KS-001',
    theme: 'mine',
    region: '140105',
    region_name: '小店区',
    lon: 112.5,
    lat: 37.8,
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
    opened_at: '2026-11-30T08:00:00+08:00',
    raised_at: '2026-11-30T08:00:00+08:00',
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
    ...over,
  }
}

const CH4: Rule[] = [
  {
    kind: 'above',
    thresholds: [
      { level: 'yellow', value: 0.75 },
      { level: 'red', value: 1.0 },
    ],
    deadband: 0.05,
  },
]

function station(id: string, over: Partial<Station> = {}): Station {
  return {
    id,
    name: `站点${id}`,
    code: `KS-${id}`,
    category: 'mine',
    theme: 'mine',
    region: '140105',
    region_name: '小店区',
    lon: 112.5,
    lat: 37.8,
    parent_id: null,
    parent_name: '',
    alarm_level: null,
    open_alarms: 0,
    metrics: [{ metric: 'ch4', name: '甲烷', unit: '%', rules: CH4, version: 1, last: { time: '2026-11-30T08:00:00+08:00', value: 0.3 } }],
    ...over,
  }
}

describe('alarm order', () => {
  it('ranks by level, then unacknowledged first, then the longest open first', () => {
    const list = [
      alarm('a', { level: 'yellow', opened_at: '2026-11-30T07:00:00+08:00' }),
      alarm('b', { level: 'red', acknowledged_at: '2026-11-30T08:05:00+08:00', opened_at: '2026-11-30T06:00:00+08:00' }),
      alarm('c', { level: 'red', opened_at: '2026-11-30T08:00:00+08:00' }),
      alarm('d', { level: 'red', opened_at: '2026-11-30T07:30:00+08:00' }),
      alarm('e', { level: 'blue' }),
      alarm('f', { level: 'orange' }),
    ]
    expect([...list].sort(compareAlarms).map((a) => a.id)).toEqual(['d', 'c', 'b', 'f', 'a', 'e'])
  })

  it("inserts a live alarm where the server would rank it, keeping the others in the server's order", () => {
    const server = [
      alarm('r1', { level: 'red' }),
      alarm('y1', { level: 'yellow', opened_at: '2026-11-30T07:00:00+08:00' }),
      alarm('y2', { level: 'yellow' }),
    ]
    const next = upsertOpenAlarm(server, alarm('o1', { level: 'orange' }))
    expect(next.map((a) => a.id)).toEqual(['r1', 'o1', 'y1', 'y2'])
    // A newer yellow one goes after the older yellow ones.
    expect(upsertOpenAlarm(server, alarm('y3', { opened_at: '2026-11-30T09:00:00+08:00' })).map((a) => a.id)).toEqual(['r1', 'y1', 'y2', 'y3'])
  })

  it('moves an alarm on a level change or acknowledgement, and drops it once closed', () => {
    const list = [
      alarm('a', { level: 'red' }),
      alarm('b', { level: 'yellow', opened_at: '2026-11-30T07:00:00+08:00' }),
      alarm('c', { level: 'yellow' }),
    ]
    expect(upsertOpenAlarm(list, alarm('c', { level: 'red', opened_at: '2026-11-30T07:59:00+08:00', version: 2 })).map((a) => a.id)).toEqual([
      'c',
      'a',
      'b',
    ])
    const acked = upsertOpenAlarm(list, alarm('a', { level: 'red', acknowledged_at: '2026-11-30T08:10:00+08:00', version: 2 }))
    expect(acked.map((a) => a.id)).toEqual(['a', 'b', 'c'])
    expect(acked[0]!.acknowledged_at).toBe('2026-11-30T08:10:00+08:00')
    expect(upsertOpenAlarm(list, alarm('b', { closed_at: '2026-11-30T08:20:00+08:00', version: 2 })).map((a) => a.id)).toEqual(['a', 'c'])
  })

  it('ignores stale events and closures of alarms it does not list', () => {
    const list = [alarm('a', { level: 'red', version: 3, count: 4 })]
    expect(upsertOpenAlarm(list, alarm('a', { level: 'yellow', version: 2 }))).toBe(list)
    expect(upsertOpenAlarm(list, alarm('z', { closed_at: '2026-11-30T08:20:00+08:00' }))).toBe(list)
    // A repeat of the same version (the action's answer, then the event) still applies.
    expect(upsertOpenAlarm(list, alarm('a', { level: 'red', version: 3, count: 5 }))[0]!.count).toBe(5)
  })

  it('reads an alarm from a realtime payload', () => {
    expect(alarmOf({ ...alarm('x'), id: 12, station_id: 7 })).toMatchObject({ id: '12', station_id: '7' })
    expect(alarmOf({ id: 1 })).toBeNull()
    expect(alarmOf(null)).toBeNull()
  })
})

describe('station colours', () => {
  const now = Date.parse('2026-11-30T08:30:00+08:00')

  it('takes the worst open alarm, else normal, else silent after an hour', () => {
    expect(stationStatus(station('1', { alarm_level: 'orange' }), now)).toBe('orange')
    expect(stationStatus(station('1'), now)).toBe('normal')
    expect(stationStatus(station('1'), now + 3600_000)).toBe('silent')
    expect(stationStatus(station('1', { metrics: [] }), now)).toBe('silent')
  })

  it('uses the fixed level colours, green and grey', () => {
    expect(statusColour('red')).toBe('#d9001b')
    expect(statusColour('orange')).toBe('#ff7d00')
    expect(statusColour('yellow')).toBe('#f7ba1e')
    expect(statusColour('blue')).toBe('#1e6fff')
    expect(statusColour('normal')).toBe('#2fb56a')
    expect(statusColour('silent')).toBe('#8a94a6')
  })

  it('finds the worst level', () => {
    expect(worstLevel(['yellow', null, 'orange', 'blue'])).toBe('orange')
    expect(worstLevel([])).toBeNull()
  })

  it('recolours a station from the complete list of open alarms', () => {
    const s = station('s1', { alarm_level: 'red', open_alarms: 2 })
    const red = alarm('a', { level: 'red' })
    const yellow = alarm('b', { level: 'yellow' })
    const closed = { ...red, closed_at: '2026-11-30T08:20:00+08:00' }
    expect(stationAfterAlarm(s, [yellow], true, closed)).toMatchObject({ alarm_level: 'yellow', open_alarms: 1 })
    expect(stationAfterAlarm(s, [], true, { ...yellow, closed_at: 'x' })).toMatchObject({ alarm_level: null, open_alarms: 0 })
    const same = stationAfterAlarm(s, [red, yellow], true, red)
    expect(same).toBe(s)
  })

  it('with a partial list only raises the level', () => {
    const s = station('s1', { alarm_level: 'yellow', open_alarms: 3 })
    expect(stationAfterAlarm(s, [], false, alarm('a', { level: 'red' }))).toMatchObject({ alarm_level: 'red', open_alarms: 3 })
    expect(stationAfterAlarm(s, [], false, alarm('a', { closed_at: 'x' }))).toBe(s)
  })
})

describe('live readings', () => {
  it('updates the last values of the stations they name, leaving older readings out', () => {
    const list = [station('1'), station('2')]
    const { stations, changed } = applyReadings(list, {
      items: [
        { station: '1', metric: 'ch4', time: '2026-11-30T08:05:00+08:00', value: 1.3 },
        { station: '2', metric: 'ch4', time: '2026-11-30T07:00:00+08:00', value: 9 },
        { station: '9', metric: 'ch4', time: '2026-11-30T08:05:00+08:00', value: 2 },
      ],
    })
    expect(changed).toBe(true)
    expect(stations[0]!.metrics[0]!.last).toEqual({ time: '2026-11-30T08:05:00+08:00', value: 1.3 })
    expect(stations[1]).toBe(list[1])
    expect(applyReadings(list, { items: [] })).toEqual({ stations: list, changed: false })
    expect(applyReadings(list, null).changed).toBe(false)
  })
})

describe('thresholds', () => {
  it('lists the lines of above and below rules', () => {
    expect(thresholdLines([...CH4, { kind: 'silence', minutes: 10, level: 'orange' }])).toEqual([
      { level: 'yellow', value: 0.75, kind: 'above' },
      { level: 'red', value: 1.0, kind: 'above' },
    ])
  })

  it('finds the level a value reaches', () => {
    expect(levelOfValue(1.3, CH4)).toBe('red')
    expect(levelOfValue(0.8, CH4)).toBe('yellow')
    expect(levelOfValue(0.3, CH4)).toBeNull()
    expect(
      levelOfValue(2, [
        {
          kind: 'below',
          thresholds: [
            { level: 'yellow', value: 5 },
            { level: 'red', value: 2 },
          ],
          deadband: 0,
        },
      ]),
    ).toBe('red')
    expect(levelOfValue(null, CH4)).toBeNull()
  })

  it('ranks the latest values, highest first, with their levels', () => {
    const bars = latestBars(
      [
        station('1'),
        station('2', {
          metrics: [{ metric: 'ch4', name: '甲烷', unit: '%', rules: CH4, version: 1, last: { time: '2026-11-30T08:00:00+08:00', value: 1.3 } }],
        }),
        station('3', { metrics: [] }),
      ],
      'ch4',
    )
    expect(bars.map((b) => [b.station, b.value, b.level])).toEqual([
      ['2', 1.3, 'red'],
      ['1', 0.3, null],
    ])
  })

  it('formats readings with their unit', () => {
    expect(formatReading(1.3)).toBe('1.3')
    expect(formatReading(0.12345)).toBe('0.123')
    expect(formatReading(850.04)).toBe('850')
    expect(formatReading(null)).toBe('—')
    expect(withUnit(1.3, '%')).toBe('1.3 %')
    expect(withUnit(undefined, '%')).toBe('—')
  })

  it("checks the editor's rules as the server does", () => {
    expect(checkRules(CH4)).toEqual([])
    expect(checkRules([{ kind: 'above', thresholds: [], deadband: 0 }])).toEqual([{ rule: 0, key: 'noThresholds' }])
    expect(
      checkRules([
        {
          kind: 'above',
          thresholds: [
            { level: 'yellow', value: 1 },
            { level: 'red', value: 0.5 },
          ],
          deadband: 0,
        },
      ]),
    ).toEqual([{ rule: 0, threshold: 1, key: 'order' }])
    expect(
      checkRules([
        {
          kind: 'below',
          thresholds: [
            { level: 'yellow', value: 5 },
            { level: 'red', value: 2 },
          ],
          deadband: 0.1,
        },
      ]),
    ).toEqual([])
    expect(
      checkRules([
        {
          kind: 'above',
          thresholds: [
            { level: 'red', value: 1 },
            { level: 'red', value: 2 },
          ],
          deadband: -1,
        },
      ]).map((p) => p.key),
    ).toEqual(['deadband', 'duplicateLevel'])
    expect(checkRules([{ kind: 'above', thresholds: [{ level: 'red', value: null as unknown as number }], deadband: 0 }])).toEqual([
      { rule: 0, threshold: 0, key: 'value' },
    ])
    expect(checkRules([{ kind: 'rate', window_min: 0, thresholds: [{ level: 'red', value: 1 }], deadband: 0 }])).toEqual([{ rule: 0, key: 'window' }])
    expect(checkRules([{ kind: 'silence', minutes: 0, level: 'orange' }])).toEqual([{ rule: 0, key: 'minutes' }])
    expect(checkRules([newRule('above'), newRule('below'), newRule('rate'), newRule('silence')])).toEqual([])
  })
})

describe('trend windows', () => {
  const now = Date.parse('2026-11-30T12:00:00Z')

  it('turns a range into from, to and points', () => {
    expect(rangeWindow('24h', now)).toEqual({ from: '2026-11-29T12:00:00.000Z', to: '2026-11-30T12:00:00.000Z', points: 288 })
    expect(rangeWindow('7d', now)).toMatchObject({ from: '2026-11-23T12:00:00.000Z', points: 168 })
    expect(rangeWindow('30d', now)).toMatchObject({ from: '2026-10-31T12:00:00.000Z', points: 240 })
    expect(rangeWindow('1y', now)).toMatchObject({ from: '2025-11-30T12:00:00.000Z', points: 365 })
  })

  const series: ReadingSeries = {
    station: '7',
    metric: 'ch4',
    unit: '%',
    from: '2026-11-30T11:00:00.000Z',
    to: '2026-11-30T12:00:00.000Z',
    bucket_ms: 600_000,
    points: [
      { time: '2026-11-30T11:00:00.000Z', min: 0.2, max: 0.4, mean: 0.3, count: 2 },
      { time: '2026-11-30T11:50:00.000Z', min: 0.3, max: 0.5, mean: 0.4, count: 2 },
    ],
  }

  it('adds a live reading to the last bucket', () => {
    const next = appendReading(series, { time: '2026-11-30T11:55:00.000Z', value: 1.3 })
    expect(next.points).toHaveLength(2)
    expect(next.points[1]).toMatchObject({ time: '2026-11-30T11:50:00.000Z', min: 0.3, max: 1.3, count: 3 })
    expect(next.points[1]!.mean).toBeCloseTo((0.4 * 2 + 1.3) / 3)
  })

  it('opens a new bucket on the grid and slides the window', () => {
    // The bucket of 11:00–11:10 still overlaps a window from 11:07 …
    const first = appendReading(series, { time: '2026-11-30T12:07:00.000Z', value: 1.3 })
    expect(first.points.map((p) => p.time)).toEqual(['2026-11-30T11:00:00.000Z', '2026-11-30T11:50:00.000Z', '2026-11-30T12:00:00.000Z'])
    expect(first.points[2]).toMatchObject({ min: 1.3, max: 1.3, mean: 1.3, count: 1 })
    expect(first.to).toBe('2026-11-30T12:07:00.000Z')
    expect(first.from).toBe('2026-11-30T11:07:00.000Z')
    // … but not one from 11:17.
    const next = appendReading(series, { time: '2026-11-30T12:17:00.000Z', value: 1.1 })
    expect(next.points.map((p) => p.time)).toEqual(['2026-11-30T11:50:00.000Z', '2026-11-30T12:10:00.000Z'])
  })

  it('leaves out readings older than the last bucket or unreadable', () => {
    expect(appendReading(series, { time: '2026-11-30T11:20:00.000Z', value: 9 })).toBe(series)
    expect(appendReading(series, { time: 'nonsense', value: 9 })).toBe(series)
  })

  it('starts an empty series at its window', () => {
    const empty = { ...series, points: [] }
    const next = appendReading(empty, { time: '2026-11-30T11:59:00.000Z', value: 0.5 })
    expect(next.points).toEqual([{ time: '2026-11-30T11:50:00.000Z', min: 0.5, max: 0.5, mean: 0.5, count: 1 }])
  })
})

describe('alarm values', () => {
  const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`
  const base = { unit: '%', value: 1.3, threshold: 1 }

  it('sets the value against its threshold, with the unit', () => {
    expect(alarmValueText({ ...base, rule: 'above' }, t)).toBe('1.3 % ≥ 1 %')
    expect(alarmValueText({ ...base, rule: 'below', value: 0.125, threshold: 0.2 }, t)).toBe('0.125 % ≤ 0.2 %')
    expect(alarmValueText({ ...base, rule: 'above', threshold: null }, t)).toBe('1.3 %')
  })

  it('says the change of a rate alarm and the minutes of a silent station', () => {
    expect(alarmValueText({ ...base, rule: 'rate', threshold: 0.5 }, t)).toBe('monitoring.alarm.rateValue{"value":"1.3 %","change":"0.5 %"}')
    expect(alarmValueText({ ...base, rule: 'silence', value: null, threshold: 30 }, t)).toBe('monitoring.alarm.silentFor{"n":30}')
    expect(alarmValueText({ ...base, rule: 'silence', value: null, threshold: null }, t)).toBe('monitoring.rules.kinds.silence')
  })
})

describe('station panel', () => {
  const station = { id: 's1', metrics: [{ metric: 'temperature' }, { metric: 'co' }] } as unknown as Station

  it("charts the alarm's own metric when opened from an alarm", () => {
    expect(panelMetric({ station: 's1', metric: 'co' }, station)).toBe('co')
  })

  it("falls back to the theme's choice otherwise", () => {
    expect(panelMetric({ station: 's1', metric: null }, station)).toBeNull()
    expect(panelMetric(null, station)).toBeNull()
    // Asked for another station (the panel moved on through the map or the trend's list).
    expect(panelMetric({ station: 's2', metric: 'co' }, station)).toBeNull()
    // The station no longer has the metric.
    expect(panelMetric({ station: 's1', metric: 'ch4' }, station)).toBeNull()
    expect(panelMetric({ station: 's1', metric: 'co' }, null)).toBeNull()
  })
})
