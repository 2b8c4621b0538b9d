/**
 * The server writes its resource refusals in English as `<field>: <reason>`
 * (`size: must be a number`, `region: the point lies in county 140105, not in region
 * 140106; …`). Form errors and import reports show them in the user's language, naming the
 * field by its label from the schema.
 */
import { ApiError, isApiError } from '@/api/http'
import { localizeError } from '@/api/errors'
import { currentLocale, t } from '@/locales'

export interface ReasonContext {
  /** The label of a field key (schema name with unit, or the common field's name). */
  label: (key: string) => string
  /** The name of a region code (小店区). */
  regionName?: (code: string) => string
  /** The name of a kind key (应急队伍). */
  kindName?: (key: string) => string
}

/** The reason without the `<field>: ` prefix the server puts first. */
export function stripFieldPrefix(reason: string, field?: string): string {
  const text = reason.trim()
  if (field && text.startsWith(`${field}: `)) return text.slice(field.length + 2)
  const m = /^([A-Za-z0-9_/\u4e00-\u9fff()（）²³]+):\s+(.*)$/s.exec(text)
  return m ? (m[2] ?? text) : text
}

/**
 * The reason in the current language, naming the field. Known English reasons get our own
 * wording; an unknown one is shown as the server wrote it in English, and as a generic
 * "please check" in Chinese.
 */
export function translateReason(field: string, reason: string, ctx: ReasonContext): string {
  const label = field ? ctx.label(field) : ''
  const detail = stripFieldPrefix(reason, field)
  const region = (code: string) => (ctx.regionName ? `${ctx.regionName(code)}（${code}）` : code)
  let m: RegExpExecArray | null
  if (/^is required\b/.test(detail)) return t('validation.required', { field: label })
  if (/^must be a whole number/.test(detail)) return t('res.check.integer', { field: label })
  if (/^must be a number/.test(detail)) return t('res.check.number', { field: label })
  if ((m = /^must be between (-?[\d.]+) and (-?[\d.]+)/.exec(detail))) return t('res.check.range', { field: label, min: m[1], max: m[2] })
  if (/^must be within ±/.test(detail)) return t('res.check.number', { field: label })
  if (/^must be one of/.test(detail)) return t('res.check.option', { field: label })
  if (/^is not a phone number/.test(detail)) return t('res.check.phone', { field: label })
  if (/^must be a date/.test(detail)) return t('res.check.date', { field: label })
  if (/^must be an http/.test(detail)) return t('res.check.url', { field: label })
  if ((m = /^is longer than (\d+) bytes/.exec(detail))) {
    const max = Number(m[1])
    return t('res.check.tooLong', { field: label, max, chars: Math.floor(max / 3) })
  }
  if (/^must be a 6-digit region code/.test(detail)) return t('res.server.regionCode', { field: label })
  if ((m = /^unknown region (\d+)/.exec(detail))) return t('res.server.unknownRegion', { code: m[1] })
  if (/lies outside the province/.test(detail)) return t('res.server.outsideProvince')
  if ((m = /lies in county (\d+), not in region (\d+)/.exec(detail))) {
    return t('res.server.wrongCounty', { county: region(m[1] ?? ''), region: region(m[2] ?? '') })
  }
  if ((m = /^is not a field of (\w+)/.exec(detail))) {
    return t('res.server.notAField', { field: label || field, kind: ctx.kindName ? ctx.kindName(m[1] ?? '') : m[1] })
  }
  if ((m = /^no (\w+) with id (\d+)/.exec(detail))) {
    return t('res.server.noParent', { kind: ctx.kindName ? ctx.kindName(m[1] ?? '') : m[1], id: m[2] })
  }
  if (/^is required: the \w+/.test(detail)) {
    return t('validation.required', { field: label })
  }
  if (/is not used by/.test(detail)) return t('res.server.parentUnused', { field: label })
  if (/outside your jurisdiction/.test(detail)) return t('res.server.outsideJurisdiction')
  if (/^(?:id )?not found|no record|does not exist/i.test(detail)) return t('res.server.notFound')
  if (/organisation not found/.test(detail)) return t('res.server.orgNotFound')
  if (/cannot change/.test(detail)) return t('res.server.kindFixed')
  if (currentLocale() === 'en' || /[\u4e00-\u9fff]/.test(detail)) return label ? `${label}: ${detail}` : detail
  return label ? t('apiErrors.fieldCheck', { field: label }) : t('res.server.rowCheck')
}

/** A refusal of a resource write: the field it names and the message for the user. */
export interface ResourceFailure {
  field: string | null
  message: string
}

/**
 * What to tell the user about a failed create or change. A refusal that names a field
 * comes back with that field so the form can put it under the input.
 */
export function describeFailure(error: unknown, ctx: ReasonContext): ResourceFailure {
  if (isApiError(error) && error.field && error.field !== 'version' && ['validation_failed', 'bad_request', 'forbidden'].includes(error.code)) {
    return { field: error.field, message: translateReason(error.field, error.message, ctx) }
  }
  return { field: null, message: localizeError(error) }
}

/** Children block a delete: `7 records (members, …) belong to this one` → the count. */
export function childrenCount(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null
  const m = /^(\d+) records?\b/.exec(error.message)
  return m ? Number(m[1]) : null
}
