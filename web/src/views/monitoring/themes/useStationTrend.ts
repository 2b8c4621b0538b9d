import { ref, shallowRef, watch, type Ref } from 'vue'
import { getReadings, type ReadingSeries } from '@/api/monitoring'
import { appendReading, rangeWindow, type TrendRange } from './themeLogic'
import type { ReadingsListener } from './useThemePage'

/**
 * The readings of one station's metric (and an optional companion metric) over a window
 * ending now, extended by live readings while shown. A change of station, metric or range
 * loads again; an answer that arrives after a newer request is dropped.
 */
export function useStationTrend(opts: {
  station: Readonly<Ref<string | null>>
  metric: Readonly<Ref<string | null>>
  companion: Readonly<Ref<string | null>>
  range: Ref<TrendRange>
  onReadings: (listener: ReadingsListener) => void
}) {
  const main = shallowRef<ReadingSeries | null>(null)
  const companion = shallowRef<ReadingSeries | null>(null)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    const station = opts.station.value
    const metric = opts.metric.value
    const other = opts.companion.value
    if (!station || !metric) {
      main.value = null
      companion.value = null
      loading.value = false
      return
    }
    loading.value = true
    const window = rangeWindow(opts.range.value, Date.now())
    try {
      const [a, b] = await Promise.all([
        getReadings({ station, metric, ...window }, { silent: true }),
        other ? getReadings({ station, metric: other, ...window }, { silent: true }).catch(() => null) : Promise.resolve(null),
      ])
      if (mine !== generation) return
      main.value = a
      companion.value = b
      error.value = null
    } catch (e) {
      if (mine !== generation) return
      main.value = null
      companion.value = null
      error.value = e
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch([opts.station, opts.metric, opts.companion, opts.range], () => void load(), { immediate: true })

  opts.onReadings((items) => {
    const station = opts.station.value
    if (!station) return
    for (const item of items) {
      if (item.station !== station) continue
      if (main.value && item.metric === opts.metric.value) main.value = appendReading(main.value, item)
      else if (companion.value && item.metric === opts.companion.value) companion.value = appendReading(companion.value, item)
    }
  })

  return { main, companion, loading, error, reload: load }
}
