import { createApp, watch } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import '@/styles/base.css'
import { i18n, syncDocumentLanguage } from '@/locales'
import { http } from '@/api/http'
import { getRealtime, startRealtime } from '@/realtime'
import { pageTitle } from '@/router/meta'
import { useSessionStore } from '@/stores/session'
import App from './App.vue'
import { handleApiFailure } from './apiFailure'
import { createDesktopRouter } from './router'

const pinia = createPinia()
const router = createDesktopRouter()

http.setErrorNotifier((error) => {
  const session = useSessionStore(pinia)
  handleApiFailure(error, {
    isLoggedIn: () => session.isLoggedIn,
    currentPath: () => router.currentRoute.value,
    signOut: () => session.markSignedOut(),
    goToLogin: (redirect) => void router.push({ path: '/login', query: { redirect } }),
    toast: (kind, message) =>
      kind === 'warning' ? ElMessage.warning({ message, grouping: true }) : ElMessage.error({ message, grouping: true, showClose: true }),
  })
})

syncDocumentLanguage()
watch(i18n.global.locale, () => {
  syncDocumentLanguage()
  document.title = pageTitle(router.currentRoute.value.meta.titleKey, 'app.name')
})

createApp(App).use(pinia).use(i18n).use(router).mount('#app')

// The live connection needs a session: open it on login, close it on logout, and start
// over when the user changes so the server sees who is listening.
const session = useSessionStore(pinia)
watch(
  () => (session.isLoggedIn ? (session.user?.id ?? '') : null),
  (userId) => {
    getRealtime().stop()
    if (userId !== null) startRealtime()
  },
  { immediate: true },
)
