import { describe, expect, it, vi } from 'vitest'
import { ApiError, createHttpClient, parseRetryAfter, readCookie, type HttpClientDeps } from './http'

type FetchArgs = [input: RequestInfo | URL, init?: RequestInit]

function client(respond: (...args: FetchArgs) => Promise<Response> | Response, extra: Partial<HttpClientDeps> = {}) {
  const calls: FetchArgs[] = []
  const fetchFn = vi.fn(async (...args: FetchArgs) => {
    calls.push(args)
    return respond(...args)
  })
  const notify = vi.fn()
  const http = createHttpClient({ fetch: fetchFn as unknown as typeof fetch, notify, readCookie: () => undefined, ...extra })
  return { http, calls, notify }
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError)
    return error as ApiError
  }
  throw new Error('expected the request to fail')
}

function headersOf(args: FetchArgs | undefined): Record<string, string> {
  return (args?.[1]?.headers ?? {}) as Record<string, string>
}

describe('http client: success', () => {
  it('returns the parsed JSON body and sends same-origin credentials', async () => {
    const { http, calls } = client(() => json({ status: 'ok' }))
    await expect(http.get('/api/v1/health')).resolves.toEqual({ status: 'ok' })
    expect(calls[0]?.[0]).toBe('/api/v1/health')
    expect(calls[0]?.[1]?.credentials).toBe('same-origin')
    expect(calls[0]?.[1]?.method).toBe('GET')
    expect(headersOf(calls[0]).Accept).toBe('application/json')
  })

  it('sends a JSON body with its content type', async () => {
    const { http, calls } = client(() => json({}))
    await http.post('/api/v1/auth/sms-code', { phone: '13800138000' })
    expect(calls[0]?.[1]?.method).toBe('POST')
    expect(calls[0]?.[1]?.body).toBe('{"phone":"13800138000"}')
    expect(headersOf(calls[0])['Content-Type']).toBe('application/json')
  })

  it('appends query parameters and skips empty ones', async () => {
    const { http, calls } = client(() => json([]))
    await http.get('/api/v1/alerts', { query: { level: 'red', page: 2, q: undefined, region: null } })
    expect(calls[0]?.[0]).toBe('/api/v1/alerts?level=red&page=2')
  })

  it('returns undefined for 204 and for an empty 200', async () => {
    const { http } = client(() => new Response(null, { status: 204 }))
    await expect(http.delete('/api/v1/x')).resolves.toBeUndefined()
    const second = client(() => new Response('', { status: 200 }))
    await expect(second.http.get('/api/v1/x')).resolves.toBeUndefined()
  })
})

describe('http client: error mapping', () => {
  it('maps the server error shape to an ApiError with code, message, field and request id', async () => {
    const { http, notify } = client(() =>
      json({ error: { code: 'validation_failed', message: '手机号格式不正确', field: 'phone' } }, 400, { 'X-Request-Id': 'req-42' }),
    )
    const error = await caught(http.post('/api/v1/auth/sms-code', { phone: '1' }))
    expect(error.status).toBe(400)
    expect(error.code).toBe('validation_failed')
    expect(error.message).toBe('手机号格式不正确')
    expect(error.field).toBe('phone')
    expect(error.requestId).toBe('req-42')
    expect(error.name).toBe('ApiError')
    expect(notify).toHaveBeenCalledWith(error)
  })

  it('leaves field undefined when the server names none', async () => {
    const { http } = client(() => json({ error: { code: 'not_found', message: 'no such route' } }, 404))
    const error = await caught(http.get('/api/v1/nope'))
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'no such route' })
    expect(error.field).toBeUndefined()
    expect(error.requestId).toBeUndefined()
  })

  it('gives a missing body a status-based code and a readable message', async () => {
    const { http } = client(() => new Response(null, { status: 502, headers: { 'X-Request-Id': 'r1' } }))
    const error = await caught(http.get('/api/v1/health'))
    expect(error.status).toBe(502)
    expect(error.code).toBe('http_502')
    expect(error.message).toContain('502')
    expect(error.requestId).toBe('r1')
  })

  it('treats a non-JSON or differently shaped error body like a missing one', async () => {
    const html = client(() => new Response('<html>Bad Gateway</html>', { status: 502 }))
    expect((await caught(html.http.get('/x'))).code).toBe('http_502')
    const other = client(() => json({ message: 'nope' }, 409))
    const error = await caught(other.http.get('/x'))
    expect(error.code).toBe('http_409')
    expect(error.message).not.toBe('nope')
  })

  it('turns a failed connection into network_error with status 0', async () => {
    const { http, notify } = client(() => Promise.reject(new TypeError('Failed to fetch')))
    const error = await caught(http.get('/api/v1/health'))
    expect(error.status).toBe(0)
    expect(error.code).toBe('network_error')
    expect(error.message).not.toBe('')
    expect(notify).toHaveBeenCalledOnce()
  })

  it('reports a cancelled request as aborted without a toast', async () => {
    const { http, notify } = client(() => Promise.reject(new DOMException('The operation was aborted.', 'AbortError')))
    const error = await caught(http.get('/api/v1/health'))
    expect(error.code).toBe('aborted')
    expect(notify).not.toHaveBeenCalled()
  })

  it('rejects a 2xx answer that is not JSON as bad_response', async () => {
    const { http } = client(() => new Response('<html></html>', { status: 200 }))
    const error = await caught(http.get('/api/v1/health'))
    expect(error.code).toBe('bad_response')
    expect(error.status).toBe(200)
  })

  it('does not notify when the request is silent', async () => {
    const { http, notify } = client(() => json({ error: { code: 'unauthenticated', message: 'login' } }, 401))
    const error = await caught(http.get('/api/v1/me', { silent: true }))
    expect(error.status).toBe(401)
    expect(notify).not.toHaveBeenCalled()
  })
})

