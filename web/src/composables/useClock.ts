import { onScopeDispose, ref } from 'vue'

/** The current time in epoch milliseconds, updated every `intervalMs`. */
export function useClock(intervalMs = 1000) {
  const now = ref(Date.now())
  const handle = globalThis.setInterval(() => (now.value = Date.now()), intervalMs)
  onScopeDispose(() => globalThis.clearInterval(handle))
  return now
}
