import { describe, expect, it } from 'vitest'
import type { Earthquake, ReadingSeries } from '@/api/monitoring'
import { axisExtent, earthquakeOption, latestOption, magnitudeColour, niceStep, trendOption, withGaps, type TrendInput } from './chartOptions'
import { companionOf, defaultTrendMetric, THEME_CONFIG } from './themeConfig'

const labels = { min: '最小', max: '最大', mean: '均值', band: '范围' }
const time = (ms: number) => new Date(ms).toISOString().slice(11, 16)

function series(metric: string, values: [string, number, number, number][], bucket = 3600_000): ReadingSeries {
  return {
    station: '7',
    metric,
    unit: metric === 'rainfall' ? 'mm/h' : 'm',
    from: '2026-11-30T00:00:00.000Z',
    to: '2026-11-30T06:00:00.000Z',
    bucket_ms: bucket,
    points: values.map(([t, min, max, mean]) => ({ time: t, min, max, mean, count: 4 })),
  }
}

const water = series('water_level', [
  ['2026-11-30T00:00:00.000Z', 7.1, 7.3, 7.2],
  ['2026-11-30T01:00:00.000Z', 7.2, 7.6, 7.4],
  ['2026-11-30T05:00:00.000Z', 7.9, 8.4, 8.2],
])
const rain = series('rainfall', [
  ['2026-11-30T00:00:00.000Z', 0, 12, 6],
  ['2026-11-30T01:00:00.000Z', 10, 30, 22],
])

function flood(): TrendInput {
  return {
    main: { series: water, name: '水位', unit: 'm', as: 'band' },
    companion: { series: rain, name: '雨量', unit: 'mm/h', as: 'bar' },
    thresholds: [
      { level: 'yellow', value: 8, label: '警戒水位' },
      { level: 'red', value: 9.5, label: '保证水位' },
    ],
    labels,
    axisTime: time,
    tooltipTime: (ms) => new Date(ms).toISOString(),
  }
}

type AnySeries = {
  type: string
  name: string
  data: unknown[]
  stack?: string
  yAxisIndex?: number
  markLine?: { data: { yAxis: number; name: string; lineStyle: { color: string } }[] }
}

describe('axes', () => {
  it('picks round steps and extents that reach the lines', () => {
    expect(niceStep(10)).toBe(2)
    expect(niceStep(0.4)).toBeCloseTo(0.1)
    expect(axisExtent([7.1, 8.4], [8, 9.5])).toEqual({ min: 6, max: 10 })
    expect(axisExtent([0.3, 1.3], [1])).toEqual({ min: 0, max: 1.5 })
    expect(axisExtent([5, 5])).toEqual({ min: 4, max: 6 })
    expect(axisExtent([0, 1.3], [1])).toEqual({ min: 0, max: 1.5 })
    expect(axisExtent([])).toBeNull()
  })

  it('breaks the line where buckets are missing', () => {
    const rows = withGaps(water.points, water.bucket_ms)
    expect(rows.map((r) => ('gap' in r ? 'gap' : r.time.slice(11, 13)))).toEqual(['00', '01', 'gap', '05'])
  })

  it('does not break the line of a station reporting less often than a bucket', () => {
    // Half-hourly readings in 5-minute buckets, one reading missing at 02:00.
    const times = ['00:00', '00:30', '01:00', '01:30', '02:30', '03:00', '05:00']
    const points = times.map((t) => ({ time: `2026-11-30T${t}:00.000Z`, min: 1, max: 1, mean: 1, count: 1 }))
    const rows = withGaps(points, 300_000)
    expect(rows.map((r) => ('gap' in r ? 'gap' : r.time.slice(11, 16)))).toEqual([
      '00:00',
      '00:30',
      '01:00',
      '01:30',
      '02:30',
      '03:00',
      'gap',
      '05:00',
    ])
  })
})

