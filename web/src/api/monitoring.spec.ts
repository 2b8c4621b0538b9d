import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  acknowledgeAlarm,
  alarmToIncident,
  alarmToWarning,
  closeAlarm,
  deleteStationMetric,
  getAlarm,
  getCatalogue,
  getMonitoringSummary,
  getReadings,
  getStation,
  isTheme,
  listAlarms,
  listEarthquakes,
  listStations,
  monitoringTopic,
  postReadings,
  putStationMetric,
} from './monitoring'
import { stubFetch } from '@/testing/stubFetch'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('monitoring API', () => {
  it('knows the six themes and their topics', () => {
    expect(isTheme('mine')).toBe(true)
    expect(isTheme('alerts')).toBe(false)
    expect(monitoringTopic('flood')).toBe('monitoring/flood')
  })

  it('reads the catalogue', async () => {
    const calls = stubFetch({ themes: [], metrics: [] })
    await getCatalogue()
    expect(calls[0]!.url).toBe('/api/v1/monitoring/catalogue')
  })

  it('lists stations with the filters given, leaving empty ones out', async () => {
    const calls = stubFetch({ items: [], total: 0 })
    await listStations({ theme: 'mine', region: '140105', q: '', limit: 2000 })
    expect(calls[0]!.url).toBe('/api/v1/monitoring/stations?theme=mine&region=140105&limit=2000')
    await listStations({ theme: 'flood', region: null })
    expect(calls[1]!.url).toBe('/api/v1/monitoring/stations?theme=flood')
    await getStation('12/3')
    expect(calls[2]!.url).toBe('/api/v1/monitoring/stations/12%2F3')
  })

  it("puts a metric's rules with the version, or without one for a new metric", async () => {
    const calls = stubFetch({ id: '7' })
    const rules = [
      {
        kind: 'above' as const,
        thresholds: [
          { level: 'yellow' as const, value: 0.75 },
          { level: 'red' as const, value: 1 },
        ],
        deadband: 0.05,
      },
    ]
    await putStationMetric('7', 'ch4', { rules, version: 3 })
    expect(calls[0]).toMatchObject({ url: '/api/v1/monitoring/stations/7/metrics/ch4', method: 'PUT', body: { rules, version: 3 } })
    await putStationMetric('7', 'co', { rules: [] })
    expect(calls[1]!.body).toEqual({ rules: [] })
    await deleteStationMetric('7', 'co')
    expect(calls[2]).toMatchObject({ url: '/api/v1/monitoring/stations/7/metrics/co', method: 'DELETE' })
  })

  it('asks for readings of a window', async () => {
    const calls = stubFetch({ points: [] })
    await getReadings({ station: '7', metric: 'water_level', from: '2026-11-29T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z', points: 300 })
    expect(calls[0]!.url).toBe(
      '/api/v1/monitoring/readings?station=7&metric=water_level&from=2026-11-29T00%3A00%3A00.000Z&to=2026-11-30T00%3A00%3A00.000Z&points=300',
    )
    await getReadings({ station: '7', metric: 'ch4' })
    expect(calls[1]!.url).toBe('/api/v1/monitoring/readings?station=7&metric=ch4')
  })

  it('lists earthquakes of the last days', async () => {
    const calls = stubFetch({ items: [{ magnitude: 3.1 }] })
    expect(await listEarthquakes(7)).toEqual([{ magnitude: 3.1 }])
    expect(calls[0]!.url).toBe('/api/v1/monitoring/earthquakes?days=7')
  })

  it('posts readings', async () => {
    const calls = stubFetch({ accepted: 1, duplicates: 0, rejected: [] })
    await postReadings([{ station: 'KS-001', metric: 'ch4', time: 1764460800000, value: 1.3 }])
    expect(calls[0]).toMatchObject({
      url: '/api/v1/readings',
      method: 'POST',
      body: { readings: [{ station: 'KS-001', metric: 'ch4', time: 1764460800000, value: 1.3 }] },
    })
  })

  it('lists, reads and acts on alarms', async () => {
    const calls = stubFetch({ items: [], total: 0 })
    await listAlarms({ theme: 'mine', state: 'open', region: undefined, station: '', limit: 200 })
    expect(calls[0]!.url).toBe('/api/v1/monitoring/alarms?theme=mine&state=open&limit=200')
    await getAlarm('5')
    expect(calls[1]!.url).toBe('/api/v1/monitoring/alarms/5')
    await acknowledgeAlarm('5')
    expect(calls[2]).toMatchObject({ url: '/api/v1/monitoring/alarms/5/acknowledge', method: 'POST' })
    await closeAlarm('5', '传感器校准，误报')
    expect(calls[3]).toMatchObject({ url: '/api/v1/monitoring/alarms/5/close', method: 'POST', body: { reason: '传感器校准，误报' } })
    await alarmToWarning('5')
    expect(calls[4]).toMatchObject({ url: '/api/v1/monitoring/alarms/5/warning', method: 'POST' })
    await alarmToIncident('5')
    expect(calls[5]).toMatchObject({ url: '/api/v1/monitoring/alarms/5/incident', method: 'POST' })
  })

  it('reads the summary of a theme', async () => {
    const calls = stubFetch({ stations: 3 })
    await getMonitoringSummary({ theme: 'geology' })
    expect(calls[0]!.url).toBe('/api/v1/monitoring/summary?theme=geology')
    await getMonitoringSummary({ theme: 'geology', region: '140100' })
    expect(calls[1]!.url).toBe('/api/v1/monitoring/summary?theme=geology&region=140100')
  })
})
