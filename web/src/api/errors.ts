/**
 * Server and client error codes to messages in the user's language, in one place.
 *
 * A known code gets our own wording (naming the field for `validation_failed` and
 * `conflict` when the server names one); an unknown code falls back to the server's
 * message. Server faults (5xx) keep the request id so support can find the log line.
 */
import { currentLocale, i18n, t } from '@/locales'
import { ApiError, isApiError } from './http'

/** Codes with a message of their own under `apiErrors.<code>`. */
export const KNOWN_CODES = [
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable',
  'rate_limited',
  'unavailable',
  'internal',
  'network_error',
  'aborted',
  'bad_response',
] as const

export type KnownCode = (typeof KNOWN_CODES)[number]

/** Per-call wording for a code, as i18n keys (`unauthenticated` on the login form means a wrong code). */
export type ErrorOverrides = Partial<Record<KnownCode | string, string>>

function has(key: string): boolean {
  return i18n.global.te(key)
}

/** The label of an input field the server named (`org_id` → 所属单位); the raw name if unknown. */
export function fieldLabel(field: string): string {
  const key = `fields.${field}`
  return has(key) ? t(key) : field
}

/** Whether the field has a rule of its own under `apiErrors.field.<field>` (phone format). */
function fieldRuleMessage(field: string): string | null {
  const key = `apiErrors.field.${field}`
  return has(key) ? t(key) : null
}

/**
 * Whether the server's own wording can be shown in the current language: the server
 * writes English, so Chinese users get our wording alone unless the detail is Chinese.
 */
function readable(detail: string): boolean {
  return detail.trim() !== '' && (currentLocale() === 'en' || /[\u4e00-\u9fff]/.test(detail))
}

/** `名称填写有误：…` with the server's detail where readable; "… is required" as our own wording. */
function fieldMessage(field: string, detail: string): string {
  const label = fieldLabel(field)
  if (/\bis required\b|\bmust not be empty\b/i.test(detail)) return t('validation.required', { field: label })
  return readable(detail) ? t('apiErrors.fieldInvalid', { field: label, detail }) : t('apiErrors.fieldCheck', { field: label })
}

function asApiError(error: unknown): ApiError {
  if (isApiError(error)) return error
  const message = error instanceof Error ? error.message : String(error)
  return new ApiError({ status: 0, code: 'unknown', message })
}

/** The message without the request id. */
function baseMessage(error: ApiError, overrides: ErrorOverrides): string {
  const override = overrides[error.code]
  if (override) return t(override)
  const field = error.field
  switch (error.code) {
    case 'validation_failed':
    case 'bad_request':
      if (field) {
        const rule = fieldRuleMessage(field)
        if (rule) return rule
        return fieldMessage(field, error.message)
      }
      return readable(error.message) ? t('apiErrors.invalidWithDetail', { detail: error.message }) : t(`apiErrors.${error.code}`)
    case 'conflict':
      return field && field !== 'version' ? t('apiErrors.duplicate', { field: fieldLabel(field) }) : t('apiErrors.conflict')
    case 'rate_limited':
      return error.retryAfter !== undefined && error.retryAfter > 0
        ? t('apiErrors.rateLimitedFor', { s: error.retryAfter })
        : t('apiErrors.rate_limited')
    case 'unavailable':
      return error.retryAfter !== undefined && error.retryAfter > 0
        ? t('apiErrors.unavailableFor', { s: error.retryAfter })
        : t('apiErrors.unavailable')
    default:
      break
  }
  if ((KNOWN_CODES as readonly string[]).includes(error.code)) return t(`apiErrors.${error.code}`)
  if (error.status >= 500) return t('apiErrors.internal')
  return error.message || t('errors.http', { status: error.status })
}

/** Whether the request id should be shown: a server fault the user may report. */
export function isServerFault(error: ApiError): boolean {
  return error.status >= 500 || error.code === 'internal'
}

/**
 * What to tell the user about a failed request, in the current language. 5xx answers end
 * with the request id.
 */
export function localizeError(error: unknown, overrides: ErrorOverrides = {}, options: { requestId?: boolean } = {}): string {
  const apiError = asApiError(error)
  const message = baseMessage(apiError, overrides)
  if (options.requestId !== false && isServerFault(apiError) && apiError.requestId) {
    return `${message} ${t('apiErrors.requestId', { id: apiError.requestId })}`
  }
  return message
}

/** The message to show under a form field when the server refused that field, else null. */
export function fieldError(error: unknown): { field: string; message: string } | null {
  if (!isApiError(error) || !error.field || error.field === 'version') return null
  if (!['validation_failed', 'bad_request', 'conflict'].includes(error.code)) return null
  const field = error.field
  const message =
    error.code === 'conflict'
      ? t('apiErrors.duplicate', { field: fieldLabel(field) })
      : (fieldRuleMessage(field) ?? fieldMessage(field, error.message))
  return { field, message }
}

/** A stale `version` on PATCH: someone else saved first. */
export function isVersionConflict(error: unknown): boolean {
  return isApiError(error) && error.code === 'conflict' && (!error.field || error.field === 'version')
}
