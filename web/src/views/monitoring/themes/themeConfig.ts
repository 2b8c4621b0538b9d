/**
 * What each of the six monitoring themes shows beside its stations: the hazard points from
 * the resources directory drawn on its map, the charts of the readings that matter for it, and
 * which metric the selected station's trend opens on. One view serves all six from this table.
 */
import type { AlarmLevel, ThemeCode } from '@/api/monitoring'

/** Resources drawn under the stations (a kind, optionally one category of it). */
export interface HazardLayer {
  /** i18n key under monitoring.hazards. */
  key: string
  kind: string
  category?: string
  /** Ring colour on the map: never a level colour (those mean alarms). */
  colour: string
}

/** A fixed line on a chart of latest values (1.0 % methane: the coal mine safety limit). */
export interface ReferenceLine {
  value: number
  level: AlarmLevel
}

export type OverviewChart =
  /** The latest value of `metric` at every station that has it, as bars. */
  | { kind: 'latest'; metric: string; reference?: ReferenceLine }
  /** The earthquakes of the last days (magnitude over time, and a table). */
  | { kind: 'earthquakes' }

export interface TrendConfig {
  /** The metric the selected station's trend opens on: the first of these it has, else its first metric. */
  prefer: readonly string[]
  /** A second metric drawn with any preferred one on its own axis (rainfall bars under the water level). */
  companion?: { metric: string; as: 'bar' | 'line' }
}

export interface ThemeConfig {
  code: ThemeCode
  hazards: readonly HazardLayer[]
  overview: readonly OverviewChart[]
  trend: TrendConfig
}

export const THEME_CONFIG: Readonly<Record<ThemeCode, ThemeConfig>> = {
  forest: {
    code: 'forest',
    hazards: [],
    overview: [{ kind: 'latest', metric: 'fire_danger' }],
    trend: { prefer: ['fire_danger', 'temperature'], companion: { metric: 'humidity', as: 'line' } },
  },
  flood: {
    code: 'flood',
    hazards: [],
    overview: [{ kind: 'latest', metric: 'rainfall' }],
    trend: { prefer: ['water_level', 'rainfall'], companion: { metric: 'rainfall', as: 'bar' } },
  },
  geology: {
    code: 'geology',
    hazards: [{ key: 'hazard_point', kind: 'hazard_point', colour: '#b07aa1' }],
    overview: [{ kind: 'earthquakes' }],
    trend: { prefer: ['displacement', 'crack'] },
  },
  hazchem: {
    code: 'hazchem',
    hazards: [
      { key: 'major_hazard', kind: 'major_hazard', colour: '#d37295' },
      { key: 'enterprise_hazchem', kind: 'enterprise', category: 'hazchem', colour: '#9c755f' },
    ],
    overview: [
      { kind: 'latest', metric: 'tank_level' },
      { kind: 'latest', metric: 'combustible_gas' },
    ],
    trend: { prefer: ['combustible_gas', 'tank_level', 'toxic_gas', 'pressure'] },
  },
  mine: {
    code: 'mine',
    hazards: [
      { key: 'enterprise_coal', kind: 'enterprise', category: 'coal', colour: '#9c755f' },
      { key: 'enterprise_non_coal', kind: 'enterprise', category: 'non_coal', colour: '#bab0ac' },
      { key: 'enterprise_tailings', kind: 'enterprise', category: 'tailings', colour: '#b07aa1' },
    ],
    overview: [{ kind: 'latest', metric: 'ch4', reference: { value: 1.0, level: 'red' } }],
    trend: { prefer: ['ch4', 'co', 'wind_speed'] },
  },
  metallurgy: {
    code: 'metallurgy',
    hazards: [{ key: 'enterprise_metallurgy', kind: 'enterprise', category: 'metallurgy', colour: '#9c755f' }],
    overview: [{ kind: 'latest', metric: 'co' }],
    trend: { prefer: ['furnace_temp', 'co'] },
  },
}

/** The metric a station's trend opens on. */
export function defaultTrendMetric(config: TrendConfig, metrics: readonly { metric: string }[]): string | null {
  for (const code of config.prefer) if (metrics.some((m) => m.metric === code)) return code
  return metrics[0]?.metric ?? null
}

/** The companion drawn with `metric` (one of the preferred) at this station, if the station has it. */
export function companionOf(config: TrendConfig, metric: string | null, metrics: readonly { metric: string }[]): TrendConfig['companion'] | null {
  const c = config.companion
  if (!c || !metric || c.metric === metric || !config.prefer.includes(metric)) return null
  return metrics.some((m) => m.metric === c.metric) ? c : null
}
