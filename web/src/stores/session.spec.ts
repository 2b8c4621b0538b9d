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
const user = { id: '1', name: '张三', org: { id: '9', name: '市应急管理局' } }

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
    getMe.mockRejectedValue(new ApiError({ status, code: `http_${status}`, message: 'x' }))
    const session = useSessionStore()
    await session.ensureLoaded()
    expect(session.status).toBe('anonymous')
    expect(session.isLoggedIn).toBe(false)
    expect(session.user).toBeNull()
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
})
