import { describe, expect, it } from 'vitest'
import { satisfies, type Requirement } from '@/utils/permissions'
import { homePathFor } from './homePath'

const holding =
  (...permissions: string[]) =>
  (required: Requirement) =>
    satisfies(permissions, required)

describe('each role lands on a home it may use', () => {
  it('keeps the command screen for those who read incidents', () => {
    expect(homePathFor(holding('incidents.read', 'resources.read', 'alerts.read'))).toBeNull()
  })
  it('sends a data operator to the resources and a field responder to the warnings', () => {
    expect(homePathFor(holding('regions.read', 'orgs.read', 'resources.read', 'resources.write'))).toBe('/resources')
    expect(homePathFor(holding('regions.read', 'alerts.read'))).toBe('/monitoring')
  })
  it('sends an administrator without incidents to administration', () => {
    expect(homePathFor(holding('users.read', 'orgs.read'))).toBe('/admin')
  })
})
