import { vi } from 'vitest'

/** A request the code under test made through fetch. */
export interface Call {
  url: string
  method: string
  body: unknown
  headers: Record<string, string>
}

/**
 * For specs of the API modules: replaces fetch with one that answers every request with
 * `answer` as JSON and `status`, and records the requests (JSON bodies parsed). The caller
 * undoes it with vi.unstubAllGlobals().
 */
export function stubFetch(answer: unknown = {}, status = 200): Call[] {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const raw = init.body
      calls.push({
        url,
        method: init.method ?? 'GET',
        body: typeof raw === 'string' ? JSON.parse(raw) : raw,
        headers: init.headers as Record<string, string>,
      })
      return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } })
    }),
  )
  return calls
}
