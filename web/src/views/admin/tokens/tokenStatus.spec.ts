import { describe, expect, it } from 'vitest'
import type { ApiToken } from '@/api/tokens'
import { sortTokens, tokenState } from './tokenStatus'

const NOW = Date.parse('2026-11-29T08:00:00Z')
function token(id: string, extra: Partial<ApiToken> = {}): ApiToken {
  return {
    id,
    name: id,
    scopes: [],
    region: '140000',
    created_at: '2026-11-01T00:00:00Z',
    expires_at: null,
    last_used_at: null,
    revoked_at: null,
    created_by: { id: '1', name: '管理员' },
    ...extra,
  }
}

describe('tokenState', () => {
  it('is revoked, expired or active', () => {
    expect(tokenState(token('a'), NOW)).toBe('active')
    expect(tokenState(token('b', { expires_at: '2026-12-01T00:00:00Z' }), NOW)).toBe('active')
    expect(tokenState(token('c', { expires_at: '2026-11-29T07:59:59Z' }), NOW)).toBe('expired')
    expect(tokenState(token('d', { revoked_at: '2026-11-02T00:00:00Z', expires_at: '2020-01-01T00:00:00Z' }), NOW)).toBe('revoked')
  })
})

describe('sortTokens', () => {
  it('lists working tokens first, newest first', () => {
    const sorted = sortTokens(
      [
        token('old', { created_at: '2026-10-01T00:00:00Z' }),
        token('revoked', { revoked_at: '2026-11-02T00:00:00Z', created_at: '2026-11-20T00:00:00Z' }),
        token('new', { created_at: '2026-11-10T00:00:00Z' }),
        token('expired', { expires_at: '2026-11-01T00:00:00Z' }),
      ],
      NOW,
    )
    expect(sorted.map((t) => t.id)).toEqual(['new', 'old', 'expired', 'revoked'])
  })
})