describe('trend', () => {
  it('draws the water level as a band and mean line with its warning and guaranteed levels', () => {
    const option = trendOption(flood())
    const all = option.series as AnySeries[]
    const [base, band, mean, bars] = all
    expect(all).toHaveLength(4)
    expect(base).toMatchObject({ type: 'line', stack: 'band-0' })
    expect(band).toMatchObject({ type: 'line', stack: 'band-0' })
    expect(band!.data[1]).toEqual([Date.parse('2026-11-30T01:00:00.000Z'), 7.6 - 7.2])
    expect(mean).toMatchObject({ type: 'line', name: '水位' })
    expect(mean!.data.map((d) => (d as unknown[])[1])).toEqual([7.2, 7.4, null, 8.2])
    expect(mean!.markLine!.data.map((l) => [l.name, l.yAxis, l.lineStyle.color])).toEqual([
      ['警戒水位', 8, '#f7ba1e'],
      ['保证水位', 9.5, '#d9001b'],
    ])
    // Rainfall as bars on the second axis.
    expect(bars).toMatchObject({ type: 'bar', name: '雨量', yAxisIndex: 1 })
    const yAxis = option.yAxis as { name: string; min: number; max: number }[]
    expect(yAxis[0]).toMatchObject({ name: '水位（m）', min: 6, max: 10 })
    expect(yAxis[1]).toMatchObject({ name: '雨量（mm/h）', min: 0 })
    expect((option.legend as { data: string[] }).data).toEqual(['水位', '雨量'])
    // The time axis spans the window asked for, not just the readings.
    expect(option.xAxis).toMatchObject({ type: 'time', min: Date.parse('2026-11-30T00:00:00.000Z'), max: Date.parse('2026-11-30T06:00:00.000Z') })
  })

  it('explains a bucket in the tooltip', () => {
    const option = trendOption(flood())
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter
    const html = formatter([{ value: [Date.parse('2026-11-30T01:00:00.000Z'), 7.4] }])
    expect(html).toContain('水位')
    expect(html).toContain('均值 7.4 m')
    expect(html).toContain('最小 7.2 · 最大 7.6')
    expect(html).toContain('雨量</b> 22 mm/h')
  })

  it('draws a single metric without a second axis', () => {
    const option = trendOption({ ...flood(), companion: null, thresholds: [] })
    expect((option.series as AnySeries[]).map((s) => s.type)).toEqual(['line', 'line', 'line'])
    expect((option.yAxis as unknown[]).length).toBe(1)
    expect((option.series as AnySeries[])[2]!.markLine).toBeUndefined()
  })
})

describe('latest values', () => {
  it('draws methane per mine as bars in their level colour against the 1.0 % line', () => {
    const option = latestOption({
      bars: [
        { station: '2', name: '二号井', value: 1.3, time: '2026-11-30T08:00:00+08:00', level: 'red' },
        { station: '1', name: '一号井', value: 0.3, time: '2026-11-30T08:00:00+08:00', level: null },
      ],
      name: '甲烷',
      unit: '%',
      reference: { value: 1.0, level: 'red', label: '限值 1 %' },
      tooltipTime: (ms) => String(ms),
    })
    const [bar] = option.series as {
      data: { value: number; itemStyle: { color: string } }[]
      markLine: { data: { yAxis: number; name: string }[] }
    }[]
    expect(bar!.data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [1.3, '#d9001b'],
      [0.3, '#3aa57a'],
    ])
    expect(bar!.markLine.data).toMatchObject([{ yAxis: 1, name: '限值 1 %' }])
    expect((option.xAxis as { data: string[] }).data).toEqual(['二号井', '一号井'])
    expect(option.yAxis).toMatchObject({ name: '甲烷（%）', min: 0, max: 1.5 })
  })
})

