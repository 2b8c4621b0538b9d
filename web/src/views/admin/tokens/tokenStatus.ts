import type { ApiToken } from '@/api/tokens'

export type TokenState = 'active' | 'revoked' | 'expired'

/** Whether a token still works at `now`. */
export function tokenState(token: Pick<ApiToken, 'revoked_at' | 'expires_at'>, now: number = Date.now()): TokenState {
  if (token.revoked_at) return 'revoked'
  if (token.expires_at && Date.parse(token.expires_at) <= now) return 'expired'
  return 'active'
}

/** Working tokens first, newest first within each state. */
export function sortTokens<T extends ApiToken>(tokens: readonly T[], now: number = Date.now()): T[] {
  const rank: Record<TokenState, number> = { active: 0, expired: 1, revoked: 2 }
  return [...tokens].sort((a, b) => rank[tokenState(a, now)] - rank[tokenState(b, now)] || b.created_at.localeCompare(a.created_at))
}
