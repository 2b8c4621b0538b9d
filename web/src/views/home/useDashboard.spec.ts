import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { Dashboard } from '@/api/dashboard'
import type { RealtimeEvent } from '@/realtime'

const handlers = new Map<string, (event: RealtimeEvent) => void>()
const permissions = new Set<string>(['monitoring.read'])
const getDashboard = vi.fn<(region?: string | null) => Promise<Dashboard>>()

vi.mock('@/realtime', () => ({
  useRealtimeTopic: (topic: string, handler: (event: RealtimeEvent) => void) => handlers.set(topic, handler),
}))
vi.mock('@/stores/session', () => ({
  useSessionStore: () => ({ region: null, can: (p: string) => permissions.has(p) }),
}))
vi.mock('@/api/dashboard', () => ({ getDashboard: (region?: string | null) => getDashboard(region) }))

const { useDashboard } = await import('./useDashboard')

function answer(top: { id: string; level: string }[] = []): Dashboard {
  const counts = { total: 0, by_level: { I: 0, II: 0, III: 0, IV: 0 }, by_type: [], by_region: [] }
  const alarms = top.map((a) => ({
    ...a,
    station_id: `s${a.id}`,
    theme: 'mine',
    region: '140427',
    opened_at: '2026-11-29T08:00:00Z',
    acknowledged_at: null,
    closed_at: null,
    version: 1,
  }))
  return {
    today: counts,
    month: counts,
    active_incidents: [],
    on_duty: [],
    reports_due: [],
    reports_overdue: [],
    unsigned_faxes: 0,
    warnings: [],
    alarms: {
      stations: 1,
      reporting: 1,
      open_alarms: top.length,
      unacknowledged: top.length,
      by_level: { red: 0, orange: 0, yellow: top.length, blue: 0 },
      top: alarms as never,
    },
  }
}

function emit(topic: string, event: string, data: unknown = {}) {
  const handler = handlers.get(topic)
  if (!handler) throw new Error(`not listening to ${topic}`)
  handler({ topic, event, data })
}

describe('useDashboard live reloads', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    handlers.clear()
    permissions.clear()
    permissions.add('monitoring.read')
    getDashboard.mockReset()
    getDashboard.mockImplementation(async () => answer([{ id: '1', level: 'yellow' }]))
  })
  afterEach(() => vi.useRealTimers())

  function start() {
    const scope = effectScope()
    const state = scope.run(() => useDashboard({ debounceMs: 800, intervalMs: 3_600_000 }))!
    return { state, stop: () => scope.stop() }
  }

  it('reloads once, debounced, on a burst of alarm events and never on readings', async () => {
    const { state, stop } = start()
    await vi.advanceTimersByTimeAsync(0)
    expect(getDashboard).toHaveBeenCalledTimes(1)
    expect([...handlers.keys()]).toContain('monitoring/mine')

    // Readings every second for ten seconds: no reload.
    for (let i = 0; i < 10; i++) {
      emit('monitoring/mine', 'readings', { items: [{ station: '1', metric: 'ch4', time: new Date().toISOString(), value: 0.5 }] })
      emit('monitoring/flood', 'readings', { items: [] })
      await vi.advanceTimersByTimeAsync(1000)
    }
    expect(getDashboard).toHaveBeenCalledTimes(1)

    // A burst of alarms on two themes: one reload after the quiet period.
    emit('monitoring/mine', 'alarm', {
      id: '2',
      station_id: 's2',
      theme: 'mine',
      region: '140427',
      level: 'red',
      opened_at: '2026-11-29T09:00:00Z',
      closed_at: null,
      version: 1,
    })
    await vi.advanceTimersByTimeAsync(300)
    emit('monitoring/geology', 'alarm', {
      id: '3',
      station_id: 's3',
      theme: 'geology',
      region: '140224',
      level: 'blue',
      opened_at: '2026-11-29T09:00:00Z',
      closed_at: null,
      version: 1,
    })
    // The red alarm is in the panel at once, marked fresh, before the reload.
    expect(state.dashboard.value?.alarms?.top.map((a) => a.id)).toEqual(['2', '1', '3'])
    expect(state.freshAlarms.value.has('2')).toBe(true)
    await vi.advanceTimersByTimeAsync(799)
    expect(getDashboard).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(getDashboard).toHaveBeenCalledTimes(2)
    // The reload's answer replaces the merged rows; the fresh mark fades on its own.
    expect(state.dashboard.value?.alarms?.top.map((a) => a.id)).toEqual(['1'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(state.freshAlarms.value.size).toBe(0)

    // Other topics reload on any event, as before.
    emit('faxes', 'received')
    await vi.advanceTimersByTimeAsync(800)
    expect(getDashboard).toHaveBeenCalledTimes(3)
    stop()
  })

  it('does not listen to monitoring without monitoring.read', async () => {
    permissions.clear()
    getDashboard.mockImplementation(async () => ({ ...answer(), alarms: undefined }) as Dashboard)
    const { stop } = start()
    await vi.advanceTimersByTimeAsync(0)
    expect([...handlers.keys()].sort()).toEqual(['alerts', 'duty', 'faxes', 'incidents', 'reports'])
    stop()
  })
})
