import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  approveReport,
  cleanQuery,
  createIncident,
  createReport,
  getIncident,
  incidentTimeline,
  listIncidentReports,
  listIncidents,
  listIncidentTypes,
  listNotifications,
  listReports,
  mergeIncident,
  readAllNotifications,
  readNotification,
  reportExportUrl,
  returnReport,
  sendReport,
  setIncidentLevel,
  setIncidentStatus,
  signReport,
  submitReport,
  updateIncident,
  updateReport,
  uploadFile,
  type IncidentInput,
} from './incidents'
import { stubFetch } from '@/testing/stubFetch'

afterEach(() => {
  vi.unstubAllGlobals()
})

const input: IncidentInput = {
  title: '小店区 道路交通事故',
  type: 'A08',
  occurred_at: '2026-11-29T00:00:00.000Z',
  region: '140105',
  lon: null,
  lat: null,
  address: '',
  deaths: 1,
  missing: 0,
  injured: 2,
  seriously_injured: 0,
  trapped: 0,
  direct_loss_yuan: 0,
  forest_area_ha: null,
  grassland_area_ha: null,
  magnitude: null,
  dense_population: null,
  people_to_relocate: null,
  potential_loss_yuan: null,
  description: '',
  drill: false,
  reporting_unit: '',
  reporter_name: '',
  reporter_phone: '',
  attachments: [],
}

describe('incident requests', () => {
  it('lists the types as items', async () => {
    const calls = stubFetch({ items: [{ code: 'N', name: '自然灾害', parent: '', category: 'natural', grading: 'none', inputs: [] }] })
    const types = await listIncidentTypes()
    expect(calls[0]!.url).toBe('/api/v1/incident-types')
    expect(types[0]!.code).toBe('N')
  })

  it('leaves empty filters out of the list query and keeps drill=false', async () => {
    const calls = stubFetch({ items: [], total: 0 })
    await listIncidents({ region: '140105', status: '', level: 'II', type: undefined, drill: false, q: '', limit: 20, offset: 40 })
    const url = new URL(calls[0]!.url, 'http://x')
    expect(url.pathname).toBe('/api/v1/incidents')
    expect(Object.fromEntries(url.searchParams)).toEqual({ region: '140105', level: 'II', drill: 'false', limit: '20', offset: '40' })
    expect(cleanQuery({ a: null, b: '', c: 0, d: true })).toEqual({ c: 0, d: true })
  })

  it('creates, reads and changes incidents at the contract paths', async () => {
    const calls = stubFetch({ id: '7' })
    await createIncident(input)
    await getIncident('7')
    await updateIncident('7', { deaths: 3, version: 2 })
    await setIncidentLevel('7', { level: 'III', reason: '领导研判', version: 3 })
    await setIncidentStatus('7', { status: 'responding', note: '', version: 4 })
    await mergeIncident('7', { into: '5', version: 5 })
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v1/incidents',
      'GET /api/v1/incidents/7',
      'PATCH /api/v1/incidents/7',
      'POST /api/v1/incidents/7/level',
      'POST /api/v1/incidents/7/status',
      'POST /api/v1/incidents/7/merge',
    ])
    expect(calls[0]!.body).toEqual(input)
    expect(calls[2]!.body).toEqual({ deaths: 3, version: 2 })
    expect(calls[3]!.body).toEqual({ level: 'III', reason: '领导研判', version: 3 })
    expect(calls[5]!.body).toEqual({ into: '5', version: 5 })
  })

  it('reads the timeline and the reports as items', async () => {
    const calls = stubFetch({
      items: [{ at: '2026-11-29T00:00:00Z', actor: '张三', org_name: '小店区应急管理局', action: 'incident.create', detail: '' }],
    })
    const timeline = await incidentTimeline('7')
    expect(timeline).toHaveLength(1)
    await listIncidentReports('7')
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/incidents/7/timeline', '/api/v1/incidents/7/reports'])
  })
})

describe('report requests', () => {
  it('follows the workflow paths with the version', async () => {
    const calls = stubFetch({ id: 'r1' })
    await createReport('7', 'update')
    await updateReport('r1', { content: { summary: '现场已控制' }, version: 1 })
    await submitReport('r1', 2)
    await approveReport('r1', 3, '同意上报')
    await returnReport('r1', 3, '补充伤亡情况')
    await sendReport('r1', { version: 4, kind: 'up' })
    await sendReport('r1', { version: 5, kind: 'forward', to: ['o9', 'o10'] })
    await signReport('r1')
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v1/incidents/7/reports',
      'PATCH /api/v1/reports/r1',
      'POST /api/v1/reports/r1/submit',
      'POST /api/v1/reports/r1/approve',
      'POST /api/v1/reports/r1/return',
      'POST /api/v1/reports/r1/send',
      'POST /api/v1/reports/r1/send',
      'POST /api/v1/reports/r1/sign',
    ])
    expect(calls.map((c) => c.body)).toEqual([
      { kind: 'update' },
      { content: { summary: '现场已控制' }, version: 1 },
      { version: 2 },
      { version: 3, comment: '同意上报' },
      { version: 3, comment: '补充伤亡情况' },
      // 上报 without `to`: the server sends to the parent organisation.
      { version: 4, kind: 'up' },
      { version: 5, kind: 'forward', to: ['o9', 'o10'] },
      {},
    ])
  })

  it('asks for a box and builds export links', async () => {
    const calls = stubFetch({ items: [], total: 0 })
    await listReports({ box: 'inbox', region: '', limit: 50, offset: 0 })
    expect(calls[0]!.url).toBe('/api/v1/reports?box=inbox&limit=50&offset=0')
    expect(reportExportUrl('r 1', 'docx')).toBe('/api/v1/reports/r%201/export?format=docx')
    expect(reportExportUrl('r1', 'json')).toBe('/api/v1/reports/r1/export?format=json')
  })

  it('carries the server refusal (409) as an ApiError with its code', async () => {
    stubFetch({ error: { code: 'conflict', message: 'stale version', field: 'version' } }, 409)
    await expect(updateReport('r1', { content: {}, version: 1 })).rejects.toMatchObject({ status: 409, code: 'conflict', field: 'version' })
  })
})

describe('notifications and files', () => {
  it('asks for unread notifications only when asked', async () => {
    const calls = stubFetch({ items: [], total: 0, unread: 0 })
    await listNotifications({ unread: true, limit: 20 })
    await listNotifications()
    await readNotification('n1')
    await readAllNotifications()
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/notifications?unread=true&limit=20',
      'GET /api/v1/notifications',
      'POST /api/v1/notifications/n1/read',
      'POST /api/v1/notifications/read-all',
    ])
  })

  it('uploads raw bytes with the name in the query', async () => {
    const calls = stubFetch({ id: 'f1', name: '现场.png', type: 'image/png', size: 3, sha256: '', created_at: '' }, 201)
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' })
    const stored = await uploadFile(blob, '现场.png')
    expect(stored.id).toBe('f1')
    expect(calls[0]!.method).toBe('POST')
    expect(calls[0]!.url).toBe(`/api/v1/files?name=${encodeURIComponent('现场.png')}`)
    expect(calls[0]!.headers['Content-Type']).toBe('image/png')
    expect(calls[0]!.body).toBe(blob)
  })
})

describe('attachments', () => {
  it('open through the incident', async () => {
    const { incidentAttachmentUrl } = await import('./incidents')
    expect(incidentAttachmentUrl('7', 'f 1')).toBe('/api/v1/incidents/7/attachments/f%201')
  })
})
