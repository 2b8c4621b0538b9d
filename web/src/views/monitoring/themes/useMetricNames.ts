import { shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { CatalogueMetric } from '@/api/monitoring'
import { loadCatalogue } from './useThemePage'

/**
 * Metric names in the user's language from the catalogue (the station's own name, then the
 * code, until it has loaded or for a metric it does not list), and the catalogue's metrics.
 */
export function useMetricNames() {
  const { locale } = useI18n()
  const metrics = shallowRef<CatalogueMetric[]>([])
  loadCatalogue()
    .then((c) => (metrics.value = c.metrics))
    .catch(() => undefined)

  function metricName(code: string, fallback?: string): string {
    const m = metrics.value.find((x) => x.code === code)
    if (!m) return fallback || code
    return locale.value === 'en' ? m.name_en || m.name : m.name || fallback || code
  }

  return { metrics, metricName }
}
