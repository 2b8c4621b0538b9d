import { afterEach, describe, expect, it, vi } from 'vitest'
import { getHealth, isHealth } from './system'

const healthy = { status: 'ok', version: '0.1.0', database: 'sqlite', database_ok: true, uptime_s: 12 }

function stubFetch(body: unknown, status: number) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })),
  )
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('getHealth', () => {
  it('returns the health of a healthy server', async () => {
    stubFetch(healthy, 200)
    await expect(getHealth({ silent: true })).resolves.toEqual(healthy)
  })

  it('returns the body of a degraded server (503) instead of failing', async () => {
    const degraded = { ...healthy, status: 'degraded', database_ok: false }
    stubFetch(degraded, 503)
    await expect(getHealth({ silent: true })).resolves.toEqual(degraded)
  })

  it('fails on a 503 that is not a health body', async () => {
    stubFetch({ error: { code: 'unavailable', message: 'shutting down' } }, 503)
    await expect(getHealth({ silent: true })).rejects.toMatchObject({ code: 'unavailable', status: 503 })
  })
})

describe('isHealth', () => {
  it('checks the shape', () => {
    expect(isHealth(healthy)).toBe(true)
    expect(isHealth({ ...healthy, uptime_s: '12' })).toBe(false)
    expect(isHealth(null)).toBe(false)
  })
})
