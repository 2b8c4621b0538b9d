import { describe, expect, it } from 'vitest'
import type { Alert, AlertDelivery, AlertInfo } from '@/api/alerts'
import { alertLevelRank } from '@/utils/alertLevels'
import {
  acknowledgedOf,
  ackChangesList,
  issuerText,
  capLabels,
  shapeBbox,
  alertInput,
  alertLanguages,
  alertOf,
  alertQuery,
  alertShape,
  checkAlertForm,
  emptyAlertForm,
  eventConcerns,
  expiryInfo,
  groupDeliveries,
  inForce,
  matchesAlertFilters,
  orderInfos,
  silentSeconds,
  sortWarnings,
  withDelivery,
  type AlertFilters,
} from './alertLogic'

const info = (language: string, headline = language): AlertInfo => ({ language, event: '暴雨', headline, description: '', instruction: '' })

describe('languages', () => {
  it('puts zh-CN first, other Chinese next, the rest in message order', () => {
    const ordered = orderInfos([info('en-US'), info('fr'), info('zh-TW'), info('zh-CN')])
    expect(ordered.map((i) => i.language)).toEqual(['zh-CN', 'zh-TW', 'en-US', 'fr'])
    expect(orderInfos([info('zh-cn'), info('en')]).map((i) => i.language)).toEqual(['zh-cn', 'en'])
  })

  it('shows a warning without infos as one language', () => {
    const alert = { language: '', event: '寒潮', headline: '寒潮蓝色预警', description: 'd', instruction: 'i', infos: [] }
    expect(alertLanguages(alert)).toEqual([{ language: 'zh-CN', event: '寒潮', headline: '寒潮蓝色预警', description: 'd', instruction: 'i' }])
    expect(alertLanguages({ ...alert, infos: [info('en'), info('zh-CN')] }).map((i) => i.language)).toEqual(['zh-CN', 'en'])
  })
})

describe('expiry', () => {
  const now = Date.parse('2026-11-29T00:00:00Z')
  it('counts down, amber in the last hour, then expired', () => {
    expect(expiryInfo('2026-11-29T03:00:00Z', now, 'active')).toEqual({ state: 'ok', seconds: 3 * 3600 })
    expect(expiryInfo('2026-11-29T00:30:00Z', now, 'active')).toEqual({ state: 'soon', seconds: 1800 })
    expect(expiryInfo('2026-11-28T23:59:00Z', now, 'active')).toEqual({ state: 'expired', seconds: 60 })
    expect(expiryInfo('2026-11-29T00:00:00Z', now)).toEqual({ state: 'expired', seconds: 0 })
  })

  it('has nothing to count without a time, or once cancelled or replaced', () => {
    expect(expiryInfo(null, now)).toEqual({ state: 'none', seconds: 0 })
    expect(expiryInfo('garbage', now)).toEqual({ state: 'none', seconds: 0 })
    expect(expiryInfo('2026-11-29T03:00:00Z', now, 'cancelled').state).toBe('ended')
    expect(expiryInfo('2026-11-29T03:00:00Z', now, 'updated').state).toBe('ended')
    expect(expiryInfo('2026-11-29T03:00:00Z', now, 'expired').state).toBe('expired')
  })

  it('is in force while active and not past its expiry', () => {
    expect(inForce({ state: 'active', expires_at: '2026-11-29T03:00:00Z' }, now)).toBe(true)
    expect(inForce({ state: 'active', expires_at: null }, now)).toBe(true)
    expect(inForce({ state: 'active', expires_at: '2026-11-28T03:00:00Z' }, now)).toBe(false)
    expect(inForce({ state: 'cancelled', expires_at: '2026-11-29T03:00:00Z' }, now)).toBe(false)
  })
})

