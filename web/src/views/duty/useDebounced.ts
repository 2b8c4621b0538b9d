import { onScopeDispose } from 'vue'

/**
 * `fn` called once, `ms` after the last of a burst of calls (live events arriving together
 * cause one refetch). Cancelled when the calling scope ends.
 */
export function useDebounced(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
    timer = null
  })
  return () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      fn()
    }, ms)
  }
}
