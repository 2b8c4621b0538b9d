import { describe, expect, it } from 'vitest'
import { actionKey, concernsIncident, incidentQuery, matchesFilters, type IncidentFilters } from './incidentQuery'

const none: IncidentFilters = { region: null, status: '', level: '', type: '', drill: '', q: '' }
const incident = { region: '140105', status: 'received' as const, level: 'IV' as const, type: 'A08', drill: false, title: '货车侧翻' }

describe('the list query', () => {
  it('leaves empty filters out and maps the drill choice', () => {
    expect(incidentQuery(none)).toEqual({ region: undefined, status: undefined, level: undefined, type: undefined, drill: undefined, q: undefined })
    expect(incidentQuery({ ...none, region: '140100', drill: 'real', q: ' 侧翻 ' })).toMatchObject({ region: '140100', drill: false, q: '侧翻' })
    expect(incidentQuery({ ...none, drill: 'drill' }).drill).toBe(true)
  })
})

describe('live rows', () => {
  it('reload only for incidents the filters would show', () => {
    expect(matchesFilters(incident, none)).toBe(true)
    expect(matchesFilters(incident, { ...none, region: '140100' })).toBe(true)
    expect(matchesFilters(incident, { ...none, region: '140200' })).toBe(false)
    expect(matchesFilters(incident, { ...none, level: 'I' })).toBe(false)
    expect(matchesFilters(incident, { ...none, drill: 'drill' })).toBe(false)
    expect(matchesFilters({ ...incident, drill: true }, { ...none, drill: 'real' })).toBe(false)
    expect(matchesFilters(incident, { ...none, status: 'closed' })).toBe(false)
  })

  it('refetch the incident page for itself, incidents merged into it and its reports', () => {
    expect(concernsIncident({ id: '7' }, '7')).toBe(true)
    expect(concernsIncident({ id: '8', merged_into: '7' }, '7')).toBe(true)
    expect(concernsIncident({ id: 'r1', incident_id: '7', status: 'sent', org_ids: [] }, '7')).toBe(true)
    expect(concernsIncident({ id: 'r1', incident_id: '8' }, '7')).toBe(false)
    expect(concernsIncident(null, '7')).toBe(false)
  })

  it('name timeline actions through the messages', () => {
    expect(actionKey('report.send')).toBe('incidents.actions.report_send')
  })
})