describe('list filters', () => {
  const filters: AlertFilters = { region: '140105', scope: 'active', level: '', q: ' 暴雨 ' }
  it('builds the request', () => {
    expect(alertQuery(filters)).toEqual({ active: true, region: '140105', level: undefined, q: '暴雨' })
    expect(alertQuery({ region: null, scope: 'all', level: 'red', q: '' })).toEqual({ active: false, region: undefined, level: 'red', q: undefined })
    expect(alertQuery({ ...filters, mine: true }).mine).toBe('unacknowledged')
    expect(alertQuery({ ...filters, mine: false }).mine).toBeUndefined()
  })

  it('takes live warnings of the region, of a larger area containing it, or of the level', () => {
    expect(matchesAlertFilters({ regions: ['140105'], level: 'orange' }, filters)).toBe(true)
    expect(matchesAlertFilters({ regions: ['140100'], level: 'orange' }, filters)).toBe(true)
    expect(matchesAlertFilters({ regions: ['140200'], level: 'orange' }, filters)).toBe(false)
    expect(matchesAlertFilters({ regions: ['140105'], level: 'orange' }, { ...filters, level: 'red' })).toBe(false)
    expect(matchesAlertFilters({ regions: ['140106'], level: 'blue' }, { ...filters, region: '140100' })).toBe(true)
  })

  it('reads a warning from an event', () => {
    expect(alertOf(null)).toBeNull()
    expect(alertOf({ title: 'x' })).toBeNull()
    expect(alertOf({ id: 5, level: 'red' })).toMatchObject({ id: '5', level: 'red' })
  })
})

describe('manual entry', () => {
  const now = Date.parse('2026-11-29T00:00:00Z')
  it('names every missing field', () => {
    const fields = checkAlertForm(emptyAlertForm(), now).map((e) => e.field)
    expect(fields).toEqual(['event', 'level', 'headline', 'expires_at', 'regions', 'source'])
  })

  it('refuses an expiry in the past or before the effective time', () => {
    const form = { ...emptyAlertForm(), event: '大风', level: 'blue' as const, headline: 'h', regions: ['140105'], source: '电话' }
    expect(checkAlertForm({ ...form, expires_at: now - 1000 }, now)).toEqual([{ field: 'expires_at', key: 'alerts.form.errors.expiresPast' }])
    expect(checkAlertForm({ ...form, expires_at: now + 3600_000, effective_at: now + 7200_000 }, now)).toEqual([
      { field: 'expires_at', key: 'alerts.form.errors.expiresBeforeEffective' },
    ])
    expect(checkAlertForm({ ...form, expires_at: now + 3600_000 }, now)).toEqual([])
  })

  it('builds the request with RFC 3339 times, trimmed text, optional effective time', () => {
    const form = {
      ...emptyAlertForm(),
      event: ' 大风 ',
      level: 'blue' as const,
      headline: '小店区大风蓝色预警',
      regions: ['140105', '140106'],
      source: '市气象局电话通知',
      expires_at: Date.parse('2026-11-29T12:00:00Z'),
    }
    expect(alertInput(form)).toEqual({
      event: '大风',
      level: 'blue',
      headline: '小店区大风蓝色预警',
      description: '',
      instruction: '',
      expires_at: '2026-11-29T12:00:00.000Z',
      regions: ['140105', '140106'],
      source: '市气象局电话通知',
      category: 'Met',
    })
    expect(alertInput({ ...form, effective_at: Date.parse('2026-11-29T01:00:00Z') }).effective_at).toBe('2026-11-29T01:00:00.000Z')
    expect(alertInput({ ...form, event: '地震' }).category).toBe('Geo')
    expect(alertInput({ ...form, category: 'CBRNE' }).category).toBe('CBRNE')
  })
})

describe('map shapes', () => {
  it('turns [lon, lat] rings into Leaflet [lat, lon], dropping broken ones', () => {
    const alert = {
      id: '1',
      level: 'orange' as const,
      headline: '暴雨橙色预警',
      areas: [
        {
          desc: '小店区',
          polygons: [
            [
              [112.5, 37.7],
              [112.7, 37.7],
              [112.7, 37.9],
              [112.5, 37.7],
            ],
            [
              [112.5, 37.7],
              [999, 37.7],
            ],
          ] as [number, number][][],
          circles: [{ lon: 112.6, lat: 37.8, radius_km: 5 }],
          geocodes: [],
        },
      ],
    }
    const shape = alertShape(alert)!
    expect(shape.title).toBe('暴雨橙色预警')
    expect(shape.rings).toEqual([
      [
        [37.7, 112.5],
        [37.7, 112.7],
        [37.9, 112.7],
        [37.7, 112.5],
      ],
    ])
    expect(shape.circles).toEqual([{ lat: 37.8, lon: 112.6, radiusM: 5000 }])
  })

  it('has nothing to draw without polygons or circles', () => {
    expect(
      alertShape({ id: '2', level: 'red', areas: [{ desc: '', polygons: [], circles: [], geocodes: [{ name: 'x', value: '140105' }] }] }),
    ).toBeNull()
    expect(alertShape({ id: '2', level: 'red' } as Pick<Alert, 'id' | 'level'>)).toBeNull()
  })
})

