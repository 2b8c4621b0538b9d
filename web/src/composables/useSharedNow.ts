import { onScopeDispose, ref, type Ref } from 'vue'

/**
 * One clock for every countdown on the page: a single interval that runs while anyone is
 * listening (a table of fifty deadlines does not start fifty timers).
 */
const now = ref(Date.now())
let users = 0
let handle: ReturnType<typeof setInterval> | null = null

export function useSharedNow(): Readonly<Ref<number>> {
  users += 1
  if (handle === null) {
    now.value = Date.now()
    handle = setInterval(() => (now.value = Date.now()), 1000)
  }
  onScopeDispose(() => {
    users -= 1
    if (users === 0 && handle !== null) {
      clearInterval(handle)
      handle = null
    }
  })
  return now
}