describe('http client: CSRF', () => {
  const withCookie = { readCookie: (name: string) => (name === 'fenghuo_csrf' ? 'tok en/1' : undefined) }

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('sends X-CSRF-Token from the cookie on %s', async (method) => {
    const { http, calls } = client(() => json({}), withCookie)
    await http.request(method, '/api/v1/x', { body: {} })
    expect(headersOf(calls[0])['X-CSRF-Token']).toBe('tok en/1')
  })

  it('does not send it on GET', async () => {
    const { http, calls } = client(() => json({}), withCookie)
    await http.get('/api/v1/x')
    expect(headersOf(calls[0])['X-CSRF-Token']).toBeUndefined()
  })

  it('does not send it when there is no cookie', async () => {
    const { http, calls } = client(() => json({}))
    await http.post('/api/v1/x', {})
    expect(headersOf(calls[0])).not.toHaveProperty('X-CSRF-Token')
  })
})

describe('readCookie', () => {
  it('finds a cookie by exact name and decodes it', () => {
    const jar = 'a=1; fenghuo_csrf_old=x; fenghuo_csrf=abc%3D%3D; z=2'
    expect(readCookie('fenghuo_csrf', jar)).toBe('abc==')
    expect(readCookie('a', jar)).toBe('1')
    expect(readCookie('missing', jar)).toBeUndefined()
    expect(readCookie('x', '')).toBeUndefined()
  })
})

describe('http client: other bodies', () => {
  it('keeps a JSON body that is not the error shape on the error', async () => {
    const health = { status: 'degraded', version: '0.1.0', database: 'sqlite', database_ok: false, uptime_s: 3 }
    const { http } = client(() => json(health, 503))
    const error = await caught(http.get('/api/v1/health'))
    expect(error.code).toBe('http_503')
    expect(error.body).toEqual(health)
  })

  it('does not keep the body when it is the error shape', async () => {
    const { http } = client(() => json({ error: { code: 'conflict', message: 'stale version' } }, 409))
    expect((await caught(http.put('/x', {}))).body).toBeUndefined()
  })
})

describe('http client: raw bodies and Retry-After', () => {
  it('sends a CSV body as it is, with its content type and the CSRF header', async () => {
    const { http, calls } = client(() => json({ applied: false }), { readCookie: () => 'tok' })
    await http.post('/api/v1/identity/import', undefined, {
      query: { dry_run: true },
      content: { data: 'name,phone\n张三,13800000001\n', type: 'text/csv; charset=utf-8' },
    })
    expect(calls[0]?.[0]).toBe('/api/v1/identity/import?dry_run=true')
    expect(calls[0]?.[1]?.body).toBe('name,phone\n张三,13800000001\n')
    expect(headersOf(calls[0])['Content-Type']).toBe('text/csv; charset=utf-8')
    expect(headersOf(calls[0])['X-CSRF-Token']).toBe('tok')
  })

  it('reads Retry-After from a 429', async () => {
    const { http } = client(() => json({ error: { code: 'rate_limited', message: 'slow down' } }, 429, { 'Retry-After': '37' }))
    const error = await caught(http.post('/api/v1/auth/sms-code', { phone: '13800000001' }))
    expect(error.code).toBe('rate_limited')
    expect(error.retryAfter).toBe(37)
  })

  it('parses seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-29T08:00:00Z')
    expect(parseRetryAfter('120', now)).toBe(120)
    expect(parseRetryAfter('Sun, 29 Nov 2026 08:01:00 GMT', now)).toBe(60)
    expect(parseRetryAfter('Sun, 29 Nov 2026 07:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})