describe('home panel order', () => {
  it('shows the most severe first, then the soonest to expire', () => {
    const w = (id: string, level: Alert['level'], expires_at: string | null) => ({ id, level, expires_at, sent_at: '2026-11-29T00:00:00Z' })
    const sorted = sortWarnings(
      [w('a', 'blue', '2026-11-29T01:00:00Z'), w('b', 'red', null), w('c', 'red', '2026-11-29T05:00:00Z'), w('d', 'orange', null)],
      alertLevelRank,
    )
    expect(sorted.map((x) => x.id)).toEqual(['c', 'b', 'd', 'a'])
  })
})

describe('叫应 board', () => {
  const delivery = (user_id: string, org_id: string, region: string, acknowledged_at: string | null = null): AlertDelivery => ({
    user_id,
    user_name: `u${user_id}`,
    phone: '',
    org_id,
    org_name: `room ${org_id}`,
    region,
    region_name: region === '140105' ? '小店区' : region === '140106' ? '迎泽区' : '',
    delivered_at: '2026-11-29T00:00:00Z',
    acknowledged_at,
    sms_at: null,
    sms_error: '',
    escalated_at: null,
  })
  const items = [
    delivery('1', '10', '140105', '2026-11-29T00:02:00Z'),
    delivery('2', '10', '140105'),
    delivery('3', '11', '140105'),
    delivery('4', '20', '140106', '2026-11-29T00:05:00Z'),
    delivery('5', '30', '140107'),
  ]

  it('groups by region, then duty room, in the order given, counting the acknowledged', () => {
    const groups = groupDeliveries(items)
    expect(groups.map((g) => [g.region, g.region_name, g.acknowledged, g.total])).toEqual([
      ['140105', '小店区', 1, 3],
      ['140106', '迎泽区', 1, 1],
      ['140107', '140107', 0, 1],
    ])
    expect(groups[0]!.rooms.map((r) => [r.org_id, r.acknowledged, r.people.map((p) => p.user_id)])).toEqual([
      ['10', 1, ['1', '2']],
      ['11', 0, ['3']],
    ])
    expect(groupDeliveries([])).toEqual([])
  })

  it('counts the silence since delivery, nothing once acknowledged', () => {
    const now = Date.parse('2026-11-29T00:12:30Z')
    expect(silentSeconds(items[1]!, now)).toBe(750)
    expect(silentSeconds(items[0]!, now)).toBe(0)
    expect(silentSeconds({ delivered_at: 'garbage', acknowledged_at: null }, now)).toBe(0)
    expect(silentSeconds({ delivered_at: '2026-11-29T00:13:00Z', acknowledged_at: null }, now)).toBe(0)
  })

  it('replaces one delivery and recounts', () => {
    const board = { items, total: 5, acknowledged: 2 }
    const next = withDelivery(board, { ...items[1]!, acknowledged_at: '2026-11-29T00:06:00Z' })
    expect(next.acknowledged).toBe(3)
    expect(next.total).toBe(5)
    expect(next.items[1]!.acknowledged_at).toBe('2026-11-29T00:06:00Z')
    expect(board.items[1]!.acknowledged_at).toBeNull()
  })

  it('knows which live events concern a warning', () => {
    expect(acknowledgedOf({ id: 7, user_id: 12 })).toEqual({ id: '7', user_id: '12' })
    expect(acknowledgedOf({ id: '7' })).toBeNull()
    expect(acknowledgedOf('x')).toBeNull()
    expect(eventConcerns({ event: 'acknowledged', data: { id: '7', user_id: '1' } }, '7')).toBe(true)
    expect(eventConcerns({ event: 'acknowledged', data: { id: '8', user_id: '1' } }, '7')).toBe(false)
    expect(eventConcerns({ event: 'chased', data: { id: '7', user_id: '1' } }, '7')).toBe(true)
    expect(eventConcerns({ event: 'updated', data: { id: '7', level: 'red' } }, '7')).toBe(true)
    expect(
      eventConcerns({ event: 'created', data: { id: '9', level: 'red', references: [{ identifier: 'X', sender: '', sent: '' }] } }, '7', 'X'),
    ).toBe(true)
    expect(eventConcerns({ event: 'created', data: { id: '9', level: 'red', references: [] } }, '7', 'X')).toBe(false)
    expect(eventConcerns({ event: 'created', data: { id: '9', level: 'red' } }, '7', '')).toBe(false)
  })
})