describe('earthquakes', () => {
  it('plots magnitude over time, bigger and warmer for stronger ones', () => {
    const quakes: Earthquake[] = [
      {
        time: '2026-11-29T03:00:00+08:00',
        station_id: '1',
        station_name: '太原台',
        region: '140105',
        region_name: '小店区',
        lon: 112.5,
        lat: 37.7,
        magnitude: 4.2,
        depth: 10,
      },
      {
        time: '2026-11-28T03:00:00+08:00',
        station_id: '1',
        station_name: '太原台',
        region: '140105',
        region_name: '小店区',
        lon: 112.5,
        lat: 37.7,
        magnitude: 2.1,
        depth: null,
      },
    ]
    const option = earthquakeOption({
      items: quakes,
      labels: { magnitude: '震级', depth: '深度', km: '公里' },
      axisTime: time,
      tooltipTime: (ms) => String(ms),
    })
    const [scatter] = option.series as { data: { value: number[]; symbolSize: number; itemStyle: { color: string } }[] }[]
    expect(scatter!.data.map((d) => [d.value[1], d.symbolSize, d.itemStyle.color])).toEqual([
      [4.2, 23, '#f7ba1e'],
      [2.1, 14, '#2fb56a'],
    ])
    expect(option.yAxis).toMatchObject({ min: 0, max: 5 })
    expect(magnitudeColour(6.1)).toBe('#d9001b')
    expect(magnitudeColour(5.0)).toBe('#ff7d00')
  })
})

describe('theme configuration', () => {
  it("opens each theme's trend on the metric that matters", () => {
    const metrics = (codes: string[]) => codes.map((metric) => ({ metric }))
    expect(defaultTrendMetric(THEME_CONFIG.flood.trend, metrics(['rainfall', 'water_level']))).toBe('water_level')
    expect(defaultTrendMetric(THEME_CONFIG.mine.trend, metrics(['wind_speed', 'ch4']))).toBe('ch4')
    expect(defaultTrendMetric(THEME_CONFIG.mine.trend, metrics(['dust']))).toBe('dust')
    expect(defaultTrendMetric(THEME_CONFIG.mine.trend, [])).toBeNull()
  })

  it('adds rainfall under the water level and humidity beside fire danger or temperature', () => {
    const metrics = (codes: string[]) => codes.map((metric) => ({ metric }))
    expect(companionOf(THEME_CONFIG.flood.trend, 'water_level', metrics(['water_level', 'rainfall']))).toEqual({ metric: 'rainfall', as: 'bar' })
    expect(companionOf(THEME_CONFIG.flood.trend, 'water_level', metrics(['water_level']))).toBeNull()
    expect(companionOf(THEME_CONFIG.flood.trend, 'rainfall', metrics(['water_level', 'rainfall']))).toBeNull()
    expect(companionOf(THEME_CONFIG.forest.trend, 'fire_danger', metrics(['fire_danger', 'humidity']))).toEqual({ metric: 'humidity', as: 'line' })
    expect(companionOf(THEME_CONFIG.forest.trend, 'temperature', metrics(['temperature', 'humidity']))).toEqual({ metric: 'humidity', as: 'line' })
    expect(companionOf(THEME_CONFIG.forest.trend, 'wind_speed', metrics(['wind_speed', 'humidity']))).toBeNull()
    expect(companionOf(THEME_CONFIG.mine.trend, 'ch4', metrics(['ch4', 'co']))).toBeNull()
  })

  it('draws the hazard points that make sense per theme', () => {
    expect(THEME_CONFIG.geology.hazards.map((h) => h.kind)).toEqual(['hazard_point'])
    expect(THEME_CONFIG.hazchem.hazards.map((h) => `${h.kind}/${h.category ?? ''}`)).toEqual(['major_hazard/', 'enterprise/hazchem'])
    expect(THEME_CONFIG.mine.hazards.map((h) => h.category)).toEqual(['coal', 'non_coal', 'tailings'])
    expect(THEME_CONFIG.metallurgy.hazards.map((h) => h.category)).toEqual(['metallurgy'])
    expect(THEME_CONFIG.forest.hazards).toEqual([])
    expect(THEME_CONFIG.flood.hazards).toEqual([])
  })
})
