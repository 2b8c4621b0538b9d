import { createApp, watch } from 'vue'
import { createPinia } from 'pinia'
import { Locale as VantLocale, showFailToast } from 'vant'
import 'vant/es/toast/style'
import vantZhCN from 'vant/es/locale/lang/zh-CN'
import vantEnUS from 'vant/es/locale/lang/en-US'
import '@/styles/base.css'
import { i18n, syncDocumentLanguage } from '@/locales'
import { localizeError } from '@/api/errors'
import { http } from '@/api/http'
import { pageTitle } from '@/router/meta'
import MobileApp from './MobileApp.vue'
import { createMobileRouter } from './router'

const router = createMobileRouter()

http.setErrorNotifier((error) => {
  showFailToast({ message: localizeError(error), wordBreak: 'break-word' })
})

function syncLanguage() {
  const locale = i18n.global.locale.value
  if (locale === 'en') VantLocale.use('en-US', vantEnUS)
  else VantLocale.use('zh-CN', vantZhCN)
  syncDocumentLanguage()
  document.title = pageTitle(router.currentRoute.value.meta.titleKey, 'app.mobileName')
}
syncLanguage()
watch(i18n.global.locale, syncLanguage)

createApp(MobileApp).use(createPinia()).use(i18n).use(router).mount('#app')
