import { describe, expect, it } from 'vitest'
import { satisfies } from './permissions'

describe('satisfies', () => {
  it('needs nothing for a missing requirement', () => {
    expect(satisfies([], null)).toBe(true)
    expect(satisfies(undefined, undefined)).toBe(true)
  })

  it('checks one permission', () => {
    expect(satisfies(['orgs.read', 'users.read'], 'users.read')).toBe(true)
    expect(satisfies(['orgs.read'], 'users.write')).toBe(false)
    expect(satisfies(null, 'orgs.read')).toBe(false)
  })

  it('accepts any one of a list', () => {
    expect(satisfies(['audit.read'], ['orgs.read', 'audit.read'])).toBe(true)
    expect(satisfies(['tokens.manage'], ['orgs.read', 'audit.read'])).toBe(false)
  })
})
