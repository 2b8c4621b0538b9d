/**
 * ECharts with only what the theme pages draw (line, bar and scatter charts on a grid, tooltip,
 * legend, threshold lines) on the canvas renderer. Imported by the theme route's chunk only:
 * the desktop first page never loads it.
 */
import { init, use, type ECharts } from 'echarts/core'
import { BarChart, LineChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([LineChart, BarChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer])

export function createChart(element: HTMLElement): ECharts {
  return init(element, undefined, { renderer: 'canvas' })
}

export type { ECharts }
