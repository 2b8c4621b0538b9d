import { describe, expect, it } from 'vitest'
import { satisfies, type Requirement } from '@/utils/permissions'
import { DUTY_SECTIONS, firstDutyPath } from './sections'
import { sectionAt, visibleOf } from '@/utils/sections'

const as = (granted: string[]) => (required: Requirement) => satisfies(granted, required)

describe('duty sections', () => {
  it('shows what the permissions allow, in menu order', () => {
    expect(visibleOf(DUTY_SECTIONS, as(['incidents.read', 'duty.read'])).map((s) => s.key)).toEqual([
      'incidents',
      'reports',
      'roster',
      'log',
      'handover',
      'fax',
    ])
    expect(visibleOf(DUTY_SECTIONS, as(['incidents.read'])).map((s) => s.key)).toEqual(['incidents', 'reports'])
  })

  it('opens 信息接报 first, else the first allowed page, else forbidden', () => {
    expect(firstDutyPath(as(['incidents.read', 'duty.read']))).toBe('/duty/incidents')
    expect(firstDutyPath(as(['duty.read']))).toBe('/duty/roster')
    expect(firstDutyPath(as([]))).toBe('/403')
  })

  it('finds the section of a path', () => {
    expect(sectionAt(DUTY_SECTIONS, '/duty', '/duty/fax/12')).toBe('fax')
    expect(sectionAt(DUTY_SECTIONS, '/duty', '/duty/incidents/new')).toBe('incidents')
    expect(sectionAt(DUTY_SECTIONS, '/duty', '/duty')).toBeNull()
  })
})
