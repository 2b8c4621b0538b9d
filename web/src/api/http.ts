/**
 * The one request client. Same-origin fetch with the session cookie, JSON in and out,
 * the CSRF header on writes, and every failure turned into an `ApiError`:
 *
 * - a non-2xx answer with the server's error shape
 *   `{"error":{"code":"validation_failed","message":"...","field":"phone"}}` keeps its
 *   code, message and field; any other non-2xx answer gets code `http_<status>`;
 * - a failed connection is code `network_error` (status 0); a cancelled one `aborted`;
 * - a 2xx answer that is not JSON is code `bad_response`.
 *
 * The request id from the `X-Request-Id` response header rides along for support.
 * Failures are also passed to the error notifier (a toast, set by each app) unless the
 * request says `silent: true` because its page shows the error itself.
 */
import { t } from '@/locales'

export const CSRF_COOKIE = 'fenghuo_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'
export const REQUEST_ID_HEADER = 'X-Request-Id'

export interface ApiErrorInit {
  status: number
  code: string
  message: string
  field?: string | undefined
  requestId?: string | undefined
  body?: unknown
  retryAfter?: number | undefined
}

export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number
  /** Machine-readable code from the server (`validation_failed`) or the client (`network_error`). */
  readonly code: string
  /** The input field the error is about, when the server names one. */
  readonly field: string | undefined
  readonly requestId: string | undefined
  /** The parsed JSON body of a non-2xx answer that is not the error shape (else undefined). */
  readonly body: unknown
  /** Seconds to wait before trying again (the `Retry-After` header of a 429 or 503). */
  readonly retryAfter: number | undefined

  constructor(init: ApiErrorInit) {
    super(init.message)
    this.status = init.status
    this.code = init.code
    this.field = init.field
    this.requestId = init.requestId
    this.body = init.body
    this.retryAfter = init.retryAfter
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  query?: Record<string, QueryValue>
  body?: unknown
  /** A body sent as it is (a CSV file) instead of JSON; wins over `body`. */
  content?: { data: string | Blob; type: string }
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Do not pass a failure to the error notifier: the caller shows it. */
  silent?: boolean
}

export type ErrorNotifier = (error: ApiError) => void

export interface HttpClientDeps {
  fetch?: typeof fetch
  /** Reads a cookie by name; defaults to `document.cookie`. */
  readCookie?: (name: string) => string | undefined
  notify?: ErrorNotifier
}

/** The value of cookie `name` in a `document.cookie` style string, or undefined. */
export function readCookie(name: string, cookies?: string): string | undefined {
  const source = cookies ?? (typeof document === 'undefined' ? '' : document.cookie)
  for (const pair of source.split(';')) {
    const eq = pair.indexOf('=')
    if (eq < 0) continue
    if (pair.slice(0, eq).trim() !== name) continue
    const raw = pair.slice(eq + 1).trim()
    try {
      return decodeURIComponent(raw)
    } catch {
      return raw
    }
  }
  return undefined
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

interface ErrorShape {
  code: string
  message: string
  field?: string
}

function parseErrorShape(text: string): ErrorShape | null {
  if (!text) return null
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  if (!body || typeof body !== 'object') return null
  const error = (body as { error?: unknown }).error
  if (!error || typeof error !== 'object') return null
  const { code, message, field } = error as Record<string, unknown>
  if (typeof code !== 'string' || typeof message !== 'string' || !code || !message) return null
  return typeof field === 'string' && field ? { code, message, field } : { code, message }
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const url = path
  if (!query) return url
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.append(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url
}

/** `Retry-After` in seconds: either delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text)
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, Math.ceil((at - now) / 1000))
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError'
}

export function createHttpClient(deps: HttpClientDeps = {}) {
  const doFetch: typeof fetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const cookie = deps.readCookie ?? ((name: string) => readCookie(name))
  let notifier: ErrorNotifier | undefined = deps.notify

  function fail(error: ApiError, options: RequestOptions): never {
    if (!options.silent && error.code !== 'aborted' && notifier) {
      try {
        notifier(error)
      } catch {
        // a broken toast must not hide the error from the caller
      }
    }
    throw error
  }

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const verb = method.toUpperCase()
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
    const init: RequestInit = { method: verb, headers, credentials: 'same-origin' }
    if (options.signal) init.signal = options.signal
    if (options.content) {
      headers['Content-Type'] = options.content.type
      init.body = options.content.data
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(options.body)
    }
    if (!SAFE_METHODS.has(verb)) {
      const token = cookie(CSRF_COOKIE)
      if (token) headers[CSRF_HEADER] = token
    }

    let response: Response
    try {
      response = await doFetch(buildUrl(path, options.query), init)
    } catch (error) {
      return fail(
        isAbort(error)
          ? new ApiError({ status: 0, code: 'aborted', message: t('errors.aborted') })
          : new ApiError({ status: 0, code: 'network_error', message: t('errors.network') }),
        options,
      )
    }

    const requestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      const code = isAbort(error) ? 'aborted' : 'network_error'
      return fail(
        new ApiError({ status: response.status, code, message: t(code === 'aborted' ? 'errors.aborted' : 'errors.network'), requestId }),
        options,
      )
    }

    if (!response.ok) {
      const shape = parseErrorShape(text)
      let body: unknown
      if (!shape && text) {
        try {
          body = JSON.parse(text)
        } catch {
          body = undefined
        }
      }
      return fail(
        new ApiError({
          status: response.status,
          code: shape?.code ?? `http_${response.status}`,
          message: shape?.message ?? t('errors.http', { status: response.status }),
          field: shape?.field,
          requestId,
          body,
          retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
        }),
        options,
      )
    }

    if (response.status === 204 || text.trim() === '') return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      return fail(new ApiError({ status: response.status, code: 'bad_response', message: t('errors.badResponse'), requestId }), options)
    }
  }

  return {
    request,
    get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
    post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
    put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
    patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
    delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
    /** Sets the function that shows failures to the user (each app sets its own toast). */
    setErrorNotifier(next: ErrorNotifier | undefined) {
      notifier = next
    },
  }
}

export type HttpClient = ReturnType<typeof createHttpClient>

/** The app-wide client. */
export const http = createHttpClient()
