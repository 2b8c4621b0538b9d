import { describe, expect, it } from 'vitest'
import { decide, REQUIRE_LOGIN, safeRedirect, type GuardOptions } from './guard'
import { satisfies, type Permission, type Requirement } from '@/utils/permissions'

const off: GuardOptions = { requireLogin: false, loginPath: '/login', homePath: '/', forbiddenPath: '/403' }
const on: GuardOptions = { ...off, requireLogin: true }

function route(path: string, extra: { public?: boolean; query?: Record<string, string>; permission?: Permission | Permission[] } = {}) {
  const query = extra.query ?? {}
  const qs = new URLSearchParams(query).toString()
  const meta = { public: extra.public ?? false, ...(extra.permission ? { permission: extra.permission } : {}) }
  return { path, fullPath: qs ? `${path}?${qs}` : path, query, meta }
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

describe('decide: permissions', () => {
  const granted =
    (...perms: Permission[]) =>
    (required: Requirement) =>
      satisfies(perms, required)

  it('is on for the desktop app', () => {
    expect(REQUIRE_LOGIN).toBe(true)
  })

  it('lets a user with the permission in', () => {
    expect(decide(route('/admin/users', { permission: 'users.read' }), true, on, granted('users.read'))).toBe(true)
    expect(decide(route('/admin', { permission: ['audit.read', 'users.read'] }), true, on, granted('audit.read'))).toBe(true)
  })

  it('sends a user without it to the forbidden page, remembering where they went', () => {
    expect(decide(route('/admin/audit', { permission: 'audit.read' }), true, on, granted('users.read'))).toEqual({
      path: '/403',
      query: { from: '/admin/audit' },
    })
  })

  it('asks a signed-out user to log in first, not forbidden', () => {
    expect(decide(route('/admin/audit', { permission: 'audit.read' }), false, on, granted())).toEqual({
      path: '/login',
      query: { redirect: '/admin/audit' },
    })
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
