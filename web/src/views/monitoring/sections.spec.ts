import { describe, expect, it } from 'vitest'
import { satisfies, type Requirement } from '@/utils/permissions'
import { THEMES } from '@/api/monitoring'
import { firstMonitoringPath, MONITORING_SECTIONS, THEME_SECTIONS } from './sections'
import { sectionAt, visibleOf } from '@/utils/sections'

const as = (granted: string[]) => (required: Requirement) => satisfies(granted, required)

describe('monitoring sections', () => {
  it('lists 预警信息, 报警记录, then the six themes', () => {
    expect(MONITORING_SECTIONS.map((s) => s.key)).toEqual(['alerts', 'alarms', 'forest', 'flood', 'geology', 'hazchem', 'mine', 'metallurgy'])
  })

  it('gives every page its own path, none of them a theme of another page', () => {
    const paths = MONITORING_SECTIONS.map((s) => s.path)
    expect(new Set(paths).size).toBe(paths.length)
    expect(THEMES as readonly string[]).not.toContain('alarms')
    expect(THEME_SECTIONS.map((s) => s.path)).toEqual([...THEMES])
  })

  it('shows each page to those who may read it', () => {
    expect(visibleOf(MONITORING_SECTIONS, as(['alerts.read'])).map((s) => s.key)).toEqual(['alerts'])
    expect(visibleOf(MONITORING_SECTIONS, as(['monitoring.read'])).map((s) => s.key)).toEqual([
      'alarms',
      'forest',
      'flood',
      'geology',
      'hazchem',
      'mine',
      'metallurgy',
    ])
    expect(visibleOf(MONITORING_SECTIONS, as(['alerts.read', 'monitoring.read']))).toHaveLength(8)
    expect(visibleOf(MONITORING_SECTIONS, as(['incidents.read']))).toEqual([])
  })

  it('opens 预警信息 first, else 报警记录, else forbidden', () => {
    expect(firstMonitoringPath(as(['alerts.read', 'monitoring.read']))).toBe('/monitoring/alerts')
    expect(firstMonitoringPath(as(['monitoring.read']))).toBe('/monitoring/alarms')
    expect(firstMonitoringPath(as([]))).toBe('/403')
  })

  it('finds the section of a path', () => {
    expect(sectionAt(MONITORING_SECTIONS, '/monitoring', '/monitoring/alerts/12')).toBe('alerts')
    expect(sectionAt(MONITORING_SECTIONS, '/monitoring', '/monitoring/alerts')).toBe('alerts')
    expect(sectionAt(MONITORING_SECTIONS, '/monitoring', '/monitoring/alarms')).toBe('alarms')
    expect(sectionAt(MONITORING_SECTIONS, '/monitoring', '/monitoring/alarms/')).toBe('alarms')
    expect(sectionAt(MONITORING_SECTIONS, '/monitoring', '/monitoring/mine')).toBe('mine')
    expect(sectionAt(MONITORING_SECTIONS, '/monitoring', '/monitoring/metallurgy/')).toBe('metallurgy')
    expect(sectionAt(MONITORING_SECTIONS, '/monitoring', '/monitoring/volcano')).toBeNull()
    expect(sectionAt(MONITORING_SECTIONS, '/monitoring', '/monitoring')).toBeNull()
  })
})
