/**
 * Units as the server's schemas and grading tables write them (zh-CN: 人, 辆, 万元 …), worded in
 * the user's language. A unit the app does not know is shown as it came.
 */
import { currentLocale, t, type Locale } from '@/locales'

const UNIT_KEYS: Readonly<Record<string, string>> = {
  人: 'person',
  张: 'piece',
  辆: 'vehicle',
  元: 'yuan',
  万元: 'tenThousandYuan',
  '万m³': 'tenThousandCubicMetres',
  公顷: 'hectare',
  级: 'magnitude',
}

/** The unit in the UI's language (or `locale`): 人 → "people" in English. */
export function unitText(unit: string | null | undefined, locale: Locale = currentLocale()): string {
  if (!unit) return ''
  const key = UNIT_KEYS[unit]
  return key ? t(`units.${key}`, {}, { locale }) : unit
}

/**
 * A number with its unit as people read it: 3人 / 1200万元 in Chinese (no space, yuan from 10,000
 * in 万元), "3 people" / "12,000,000 yuan" in English.
 */
export function amountText(value: number, unit: string | null | undefined): string {
  const zh = currentLocale() === 'zh-CN'
  if (zh) {
    if (unit === '元' && value >= 10000) return `${Number((value / 10000).toPrecision(12))}${unitText('万元')}`
    return `${Number(value.toPrecision(12))}${unitText(unit)}`
  }
  const number = value.toLocaleString('en-US', { maximumFractionDigits: 6 })
  // A magnitude reads as the number alone ("Magnitude 5.5").
  const u = unit === '级' ? '' : unitText(unit)
  return u ? `${number} ${u}` : number
}
