import { onScopeDispose, readonly, ref, type Ref } from 'vue'

/** Whether a CSS media query matches now, following changes (false where there is no window). */
export function useMediaQuery(query: string): Readonly<Ref<boolean>> {
  const matches = ref(false)
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return readonly(matches)
  const list = window.matchMedia(query)
  matches.value = list.matches
  const update = (e: MediaQueryListEvent) => (matches.value = e.matches)
  list.addEventListener('change', update)
  onScopeDispose(() => list.removeEventListener('change', update))
  return readonly(matches)
}
