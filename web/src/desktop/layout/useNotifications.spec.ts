import { describe, expect, it } from 'vitest'
import { forUser, internalLink } from './useNotifications'

describe('notifications', () => {
  it('refetch only when the event names the user', () => {
    expect(forUser({ user_ids: ['3', '5'] }, '5')).toBe(true)
    expect(forUser({ user_ids: [5] }, '5')).toBe(true)
    expect(forUser({ user_ids: ['3'] }, '5')).toBe(false)
    expect(forUser({}, '5')).toBe(false)
    expect(forUser({ user_ids: ['5'] }, null)).toBe(false)
  })

  it('follow links inside the app only', () => {
    expect(internalLink('/duty/reports/9')).toBe('/duty/reports/9')
    expect(internalLink('//evil.example/x')).toBeNull()
    expect(internalLink('https://evil.example')).toBeNull()
    expect(internalLink('')).toBeNull()
  })
})
