import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, reactive } from 'vue'
import type { RealtimeEvent } from '@/realtime'
import { situation } from './testdata/situation'

const handlers = new Map<string, (event: RealtimeEvent) => void>()
const route = reactive({ path: '/analysis', query: {} as Record<string, string> })
const push = vi.fn((to: { query: Record<string, string> }) => {
  route.query = to.query
  return Promise.resolve()
})
const api = {
  getIncidentSituation: vi.fn(),
  getPointSituation: vi.fn(),
  getEarthquakeZones: vi.fn(),
  getIncident: vi.fn(),
  listIncidents: vi.fn(),
}

vi.mock('vue-router', () => ({ useRoute: () => route, useRouter: () => ({ push }) }))
vi.mock('@/realtime', () => ({
  useRealtimeTopic: (topic: string, handler: (event: RealtimeEvent) => void) => handlers.set(topic, handler),
}))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ region: null, can: () => true }) }))
vi.mock('@/api/analysis', () => ({
  getIncidentSituation: (...a: unknown[]) => api.getIncidentSituation(...a),
  getPointSituation: (...a: unknown[]) => api.getPointSituation(...a),
  getEarthquakeZones: (...a: unknown[]) => api.getEarthquakeZones(...a),
}))
vi.mock('@/api/incidents', () => ({
  getIncident: (...a: unknown[]) => api.getIncident(...a),
  listIncidents: (...a: unknown[]) => api.listIncidents(...a),
}))

const { useAnalysis } = await import('./useAnalysis')

function emit(topic: string, event: string, data: unknown = {}) {
  const handler = handlers.get(topic)
  if (!handler) throw new Error(`not listening to ${topic}`)
  handler({ topic, event, data })
}

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await nextTick()
}

function start() {
  const scope = effectScope()
  const page = scope.run(() => useAnalysis({ debounceMs: 500 }))!
  return { scope, page }
}

describe('useAnalysis', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    handlers.clear()
    route.query = {}
    for (const f of Object.values(api)) f.mockReset()
    push.mockClear()
    api.getIncidentSituation.mockImplementation(() => Promise.resolve(situation()))
    api.getPointSituation.mockImplementation(() => Promise.resolve(situation()))
    api.getIncident.mockResolvedValue({ id: '7', title: '地震', type: 'N01', magnitude: 5.5 })
    api.getEarthquakeZones.mockResolvedValue({ zones: [], magnitude: 5.5 })
    api.listIncidents.mockResolvedValue({ items: [], total: 0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks for nothing until an incident or a point is chosen', async () => {
    const { scope, page } = start()
    await settle()
    expect(api.getIncidentSituation).not.toHaveBeenCalled()
    expect(page.situation.value).toBeNull()
    scope.stop()
  })

  it('analyses the incident in the address, and an earthquake with a magnitude gets its zones', async () => {
    route.query = { incident: '7' }
    const { scope, page } = start()
    await settle()
    expect(api.getIncidentSituation).toHaveBeenCalledWith('7', undefined, expect.objectContaining({ silent: true }))
    expect(page.situation.value?.point.region_name).toBe('小店区')
    expect(page.magnitude.value).toBe(5.5)
    expect(api.getEarthquakeZones).toHaveBeenCalledWith(expect.objectContaining({ lon: 112.55, lat: 37.85, magnitude: 5.5, depth_km: 10 }), {
      silent: true,
    })
    scope.stop()
  })

  it('analyses a clicked point with the chosen type through the address', async () => {
    const { scope, page } = start()
    page.pointType.value = 'N03'
    page.analysePoint(112.4, 37.7)
    expect(push).toHaveBeenCalledWith({ path: '/analysis', query: { lon: '112.400000', lat: '37.700000', type: 'N03' } })
    await settle()
    expect(api.getPointSituation).toHaveBeenCalledWith({ kind: 'point', lon: 112.4, lat: 37.7, type: 'N03' }, expect.anything())
    expect(api.getEarthquakeZones).not.toHaveBeenCalled()
    scope.stop()
  })

  it('fetches again once per burst of live events, not for other topics', async () => {
    route.query = { incident: '7' }
    const { scope } = start()
    await settle()
    expect(api.getIncidentSituation).toHaveBeenCalledTimes(1)
    emit('resources', 'changed')
    emit('alerts', 'created')
    emit('incidents', 'updated')
    emit('monitoring/flood', 'alarm')
    vi.advanceTimersByTime(499)
    expect(api.getIncidentSituation).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1)
    await settle()
    expect(api.getIncidentSituation).toHaveBeenCalledTimes(2)
    scope.stop()
  })

  it('applies readings to the stations shown without fetching', async () => {
    const s = situation()
    s.stations = [
      {
        id: '5',
        name: '汾河水位站',
        metrics: [{ metric: 'level', name: '水位', unit: 'm', rules: [], version: 1, last: null }],
        distance_m: 900,
      } as never,
    ]
    api.getIncidentSituation.mockResolvedValue(s)
    route.query = { incident: '7' }
    const { scope, page } = start()
    await settle()
    emit('monitoring/flood', 'readings', { items: [{ station: '5', metric: 'level', time: '2026-12-07T02:00:00Z', value: 3.2 }] })
    expect(page.situation.value?.stations[0]?.metrics[0]?.last).toEqual({ time: '2026-12-07T02:00:00Z', value: 3.2 })
    vi.advanceTimersByTime(2000)
    await settle()
    expect(api.getIncidentSituation).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('keeps the picture shown when a live refetch fails, and says so', async () => {
    route.query = { incident: '7' }
    const { scope, page } = start()
    await settle()
    api.getIncidentSituation.mockRejectedValueOnce(new Error('down'))
    emit('resources', 'changed')
    vi.advanceTimersByTime(500)
    await settle()
    expect(page.situation.value).not.toBeNull()
    expect(page.error.value).toBeInstanceOf(Error)
    scope.stop()
  })

  it('offers the open incidents, newest first', async () => {
    api.listIncidents.mockImplementation((q: { status: string }) =>
      Promise.resolve({
        items:
          q.status === 'received'
            ? [{ id: '1', title: 'a', occurred_at: '2026-12-07T01:00:00Z' }]
            : [{ id: '2', title: 'b', occurred_at: '2026-12-07T02:00:00Z' }],
        total: 1,
      }),
    )
    const { scope, page } = start()
    await page.searchIncidents('煤矿')
    expect(api.listIncidents).toHaveBeenCalledWith({ q: '煤矿', limit: 30, status: 'received' }, { silent: true })
    expect(page.choices.value.map((x) => x.id)).toEqual(['2', '1'])
    scope.stop()
  })
})
