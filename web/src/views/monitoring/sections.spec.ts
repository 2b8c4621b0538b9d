import { describe, expect, it } from 'vitest'
import { satisfies, type Requirement } from '@/utils/permissions'
import { activeMonitoringSection, firstMonitoringPath, visibleMonitoringSections } from './sections'

const as = (granted: string[]) => (required: Requirement) => satisfies(granted, required)

describe('monitoring sections', () => {
  it('shows 预警信息 to those who may read warnings', () => {
    expect(visibleMonitoringSections(as(['alerts.read'])).map((s) => s.key)).toEqual(['alerts'])
    expect(visibleMonitoringSections(as(['incidents.read']))).toEqual([])
  })

  it('opens 预警信息 first, else forbidden', () => {
    expect(firstMonitoringPath(as(['alerts.read']))).toBe('/monitoring/alerts')
    expect(firstMonitoringPath(as([]))).toBe('/403')
  })

  it('finds the section of a path', () => {
    expect(activeMonitoringSection('/monitoring/alerts/12')).toBe('alerts')
    expect(activeMonitoringSection('/monitoring/alerts')).toBe('alerts')
    expect(activeMonitoringSection('/monitoring')).toBeNull()
  })
})
