import { http } from './http'

export interface ApiToken {
  id: string
  name: string
  scopes: string[]
  region: string
  created_at: string
  expires_at: string | null
  last_used_at: string | null
  revoked_at: string | null
  created_by: { id: string; name: string }
}

/** What `POST /api/v1/api-tokens` answers: the token's record and, once only, its secret. */
export interface CreatedApiToken extends ApiToken {
  token: string
}

export interface TokenScope {
  code: string
  name: string
  name_en: string
}

export interface ApiTokenInput {
  name: string
  scopes: string[]
  expires_at?: string
}

const BASE = '/api/v1/api-tokens'

export async function listApiTokens(): Promise<ApiToken[]> {
  return (await http.get<{ items: ApiToken[] }>(BASE)).items
}

export async function listTokenScopes(): Promise<TokenScope[]> {
  return (await http.get<{ items: TokenScope[] }>(`${BASE}/scopes`)).items
}

export function createApiToken(input: ApiTokenInput): Promise<CreatedApiToken> {
  return http.post<CreatedApiToken>(BASE, input, { silent: true })
}

export function revokeApiToken(id: string): Promise<void> {
  return http.delete<void>(`${BASE}/${encodeURIComponent(id)}`)
}
