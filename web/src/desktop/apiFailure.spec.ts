import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/http'
import { handleApiFailure, type FailureDeps } from './apiFailure'

function deps(loggedIn: boolean, path = '/admin/users?page=2'): FailureDeps & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    isLoggedIn: () => loggedIn,
    currentPath: () => ({ path: path.split('?')[0]!, fullPath: path }),
    signOut: vi.fn(() => calls.push('signOut')),
    goToLogin: vi.fn((redirect: string) => calls.push(`login:${redirect}`)),
    toast: vi.fn((kind: string, message: string) => calls.push(`${kind}:${message}`)),
  }
}

describe('handleApiFailure', () => {
  it('sends a user whose session ended to the login page and back', () => {
    const d = deps(true)
    handleApiFailure(new ApiError({ status: 401, code: 'unauthenticated', message: 'your session was ended' }), d)
    expect(d.calls).toEqual(['signOut', 'warning:登录已失效，请重新登录', 'login:/admin/users?page=2'])
  })

  it('only toasts other failures, in the user language', () => {
    const d = deps(true)
    handleApiFailure(new ApiError({ status: 403, code: 'forbidden', message: 'outside your jurisdiction' }), d)
    expect(d.calls).toEqual(['error:没有权限执行此操作（超出您的角色权限或管辖范围）'])
  })

  it('does not bounce a signed-out visitor or the login page itself', () => {
    const out = deps(false)
    handleApiFailure(new ApiError({ status: 401, code: 'unauthenticated', message: 'x' }), out)
    expect(out.calls).toEqual(['error:登录已失效，请重新登录'])
    const onLogin = deps(true, '/login')
    handleApiFailure(new ApiError({ status: 401, code: 'unauthenticated', message: 'x' }), onLogin)
    expect(onLogin.goToLogin).not.toHaveBeenCalled()
  })

  it('keeps the request id of a server fault', () => {
    const d = deps(true)
    handleApiFailure(new ApiError({ status: 500, code: 'internal', message: 'boom', requestId: 'abc-1' }), d)
    expect(d.calls[0]).toContain('abc-1')
  })
})
