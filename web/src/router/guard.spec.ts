import { describe, expect, it } from 'vitest'
import { decide, safeRedirect, type GuardOptions } from './guard'

const off: GuardOptions = { requireLogin: false, loginPath: '/login', homePath: '/' }
const on: GuardOptions = { ...off, requireLogin: true }

function route(path: string, extra: { public?: boolean; query?: Record<string, string> } = {}) {
  const query = extra.query ?? {}
  const qs = new URLSearchParams(query).toString()
  return { path, fullPath: qs ? `${path}?${qs}` : path, query, meta: { public: extra.public ?? false } }
}

describe('decide', () => {
  it('lets everyone through while login is not required', () => {
    expect(decide(route('/duty'), false, off)).toBe(true)
    expect(decide(route('/login'), false, off)).toBe(true)
  })

  it('sends a signed-out user to login with the way back, once required', () => {
    expect(decide(route('/resources', { query: { page: '2' } }), false, on)).toEqual({
      path: '/login',
      query: { redirect: '/resources?page=2' },
    })
  })

  it('lets signed-in users and public pages through when required', () => {
    expect(decide(route('/resources'), true, on)).toBe(true)
    expect(decide(route('/about', { public: true }), false, on)).toBe(true)
    expect(decide(route('/login'), false, on)).toBe(true)
  })

  it('keeps a signed-in user away from the login page', () => {
    expect(decide(route('/login'), true, off)).toBe('/')
    expect(decide(route('/login', { query: { redirect: '/duty' } }), true, on)).toBe('/duty')
    expect(decide(route('/login', { query: { redirect: '//evil.example' } }), true, on)).toBe('/')
  })
})

describe('safeRedirect', () => {
  it('accepts same-app paths only', () => {
    expect(safeRedirect('/duty?x=1')).toBe('/duty?x=1')
    expect(safeRedirect('//evil.example/')).toBeNull()
    expect(safeRedirect('https://evil.example/')).toBeNull()
    expect(safeRedirect('/\\evil.example')).toBeNull()
    expect(safeRedirect('duty')).toBeNull()
  })
})
