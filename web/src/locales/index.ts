import { createI18n } from 'vue-i18n'
import zhCN, { type Messages } from './zh-CN'
import en from './en'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'
export const LOCALE_STORAGE_KEY = 'fenghuo.locale'

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY)
    return isLocale(stored) ? stored : DEFAULT_LOCALE
  } catch {
    return DEFAULT_LOCALE // storage disabled (private mode, tests)
  }
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: readStoredLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
})

/** The translate function for code outside components (request client, router titles). */
export const t = i18n.global.t
/** Whether a key has a message (in the current or the fallback language). */
export const te = (key: string): boolean => i18n.global.te(key) || i18n.global.te(key, DEFAULT_LOCALE)

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/** Switches the language, remembers the choice, and updates `<html lang>`. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  syncDocumentLanguage()
}

export function syncDocumentLanguage(): void {
  if (typeof document === 'undefined') return
  document.documentElement.lang = currentLocale()
}
