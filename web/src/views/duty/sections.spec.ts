import { describe, expect, it } from 'vitest'
import { satisfies, type Requirement } from '@/utils/permissions'
import { activeDutySection, firstDutyPath, visibleDutySections } from './sections'

const as = (granted: string[]) => (required: Requirement) => satisfies(granted, required)

describe('duty sections', () => {
  it('shows what the permissions allow, in menu order', () => {
    expect(visibleDutySections(as(['incidents.read', 'duty.read'])).map((s) => s.key)).toEqual([
      'incidents',
      'reports',
      'roster',
      'log',
      'handover',
      'fax',
    ])
    expect(visibleDutySections(as(['incidents.read'])).map((s) => s.key)).toEqual(['incidents', 'reports'])
  })

  it('opens 信息接报 first, else the first allowed page, else forbidden', () => {
    expect(firstDutyPath(as(['incidents.read', 'duty.read']))).toBe('/duty/incidents')
    expect(firstDutyPath(as(['duty.read']))).toBe('/duty/roster')
    expect(firstDutyPath(as([]))).toBe('/403')
  })

  it('finds the section of a path', () => {
    expect(activeDutySection('/duty/fax/12')).toBe('fax')
    expect(activeDutySection('/duty/incidents/new')).toBe('incidents')
    expect(activeDutySection('/duty')).toBeNull()
  })
})
