import { ref, watch } from 'vue'

const STORAGE_KEY = 'fenghuo.sidebar.collapsed'

function read(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === '1'
  } catch {
    return false
  }
}

const collapsed = ref(read())
watch(collapsed, (value) => {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, value ? '1' : '0')
  } catch {
    // storage disabled: the choice lasts for this page only
  }
})

/** Whether the left menu is collapsed to icons; remembered across visits. */
export function useSidebar() {
  return { collapsed, toggle: () => (collapsed.value = !collapsed.value) }
}
