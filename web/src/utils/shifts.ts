/**
 * A duty shift's name in the UI's language. The server names a shift by its settings (a name
 * someone typed) or, without settings, by a default (白班, 夜班, 24小时班); the presets of the
 * settings dialog store the name in the language of whoever chose them. A name that is one of
 * these defaults is shown in the user's language; a name of the duty room's own is kept.
 */
import { t } from '@/locales'

const KEYS: Readonly<Record<string, string>> = {
  day: 'duty.roster.presetDay',
  night: 'duty.roster.presetNight',
  full: 'duty.roster.presetFull',
  all: 'duty.roster.presetFull',
}
/** The server's default names (duty/service.cpp default_name). */
const SERVER_DEFAULTS: Readonly<Record<string, string>> = { day: '白班', night: '夜班', all: '24小时班' }

function isDefaultName(code: string, name: string): boolean {
  const key = KEYS[code]
  if (!key) return false
  return name === SERVER_DEFAULTS[code] || name === t(key, {}, { locale: 'zh-CN' }) || name === t(key, {}, { locale: 'en' })
}

export function shiftLabel(code: string, name: string | null | undefined): string {
  const key = KEYS[code]
  if (key && (!name || isDefaultName(code, name))) return t(key)
  return name || code
}
