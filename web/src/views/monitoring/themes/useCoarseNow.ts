import { onScopeDispose, ref, type Ref } from 'vue'

/**
 * The time now, updated every `everyMs` (30 s): enough for "12 分钟前" in a long list, which
 * then re-renders twice a minute instead of every second.
 */
export function useCoarseNow(everyMs = 30_000): Readonly<Ref<number>> {
  const now = ref(Date.now())
  const handle = setInterval(() => (now.value = Date.now()), everyMs)
  onScopeDispose(() => clearInterval(handle))
  return now
}
