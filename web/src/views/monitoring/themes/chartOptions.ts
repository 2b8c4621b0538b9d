/**
 * ECharts options of the theme pages, built from API data and labels alone (no Vue, no DOM,
 * types only from ECharts so these load nowhere else): a trend as a min–max band with its mean
 * line, threshold lines in their level's colour and an optional companion series (rainfall bars
 * under a water level); the latest value per station as bars against a reference line; the
 * earthquakes of the last days by magnitude.
 */
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { AlarmLevel, Earthquake, ReadingBucket, ReadingSeries } from '@/api/monitoring'
import { alertLevelColour } from '@/utils/alertLevels'
import { formatReading, NORMAL_COLOUR, type LatestBar } from './themeLogic'

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
>

/** The colours of our own series (never a level colour, which means an alarm). */
export const SERIES_COLOURS = { main: '#0f8f8f', companionLine: '#8a5cd1', companionBar: '#5fb8e8', bar: '#3aa57a' } as const

const AXIS = { line: '#c9d3e0', label: '#5b6475', split: '#eef1f5' }

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function hexToRgba(hex: string, alpha: number): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex)
  if (!m) return hex
  const n = parseInt(m[1]!, 16)
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`
}

/** A round step for an axis spanning `span` (…, 0.1, 0.2, 0.5, 1, 2, 5, 10, …). */
export function niceStep(span: number): number {
  if (!Number.isFinite(span) || span <= 0) return 1
  const raw = span / 5
  const power = 10 ** Math.floor(Math.log10(raw))
  const unit = raw / power
  const step = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10
  return step * power
}

/** An axis extent covering the values and every line (thresholds), rounded to a nice step. */
export function axisExtent(values: readonly number[], lines: readonly number[] = []): { min: number; max: number } | null {
  const all = [...values, ...lines].filter((v) => Number.isFinite(v))
  if (all.length === 0) return null
  let min = Math.min(...all)
  let max = Math.max(...all)
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1
    min -= pad
    max += pad
  }
  // A little headroom so a line at the edge (a threshold) stays readable; bars keep their zero.
  const pad = (max - min) * 0.05
  if (min !== 0) min -= pad
  max += pad
  const step = niceStep(max - min)
  const round = (v: number) => Number(v.toFixed(10))
  return { min: round(Math.floor(min / step) * step), max: round(Math.ceil(max / step) * step) }
}

/**
 * The buckets as chart rows, with a break where readings are missing so a gap shows as a gap,
 * not a straight line: two buckets further apart than one and a half buckets and than three
 * times the usual spacing of this series (a station reporting half-hourly in 5-minute buckets
 * has no gaps between its readings).
 */
export function withGaps(points: readonly ReadingBucket[], bucketMs: number): (ReadingBucket | { time: string; gap: true })[] {
  const times = points.map((p) => Date.parse(p.time))
  const steps = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .sort((a, b) => a - b)
  const usual = steps.length ? steps[Math.floor((steps.length - 1) / 2)]! : 0
  const limit = Math.max(bucketMs * 1.5, usual * 3)
  const out: (ReadingBucket | { time: string; gap: true })[] = []
  points.forEach((p, i) => {
    const prev = i > 0 ? times[i - 1]! : null
    if (prev !== null && limit > 0 && times[i]! - prev > limit)
      out.push({ time: new Date(prev + Math.max(bucketMs, usual)).toISOString(), gap: true })
    out.push(p)
  })
  return out
}

export interface ThresholdLine {
  level: AlarmLevel
  value: number
  /** 警戒水位, 保证水位, or the level's threshold name. */
  label: string
}

export interface TrendPart {
  series: ReadingSeries
  name: string
  unit: string
  /** band: min–max band and mean line; line: mean line; bar: mean as bars. */
  as: 'band' | 'line' | 'bar'
}

export interface TrendInput {
  main: TrendPart
  companion?: TrendPart | null
  thresholds?: readonly ThresholdLine[]
  labels: { min: string; max: string; mean: string; band: string }
  /** Axis labels: `08:00` over a day, `11-29` over longer windows. */
  axisTime: (ms: number) => string
  /** The tooltip's time (`2026-11-29 08:00`). */
  tooltipTime: (ms: number) => string
  /** An axis name with its unit (`水位（m）`, `Water level (m)`). */
  axisName?: (name: string, unit: string) => string
}

/** `水位（m）`; just the name without a unit. */
export function defaultAxisName(name: string, unit: string): string {
  return unit ? `${name}（${unit}）` : name
}

type Row = ReadingBucket | { time: string; gap: true }
const isGap = (r: Row): r is { time: string; gap: true } => 'gap' in r

/** The mean, band and threshold series of one part. */
function partSeries(
  part: TrendPart,
  yAxisIndex: number,
  colour: string,
  labels: TrendInput['labels'],
  thresholds: readonly ThresholdLine[],
): (LineSeriesOption | BarSeriesOption)[] {
  const rows = withGaps(part.series.points, part.series.bucket_ms)
  const t = (r: Row) => Date.parse(r.time)
  const markLine: LineSeriesOption['markLine'] | undefined = thresholds.length
    ? {
        symbol: 'none',
        silent: true,
        animation: false,
        data: thresholds.map((line) => ({
          name: line.label,
          yAxis: line.value,
          lineStyle: { color: alertLevelColour(line.level), type: 'dashed', width: 1.5 },
          label: {
            formatter: `${line.label} ${formatReading(line.value)}`,
            position: 'insideEndTop',
            color: alertLevelColour(line.level),
            fontSize: 11,
          },
        })),
      }
    : undefined
  if (part.as === 'bar') {
    return [
      {
        type: 'bar',
        name: part.name,
        yAxisIndex,
        data: part.series.points.map((p) => [t(p), p.mean]),
        itemStyle: { color: hexToRgba(colour, 0.75) },
        barMaxWidth: 8,
        z: 1,
        ...(markLine ? { markLine } : {}),
      },
    ]
  }
  const mean: LineSeriesOption = {
    type: 'line',
    name: part.name,
    yAxisIndex,
    data: rows.map((r) => [t(r), isGap(r) ? null : r.mean]),
    // Few readings: show each (a lone reading between gaps has no line to show it).
    showSymbol: part.series.points.length <= 60,
    symbolSize: 4,
    connectNulls: false,
    lineStyle: { color: colour, width: 2 },
    itemStyle: { color: colour },
    z: 3,
    ...(markLine ? { markLine } : {}),
  }
  if (part.as === 'line') return [mean]
  const stack = `band-${yAxisIndex}`
  const base: LineSeriesOption = {
    type: 'line',
    name: `${part.name}${labels.band}`,
    yAxisIndex,
    stack,
    data: rows.map((r) => [t(r), isGap(r) ? null : r.min]),
    showSymbol: false,
    connectNulls: false,
    lineStyle: { opacity: 0 },
    tooltip: { show: false },
    silent: true,
    z: 2,
  }
  const band: LineSeriesOption = {
    type: 'line',
    name: `${part.name}${labels.band}`,
    yAxisIndex,
    stack,
    data: rows.map((r) => [t(r), isGap(r) ? null : r.max - r.min]),
    showSymbol: false,
    connectNulls: false,
    lineStyle: { opacity: 0 },
    areaStyle: { color: hexToRgba(colour, 0.18) },
    tooltip: { show: false },
    silent: true,
    z: 2,
  }
  return [base, band, mean]
}

function valueAxis(name: string, extent: { min: number; max: number } | null, position: 'left' | 'right', split: boolean) {
  return {
    type: 'value' as const,
    name,
    position,
    nameTextStyle: { color: AXIS.label, fontSize: 11 },
    axisLine: { show: true, lineStyle: { color: AXIS.line } },
    axisLabel: { color: AXIS.label, fontSize: 11 },
    splitLine: { show: split, lineStyle: { color: AXIS.split } },
    scale: true,
    ...(extent ? { min: extent.min, max: extent.max } : {}),
  }
}

/** The series' window as axis bounds, when it has a readable one. */
function window(series: ReadingSeries): { min?: number; max?: number } {
  const from = Date.parse(series.from)
  const to = Date.parse(series.to)
  return Number.isFinite(from) && Number.isFinite(to) && to > from ? { min: from, max: to } : {}
}

/**
 * A trend: the main metric as a min–max band with its mean line and threshold lines (the axis
 * reaches the thresholds so the distance to them shows), and optionally a companion on a second
 * axis. The tooltip lists min, max and mean of the bucket under the pointer.
 */
export function trendOption(input: TrendInput): ChartOption {
  const { main, companion, labels } = input
  const thresholds = input.thresholds ?? []
  const mainValues = main.series.points.flatMap((p) => (main.as === 'band' ? [p.min, p.max] : [p.mean]))
  const mainExtent = axisExtent(
    mainValues,
    thresholds.map((l) => l.value),
  )
  const series: (LineSeriesOption | BarSeriesOption)[] = [...partSeries(main, 0, SERIES_COLOURS.main, labels, thresholds)]
  const axisName = input.axisName ?? defaultAxisName
  const yAxis = [valueAxis(axisName(main.name, main.unit), mainExtent, 'left', true)]
  if (companion) {
    const colour = companion.as === 'bar' ? SERIES_COLOURS.companionBar : SERIES_COLOURS.companionLine
    series.push(...partSeries(companion, 1, colour, labels, []))
    const values = companion.series.points.flatMap((p) => (companion.as === 'band' ? [p.min, p.max] : [p.mean]))
    const extent = axisExtent(companion.as === 'bar' ? [0, ...values] : values)
    yAxis.push(valueAxis(axisName(companion.name, companion.unit), extent, 'right', false))
  }

  const parts = [main, ...(companion ? [companion] : [])]
  const byTime = parts.map((p) => new Map(p.series.points.map((b) => [Date.parse(b.time), b])))
  const formatter = (params: unknown): string => {
    const list = Array.isArray(params) ? (params as { value?: unknown }[]) : [params as { value?: unknown }]
    const at = list.map((p) => (Array.isArray(p.value) ? Number(p.value[0]) : NaN)).find((v) => Number.isFinite(v))
    if (at === undefined) return ''
    const lines = [`<div class="chart-tip-time">${escapeHtml(input.tooltipTime(at))}</div>`]
    parts.forEach((part, i) => {
      const b = byTime[i]!.get(at)
      if (!b) return
      const unit = part.unit ? ` ${escapeHtml(part.unit)}` : ''
      if (part.as === 'band')
        lines.push(
          `<div><b>${escapeHtml(part.name)}</b> ${escapeHtml(labels.mean)} ${formatReading(b.mean)}${unit}` +
            `<br><span class="chart-tip-range">${escapeHtml(labels.min)} ${formatReading(b.min)} · ` +
            `${escapeHtml(labels.max)} ${formatReading(b.max)}</span></div>`,
        )
      else lines.push(`<div><b>${escapeHtml(part.name)}</b> ${formatReading(b.mean)}${unit}</div>`)
    })
    return lines.join('')
  }

  return {
    animation: false,
    grid: { left: 56, right: companion ? 56 : 24, top: 36, bottom: 28 },
    // In the middle: the axis names sit in the corners.
    legend: {
      top: 0,
      left: 'center',
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { fontSize: 11, color: AXIS.label },
      data: parts.map((p) => p.name),
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'line' }, formatter, confine: true },
    // The whole window, so a week with readings on its last day shows as such.
    xAxis: {
      type: 'time',
      ...window(main.series),
      axisLine: { lineStyle: { color: AXIS.line } },
      axisLabel: { color: AXIS.label, fontSize: 11, hideOverlap: true, formatter: (value: number) => input.axisTime(value) },
      splitLine: { show: false },
    },
    yAxis,
    series,
  }
}

export interface LatestInput {
  bars: readonly LatestBar[]
  name: string
  unit: string
  /** A fixed line (1.0 % methane) with its label. */
  reference?: { value: number; level: AlarmLevel; label: string } | null
  /** At most this many bars (the highest values). */
  limit?: number
  /** The tooltip's time of a reading. */
  tooltipTime: (ms: number) => string
  axisName?: (name: string, unit: string) => string
}

/** The latest value per station as bars, each in its level's colour when it crosses a threshold. */
export function latestOption(input: LatestInput): ChartOption {
  const bars = input.bars.slice(0, input.limit ?? 20)
  const ref = input.reference ?? null
  const extent = axisExtent([0, ...bars.map((b) => b.value)], ref ? [ref.value] : [])
  const unit = input.unit ? ` ${input.unit}` : ''
  return {
    animation: false,
    grid: { left: 52, right: 24, top: 30, bottom: bars.length > 6 ? 64 : 36 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const p = params as { dataIndex?: number }
        const bar = typeof p.dataIndex === 'number' ? bars[p.dataIndex] : undefined
        if (!bar) return ''
        return (
          `<b>${escapeHtml(bar.name)}</b><br>${escapeHtml(input.name)} ${formatReading(bar.value)}${escapeHtml(unit)}` +
          `<br><span class="chart-tip-range">${escapeHtml(input.tooltipTime(Date.parse(bar.time)))}</span>`
        )
      },
    },
    xAxis: {
      type: 'category',
      data: bars.map((b) => b.name),
      axisLine: { lineStyle: { color: AXIS.line } },
      axisLabel: { color: AXIS.label, fontSize: 11, interval: 0, rotate: bars.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: valueAxis(
      (input.axisName ?? defaultAxisName)(input.name, input.unit),
      extent ? { min: Math.min(0, extent.min), max: extent.max } : null,
      'left',
      true,
    ),
    series: [
      {
        type: 'bar',
        name: input.name,
        barMaxWidth: 28,
        data: bars.map((b) => ({ value: b.value, itemStyle: { color: b.level ? alertLevelColour(b.level) : SERIES_COLOURS.bar } })),
        label: {
          show: bars.length <= 12,
          position: 'top',
          fontSize: 11,
          color: AXIS.label,
          formatter: (p: { value?: unknown }) => formatReading(Number(p.value)),
        },
        ...(ref
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                animation: false,
                data: [
                  {
                    yAxis: ref.value,
                    name: ref.label,
                    lineStyle: { color: alertLevelColour(ref.level), type: 'dashed', width: 1.5 },
                    label: { formatter: ref.label, position: 'insideEndTop', color: alertLevelColour(ref.level), fontSize: 11 },
                  },
                ],
              },
            }
          : {}),
      },
    ],
  }
}

/** Colour of a magnitude: ≥ 6 red, ≥ 5 orange, ≥ 4 yellow, else the series colour. */
export function magnitudeColour(magnitude: number): string {
  if (magnitude >= 6) return alertLevelColour('red')
  if (magnitude >= 5) return alertLevelColour('orange')
  if (magnitude >= 4) return alertLevelColour('yellow')
  return NORMAL_COLOUR
}

export interface QuakeInput {
  items: readonly Earthquake[]
  labels: { magnitude: string; depth: string; km: string }
  axisTime: (ms: number) => string
  tooltipTime: (ms: number) => string
}

/** Earthquakes over time: magnitude on the y axis, bigger and warmer for stronger ones. */
export function earthquakeOption(input: QuakeInput): ChartOption {
  const items = input.items.filter((q) => Number.isFinite(Date.parse(q.time)) && Number.isFinite(q.magnitude))
  const max = Math.max(3, ...items.map((q) => q.magnitude))
  return {
    animation: false,
    grid: { left: 48, right: 24, top: 28, bottom: 28 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const p = params as { dataIndex?: number }
        const q = typeof p.dataIndex === 'number' ? items[p.dataIndex] : undefined
        if (!q) return ''
        const depth =
          q.depth === null || q.depth === undefined
            ? ''
            : ` · ${escapeHtml(input.labels.depth)} ${formatReading(q.depth)} ${escapeHtml(input.labels.km)}`
        return (
          `<b>M${formatReading(q.magnitude)}</b> ${escapeHtml(q.region_name || q.station_name)}` +
          `<br><span class="chart-tip-range">${escapeHtml(input.tooltipTime(Date.parse(q.time)))}${depth}</span>`
        )
      },
    },
    xAxis: {
      type: 'time',
      axisLine: { lineStyle: { color: AXIS.line } },
      axisLabel: { color: AXIS.label, fontSize: 11, hideOverlap: true, formatter: (value: number) => input.axisTime(value) },
      splitLine: { show: false },
    },
    yAxis: valueAxis(input.labels.magnitude, { min: 0, max: Math.ceil(max + 0.5) }, 'left', true),
    series: [
      {
        type: 'scatter',
        name: input.labels.magnitude,
        data: items.map((q) => ({
          value: [Date.parse(q.time), q.magnitude],
          symbolSize: Math.round(6 + q.magnitude * 4),
          itemStyle: { color: magnitudeColour(q.magnitude), opacity: 0.85, borderColor: '#fff', borderWidth: 1 },
        })),
      },
    ],
  }
}