describe('CAP values in the UI language', () => {
  const zh: Record<string, string> = { 'alerts.cap.status.Actual': '实际', 'alerts.cap.msg_type.Alert': '首发', 'alerts.cap.severity.Severe': '严重' }
  it('translates each value, keeps the CAP value for the hover, and leaves out empty ones', () => {
    const alert = { status: 'Actual', msg_type: 'Alert', scope: '', severity: 'Severe', urgency: null }
    expect(capLabels(alert, ['status', 'msg_type', 'scope'], (k) => zh[k] ?? null)).toEqual([
      { group: 'status', raw: 'Actual', label: '实际' },
      { group: 'msg_type', raw: 'Alert', label: '首发' },
    ])
    expect(capLabels(alert, ['urgency', 'severity'], (k) => zh[k] ?? null)).toEqual([{ group: 'severity', raw: 'Severe', label: '严重' }])
  })
  it('shows a value outside CAP 1.2 as it came', () => {
    expect(capLabels({ status: 'Rehearsal' }, ['status'], () => null)).toEqual([{ group: 'status', raw: 'Rehearsal', label: 'Rehearsal' }])
  })
})

describe('the box of a warning area', () => {
  it('holds every polygon point and the whole of every circle', () => {
    const shape = {
      id: '1',
      level: 'red' as const,
      title: '',
      rings: [
        [
          [37.8, 112.5],
          [38.0, 112.6],
          [37.9, 112.9],
        ] as [number, number][],
      ],
      circles: [{ lat: 37.0, lon: 113.0, radiusM: 11_100 }],
    }
    const box = shapeBbox(shape)!
    expect(box[0]).toBeCloseTo(112.5)
    expect(box[2]).toBeGreaterThan(113.1)
    expect(box[1]).toBeCloseTo(36.9, 1)
    expect(box[3]).toBeCloseTo(38.0)
    expect(shapeBbox({ ...shape, rings: [], circles: [] })).toBeNull()
  })
})

describe('who issued a warning and my 叫应 in the list', () => {
  it('names the issuing organisation, never the person who typed it', () => {
    const typed = { issuer_org_name: '太原市应急管理局', sender_name: '张三', source: '', sender: '14010000000000' }
    expect(issuerText(typed)).toBe('太原市应急管理局')
    // A feed's message: no organisation of ours, the CAP sender's name.
    expect(issuerText({ ...typed, issuer_org_name: '', sender_name: '小店区气象台' })).toBe('小店区气象台')
    expect(issuerText({ issuer_org_name: '', sender_name: '', source: '', sender: '14010541600000' })).toBe('14010541600000')
  })

  it('reloads on an acknowledgement of a shown row: mine, or any while listing 待我确认', () => {
    const rows = [{ id: '7' }, { id: '8' }]
    expect(ackChangesList({ id: '7', user_id: '3' }, rows, false, '3')).toBe(true)
    expect(ackChangesList({ id: 7, user_id: 3 }, rows, false, '3')).toBe(true)
    expect(ackChangesList({ id: '7', user_id: '4' }, rows, false, '3')).toBe(false)
    expect(ackChangesList({ id: '7', user_id: '4' }, rows, true, '3')).toBe(true)
    expect(ackChangesList({ id: '9', user_id: '3' }, rows, true, '3')).toBe(false)
    expect(ackChangesList(null, rows, true, '3')).toBe(false)
  })
})
