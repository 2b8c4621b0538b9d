import { describe, expect, it } from 'vitest'
import { ALERT_LEVELS } from '@/api/alerts'
import { ALERT_LEVEL_COLOURS, alertLevelColour, alertLevelRank, isAlertLevel, levelFromSeverity, severityOfLevel } from './alertLevels'

describe('warning levels', () => {
  it('has the fixed colours of UI.md', () => {
    expect(ALERT_LEVEL_COLOURS).toEqual({ red: '#d9001b', orange: '#ff7d00', yellow: '#f7ba1e', blue: '#1e6fff' })
    expect(alertLevelColour('nope')).toBe('#909399')
  })

  it('ranks red first, unknown last', () => {
    expect(ALERT_LEVELS.map(alertLevelRank)).toEqual([1, 2, 3, 4])
    expect(alertLevelRank(undefined)).toBe(5)
    expect(isAlertLevel('orange')).toBe(true)
    expect(isAlertLevel('II')).toBe(false)
  })

  it('maps CAP severity to a level when none is given (DOMAIN.md)', () => {
    expect(levelFromSeverity('Extreme')).toBe('red')
    expect(levelFromSeverity('Severe')).toBe('orange')
    expect(levelFromSeverity('Moderate')).toBe('yellow')
    expect(levelFromSeverity('Minor')).toBe('blue')
    expect(levelFromSeverity('Unknown')).toBeNull()
    expect(levelFromSeverity('')).toBeNull()
    expect(levelFromSeverity(null)).toBeNull()
    expect(ALERT_LEVELS.map(severityOfLevel)).toEqual(['Extreme', 'Severe', 'Moderate', 'Minor'])
  })
})
