import { shallowRef, watch, type Ref } from 'vue'
import { getAlert, type AlertSummary } from '@/api/alerts'
import { useRealtimeTopic } from '@/realtime'
import { alertOf, alertShape, type AlertShape } from '@/views/monitoring/alerts/alertLogic'

/** At most this many warnings are fetched for their areas (the most severe come first on the panel). */
export const MAX_WARNING_AREAS = 60

/**
 * The drawable areas of the dashboard's warnings: the dashboard lists warnings without their
 * geometry, so each one's areas come from `GET /api/v1/alerts/{id}` once (and from the
 * "alerts" events, which carry the whole warning).
 */
export function useWarningAreas(warnings: Readonly<Ref<readonly AlertSummary[]>>) {
  const shapes = shallowRef<AlertShape[]>([])
  const cache = new Map<string, AlertShape | null>()
  const pending = new Map<string, Promise<void>>()

  function publish() {
    const out: AlertShape[] = []
    for (const w of warnings.value.slice(0, MAX_WARNING_AREAS)) {
      const shape = cache.get(w.id)
      // The dashboard's level is the current one (an update may change it).
      if (shape) out.push({ ...shape, level: w.level })
    }
    shapes.value = out
  }

  function fetchOne(id: string): Promise<void> {
    let p = pending.get(id)
    if (!p) {
      p = getAlert(id, { silent: true })
        .then((alert) => void cache.set(id, alertShape(alert)))
        .catch(() => void cache.set(id, null))
        .finally(() => pending.delete(id))
      pending.set(id, p)
    }
    return p
  }

  async function sync() {
    const list = warnings.value.slice(0, MAX_WARNING_AREAS)
    const ids = new Set(list.map((w) => w.id))
    for (const id of [...cache.keys()]) if (!ids.has(id)) cache.delete(id)
    await Promise.all(list.filter((w) => !cache.has(w.id)).map((w) => fetchOne(w.id)))
    publish()
  }

  watch(warnings, () => void sync(), { immediate: true })
  useRealtimeTopic('alerts', (event) => {
    const alert = alertOf(event.data)
    if (!alert) return
    if (Array.isArray(alert.areas)) cache.set(alert.id, alertShape(alert))
    else cache.delete(alert.id)
    publish()
  })

  return { shapes, sync }
}
