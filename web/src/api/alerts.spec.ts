import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  acknowledgeAlert,
  activeAlertsAt,
  alertCapUrl,
  cancelAlert,
  createAlert,
  categoryOfEvent,
  failingFeeds,
  refusingFeeds,
  getAlert,
  listAlertFeeds,
  listAlertDeliveries,
  listAlerts,
  postCap,
  type AlertDelivery,
  type AlertInput,
} from './alerts'

interface Call {
  url: string
  method: string
  body: unknown
  headers: Record<string, string>
}

function stubFetch(answer: unknown = {}, status = 200): Call[] {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const raw = init.body
      const type = (init.headers as Record<string, string>)['Content-Type'] ?? ''
      calls.push({
        url,
        method: init.method ?? 'GET',
        body: typeof raw === 'string' && type.includes('json') ? JSON.parse(raw) : raw,
        headers: init.headers as Record<string, string>,
      })
      return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } })
    }),
  )
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('alerts API', () => {
  it('lists with the filters given, leaving empty ones out', async () => {
    const calls = stubFetch({ items: [], total: 0 })
    await listAlerts({ active: true, region: '140105', level: 'orange', q: '暴雨', limit: 20, offset: 40 })
    expect(calls[0]!.url).toBe('/api/v1/alerts?active=true&region=140105&level=orange&q=%E6%9A%B4%E9%9B%A8&limit=20&offset=40')
    await listAlerts({ active: false, region: null, level: '', q: '' })
    expect(calls[1]!.url).toBe('/api/v1/alerts?active=false')
    await listAlerts()
    expect(calls[2]!.url).toBe('/api/v1/alerts')
    await listAlerts({ active: true, mine: 'unacknowledged' })
    expect(calls[3]!.url).toBe('/api/v1/alerts?active=true&mine=unacknowledged')
    await listAlerts({ mine: undefined })
    expect(calls[4]!.url).toBe('/api/v1/alerts')
  })

  it('reads the warning feeds and picks out the failing ones', async () => {
    const extra = { regions: ['140000'], last_refusal: '', refused_at: null, polling: false }
    const ok = {
      url: 'http://a/feed.xml',
      polled_at: '2026-11-30T01:00:00Z',
      ok_at: '2026-11-30T01:00:00Z',
      error: '',
      imported: 3,
      refused: 0,
      ...extra,
    }
    const bad = { url: 'http://b/cap.xml', polled_at: '2026-11-30T01:00:00Z', ok_at: null, error: 'status 503', imported: 0, refused: 0, ...extra }
    const calls = stubFetch({ items: [ok, bad] })
    const feeds = await listAlertFeeds()
    expect(calls[0]).toMatchObject({ url: '/api/v1/alerts/feeds', method: 'GET' })
    expect(failingFeeds(feeds)).toEqual([bad])
    expect(failingFeeds([ok])).toEqual([])
  })

  it('picks out the feeds that refused a message outside their regions', () => {
    const base = { polled_at: null, ok_at: null, imported: 0, refused: 1, regions: ['140105'], refused_at: '2026-11-30T01:00:00Z', polling: false }
    const refusing = { ...base, url: 'http://a/feed.xml', error: '', last_refusal: 'http://a/1.xml: region 140000 is outside' }
    const quiet = { ...base, url: 'http://b/feed.xml', error: '', last_refusal: '' }
    const failing = { ...base, url: 'http://c/feed.xml', error: 'status 503', last_refusal: 'x' }
    expect(refusingFeeds([refusing, quiet, failing])).toEqual([refusing])
  })

  it('defaults the CAP category by the event type, not always Met', () => {
    expect(categoryOfEvent('暴雨')).toBe('Met')
    expect(categoryOfEvent('地震')).toBe('Geo')
    expect(categoryOfEvent('森林火险')).toBe('Fire')
    expect(categoryOfEvent('危化品泄漏')).toBe('CBRNE')
    expect(categoryOfEvent('煤矿瓦斯')).toBe('Safety')
    expect(categoryOfEvent('重污染天气')).toBe('Env')
    expect(categoryOfEvent('something else')).toBe('Other')
  })

  it('reads one warning and names its CAP download', async () => {
    const calls = stubFetch({ id: '7' })
    expect((await getAlert('7')).id).toBe('7')
    expect(calls[0]).toMatchObject({ url: '/api/v1/alerts/7', method: 'GET' })
    expect(alertCapUrl('7')).toBe('/api/v1/alerts/7/cap')
    expect(alertCapUrl('a/b')).toBe('/api/v1/alerts/a%2Fb/cap')
  })

  it('asks for the warnings covering a point', async () => {
    const calls = stubFetch({ items: [{ id: '1' }] })
    expect(await activeAlertsAt(37.8, 112.55)).toEqual([{ id: '1' }])
    expect(calls[0]!.url).toBe('/api/v1/alerts/active?lat=37.8&lon=112.55')
  })

  it('posts CAP as XML and a manual warning as JSON', async () => {
    const calls = stubFetch({ id: '9' }, 201)
    await postCap('<alert/>')
    expect(calls[0]).toMatchObject({ url: '/api/v1/alerts/cap', method: 'POST', body: '<alert/>' })
    expect(calls[0]!.headers['Content-Type']).toBe('application/xml')
    const input: AlertInput = {
      event: '暴雨',
      level: 'orange',
      headline: '太原市气象台发布暴雨橙色预警',
      description: '',
      instruction: '',
      expires_at: '2026-11-30T00:00:00.000Z',
      regions: ['140105'],
      source: '市气象局电话通知',
    }
    await createAlert(input)
    expect(calls[1]).toMatchObject({ url: '/api/v1/alerts', method: 'POST', body: input })
  })

  it('cancels with a reason', async () => {
    const calls = stubFetch({ id: '3', state: 'cancelled' })
    expect((await cancelAlert('3', '气象台已解除')).state).toBe('cancelled')
    expect(calls[0]).toMatchObject({ url: '/api/v1/alerts/3/cancel', method: 'POST', body: { reason: '气象台已解除' } })
  })

  it('keeps the schema error of a refused CAP message', async () => {
    stubFetch({ error: { code: 'unprocessable', message: "line 7: Element 'status': not valid" } }, 422)
    await expect(postCap('<alert/>')).rejects.toMatchObject({ status: 422, code: 'unprocessable', message: "line 7: Element 'status': not valid" })
  })

  it('acknowledges (叫应) and reads who received the warning', async () => {
    const delivery: AlertDelivery = {
      user_id: '12',
      user_name: '预警值班员',
      phone: '13900000301',
      org_id: '5',
      org_name: '小店区应急管理局',
      region: '140105',
      region_name: '小店区',
      delivered_at: '2026-11-29T00:00:00Z',
      acknowledged_at: '2026-11-29T00:03:00Z',
      sms_at: null,
      sms_error: '',
      escalated_at: null,
    }
    const calls = stubFetch(delivery)
    expect((await acknowledgeAlert('7')).acknowledged_at).toBe('2026-11-29T00:03:00Z')
    expect(calls[0]).toMatchObject({ url: '/api/v1/alerts/7/ack', method: 'POST' })

    const board = stubFetch({ items: [delivery], total: 1, acknowledged: 1 })
    expect(await listAlertDeliveries('7')).toEqual({ items: [delivery], total: 1, acknowledged: 1 })
    expect(board[0]).toMatchObject({ url: '/api/v1/alerts/7/deliveries', method: 'GET' })
  })

  it('keeps the conflict of an acknowledgement refused', async () => {
    stubFetch({ error: { code: 'conflict', message: 'you acknowledged it already' } }, 409)
    await expect(acknowledgeAlert('7')).rejects.toMatchObject({ status: 409, code: 'conflict' })
  })
})
