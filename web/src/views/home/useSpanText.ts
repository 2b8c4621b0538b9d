import { useI18n } from 'vue-i18n'
import { clockSpan } from './homeLogic'

/** A span of seconds in words (days, then hh:mm:ss), for the home page's countdowns; the sign is ignored. */
export function useSpanText(): (seconds: number) => string {
  const { t } = useI18n()
  return (seconds: number) => {
    const span = clockSpan(Math.abs(seconds))
    return span.days > 0 ? t('home.spanDays', { d: span.days, time: span.text }) : span.text
  }
}
