import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { LOCALES, setLocale, type Locale } from '@/locales'

/** The current language and a way to switch it (remembered in localStorage). */
export function useLocale() {
  const { locale, t } = useI18n()
  const current = computed(() => locale.value as Locale)
  const options = computed(() => LOCALES.map((value) => ({ value, label: t(`lang.${value}`) })))
  const currentLabel = computed(() => t(`lang.${current.value}`))
  return { current, currentLabel, options, change: (next: Locale) => setLocale(next) }
}
