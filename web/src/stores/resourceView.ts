import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { useSessionStore } from './session'

/**
 * What the resource pages share while the user moves between the map and the lists: the
 * region chosen (defaulting to the user's own jurisdiction) and the kinds hidden on the
 * map. The record to show on the map travels in the route (`/resources/map?focus=<id>`).
 */
export const useResourceViewStore = defineStore('resourceView', () => {
  const session = useSessionStore()
  const region = ref<string | null>(session.region)
  /** Kind keys switched off in the map's layer tree. */
  const hiddenKinds = ref<string[]>([])

  // Signing in as someone else starts from their jurisdiction.
  watch(
    () => session.region,
    (next) => {
      region.value = next
      hiddenKinds.value = []
    },
  )

  function setKindVisible(kind: string, visible: boolean): void {
    const hidden = new Set(hiddenKinds.value)
    if (visible) hidden.delete(kind)
    else hidden.add(kind)
    hiddenKinds.value = [...hidden]
  }

  return { region, hiddenKinds, setKindVisible }
})
