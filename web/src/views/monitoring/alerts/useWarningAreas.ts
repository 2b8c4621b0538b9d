import { onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import { getAlert, listAlerts, type Alert, type AlertArea, type AlertSummary } from '@/api/alerts'
import { useRealtimeTopic } from '@/realtime'
import { alertLevelRank } from '@/utils/alertLevels'
import { alertOf, alertShape, sortWarnings, type AlertShape } from './alertLogic'

/** At most this many warnings are fetched for their areas (the most severe come first on the panel). */
export const MAX_WARNING_AREAS = 60

/** A warning as a list gives it: with its areas (`GET /api/v1/alerts`) or without (the dashboard). */
export type WarningItem = AlertSummary & { areas?: AlertArea[] | null }

/**
 * The drawable areas of warnings (the home page's and the resources map's): a warning listed
 * without its geometry (the dashboard's) has its areas fetched from `GET /api/v1/alerts/{id}`
 * once; the "alerts" events carry the whole warning.
 */
export function useWarningAreas(warnings: Readonly<Ref<readonly WarningItem[]>>) {
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
    for (const w of list) if (Array.isArray(w.areas)) cache.set(w.id, alertShape(w))
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

/**
 * The active warnings of a region (all in the jurisdiction when null) with their areas, kept
 * live from the "alerts" topic: any event reloads the list (once per burst).
 */
export function useActiveWarningAreas(region: Readonly<Ref<string | null>>) {
  const warnings = shallowRef<Alert[]>([])
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    try {
      const page = await listAlerts({ active: true, region: region.value ?? undefined, limit: MAX_WARNING_AREAS }, { silent: true })
      if (mine === generation) warnings.value = sortWarnings(page.items, alertLevelRank)
    } catch {
      // the map works without its warning areas
    }
  }

  let timer: ReturnType<typeof setTimeout> | null = null
  useRealtimeTopic('alerts', () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void load()
    }, 500)
  })
  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
  })
  watch(region, () => void load(), { immediate: true })

  const { shapes } = useWarningAreas(warnings)
  return { warnings, shapes, reload: load }
}
