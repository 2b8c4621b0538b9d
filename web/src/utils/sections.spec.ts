import { describe, expect, it } from 'vitest'
import { Calendar } from '@element-plus/icons-vue'
import type { Requirement } from '@/utils/permissions'
import { firstPathOf, sectionAt, visibleOf, type ModuleSection } from './sections'

const SECTIONS: ModuleSection[] = [
  { key: 'a', path: 'a', titleKey: 'x.a', icon: Calendar, permission: 'duty.write' },
  { key: 'b', path: 'b-page', titleKey: 'x.b', icon: Calendar, permission: 'duty.read' },
  { key: 'c', path: 'c', titleKey: 'x.c', icon: Calendar, permission: null },
]
const can =
  (...held: string[]) =>
  (required: Requirement) =>
    required === null || held.includes(required as string)

describe('module sections', () => {
  it('keeps the sections the user may open, in menu order', () => {
    expect(visibleOf(SECTIONS, can('duty.read')).map((s) => s.key)).toEqual(['b', 'c'])
    expect(visibleOf(SECTIONS, can('duty.read', 'duty.write')).map((s) => s.key)).toEqual(['a', 'b', 'c'])
  })

  it('finds the section of a path by its first segment under the base', () => {
    expect(sectionAt(SECTIONS, '/m', '/m/b-page/12')).toBe('b')
    expect(sectionAt(SECTIONS, '/m', '/m/a/')).toBe('a')
    expect(sectionAt(SECTIONS, '/m', '/m/b')).toBeNull()
    expect(sectionAt(SECTIONS, '/m', '/m')).toBeNull()
  })

  it('leads the base path to the first section the user may open, else the fallback', () => {
    expect(firstPathOf(SECTIONS, '/m', can('duty.read'), '/403')).toBe('/m/b-page')
    expect(firstPathOf(SECTIONS.slice(0, 2), '/m', can(), '/403')).toBe('/403')
  })
})
