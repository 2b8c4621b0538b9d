import { onScopeDispose, ref, type Ref } from 'vue'

/** Whether the browser thinks it is online, following the `online`/`offline` events. */
export function useOnlineStatus(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> & {
    navigator: Pick<Navigator, 'onLine'>
  } = window,
): Readonly<Ref<boolean>> {
  const online = ref(target.navigator.onLine)
  const up = () => (online.value = true)
  const down = () => (online.value = false)
  target.addEventListener('online', up)
  target.addEventListener('offline', down)
  onScopeDispose(() => {
    target.removeEventListener('online', up)
    target.removeEventListener('offline', down)
  })
  return online
}
