import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { getHealth, type Health } from '@/api/system'
import { ApiError, isApiError } from '@/api/http'
import { formatDateTime, splitDuration } from '@/utils/time'

/**
 * The live server status for the home page: `GET /api/v1/health` now and every
 * `intervalMs`, with the time of the last answer. Errors are shown on the page, not toasted.
 */
export function useServerStatus(intervalMs = 15_000) {
  const { t } = useI18n()
  const health = shallowRef<Health | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const loading = ref(false)
  const checkedAt = ref<number | null>(null)
  let controller: AbortController | null = null

  async function refresh() {
    controller?.abort()
    const current = new AbortController()
    controller = current
    loading.value = true
    try {
      health.value = await getHealth({ signal: current.signal, silent: true })
      error.value = null
      checkedAt.value = Date.now()
    } catch (e) {
      if (isApiError(e) && e.code === 'aborted') return
      error.value = isApiError(e) ? e : new ApiError({ status: 0, code: 'unknown', message: String(e) })
      checkedAt.value = Date.now()
    } finally {
      if (controller === current) loading.value = false
    }
  }

  void refresh()
  const timer = globalThis.setInterval(() => void refresh(), intervalMs)
  onScopeDispose(() => {
    globalThis.clearInterval(timer)
    controller?.abort()
  })

  const healthy = computed(() => !!health.value && health.value.status === 'ok' && health.value.database_ok && !error.value)

  const uptimeText = computed(() => {
    if (!health.value) return ''
    const d = splitDuration(health.value.uptime_s)
    if (d.days > 0) return t('duration.days', { d: d.days, h: d.hours, m: d.minutes })
    if (d.hours > 0) return t('duration.hours', { h: d.hours, m: d.minutes })
    return t('duration.minutes', { m: d.minutes, s: d.seconds })
  })

  const checkedAtText = computed(() =>
    checkedAt.value === null ? '' : t('home.checkedAt', { time: formatDateTime(checkedAt.value, { seconds: true }) }),
  )

  return { health, error, loading, healthy, uptimeText, checkedAtText, refresh }
}
