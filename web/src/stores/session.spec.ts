import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError } from '@/api/http'
import * as authApi from '@/api/auth'
import { useSessionStore } from './session'

vi.mock('@/api/auth', () => ({
  getMe: vi.fn(),
  logout: vi.fn(),
}))

const getMe = vi.mocked(authApi.getMe)
const logout = vi.mocked(authApi.logout)
const user = {
  id: '1',
  name: '张三',
  phone: '13800000001',
  org: { id: '9', name: '太原市应急管理局', region: '140100' },
  region: '140100',
  region_name: '太原市',
  roles: ['org_admin'],
  status: 'active' as const,
  last_login_at: null,
  version: 1,
  permissions: ['orgs.read', 'orgs.write', 'users.read'],
}

beforeEach(() => {
  setActivePinia(createPinia())
  getMe.mockReset()
  logout.mockReset()
})

describe('useSessionStore', () => {
  it('is signed in when /api/v1/me answers a user', async () => {
    getMe.mockResolvedValue(user)
    const session = useSessionStore()
    expect(session.status).toBe('unknown')
    await session.ensureLoaded()
    expect(session.status).toBe('authenticated')
    expect(session.isLoggedIn).toBe(true)
    expect(session.user?.name).toBe('张三')
  })

  it.each([401, 404])('is signed out when /api/v1/me answers %i', async (status) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    getMe.mockRejectedValue(new ApiError({ status, code: `http_${status}`, message: 'x' }))
    const session = useSessionStore()
    await session.ensureLoaded()
    expect(session.status).toBe('anonymous')
    expect(session.isLoggedIn).toBe(false)
    expect(session.user).toBeNull()
  })

  it('does not ask the server when the browser holds no session cookie (a login page logs no 401)', async () => {
    vi.stubGlobal('document', { cookie: 'lang=zh-CN' })
    try {
      const session = useSessionStore()
      await session.ensureLoaded()
      expect(session.status).toBe('anonymous')
      expect(getMe).not.toHaveBeenCalled()
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('asks the server when the browser holds a session cookie', async () => {
    vi.stubGlobal('document', { cookie: 'fenghuo_csrf=abc; lang=zh-CN' })
    try {
      getMe.mockResolvedValue(user)
      const session = useSessionStore()
      await session.ensureLoaded()
      expect(session.status).toBe('authenticated')
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('asks the server once however many navigations wait for it', async () => {
    getMe.mockResolvedValue(user)
    const session = useSessionStore()
    await Promise.all([session.ensureLoaded(), session.ensureLoaded(), session.ensureLoaded()])
    await session.ensureLoaded()
    expect(getMe).toHaveBeenCalledOnce()
  })

  it('treats a network failure as signed out without throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    getMe.mockRejectedValue(new ApiError({ status: 0, code: 'network_error', message: 'down' }))
    const session = useSessionStore()
    await expect(session.ensureLoaded()).resolves.toBeUndefined()
    expect(session.status).toBe('anonymous')
    expect(warn).toHaveBeenCalled()
  })

  it('setUser signs in; logout signs out even when the server call fails', async () => {
    logout.mockRejectedValue(new ApiError({ status: 404, code: 'http_404', message: 'x' }))
    const session = useSessionStore()
    session.setUser(user)
    expect(session.isLoggedIn).toBe(true)
    await session.logout()
    expect(logout).toHaveBeenCalledOnce()
    expect(session.isLoggedIn).toBe(false)
    expect(session.user).toBeNull()
  })

  it('signing out removes the incident and report drafts kept in this browser', async () => {
    const items = new Map([
      ['fenghuo.incidentDraft.1', '{}'],
      ['fenghuo.reportDraft.5', '{}'],
      ['fenghuo.locale', 'en'],
    ])
    vi.stubGlobal('localStorage', {
      get length() {
        return items.size
      },
      key: (i: number) => [...items.keys()][i] ?? null,
      removeItem: (key: string) => void items.delete(key),
    })
    try {
      logout.mockResolvedValue(undefined)
      const session = useSessionStore()
      session.setUser(user)
      await session.logout()
      expect([...items.keys()]).toEqual(['fenghuo.locale'])
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('can() checks the permissions /me lists, and nothing when signed out', async () => {
    getMe.mockResolvedValue(user)
    const session = useSessionStore()
    expect(session.can('orgs.read')).toBe(false)
    await session.ensureLoaded()
    expect(session.can('orgs.write')).toBe(true)
    expect(session.can('audit.read')).toBe(false)
    expect(session.can(['audit.read', 'users.read'])).toBe(true)
    expect(session.can(null)).toBe(true)
    expect(session.region).toBe('140100')
    session.markSignedOut()
    expect(session.can(null)).toBe(false)
    expect(session.can('orgs.read')).toBe(false)
  })

  it('treats a /me without permissions as none', async () => {
    const { permissions: _unused, ...bare } = user
    getMe.mockResolvedValue(bare as typeof user)
    const session = useSessionStore()
    await session.ensureLoaded()
    expect(session.permissions).toEqual([])
    expect(session.can('orgs.read')).toBe(false)
  })
})
