import { createApp, watch } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import '@/styles/base.css'
import { i18n, syncDocumentLanguage } from '@/locales'
import { http } from '@/api/http'
import { startRealtime } from '@/realtime'
import { pageTitle } from '@/router/meta'
import App from './App.vue'
import { createDesktopRouter } from './router'

const router = createDesktopRouter()

http.setErrorNotifier((error) => {
  ElMessage.error({ message: error.message, grouping: true, showClose: true })
})

syncDocumentLanguage()
watch(i18n.global.locale, () => {
  syncDocumentLanguage()
  document.title = pageTitle(router.currentRoute.value.meta.titleKey, 'app.name')
})

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')
startRealtime()
