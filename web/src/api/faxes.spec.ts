import { afterEach, describe, expect, it, vi } from 'vitest'
import { archiveFax, getFax, listFaxes, myDelivery, sendFax, signedCount, signFax, type FaxRecipient } from './faxes'

interface Call {
  url: string
  method: string
  body: unknown
}

function recordFetch(answer: unknown = {}): Call[] {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined })
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } })
    }),
  )
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
})

const recipient = (org: string, signed: boolean): FaxRecipient => ({
  org_id: org,
  org_name: org,
  delivered_at: '2026-11-29T00:00:00Z',
  read_at: null,
  signed_at: signed ? '2026-11-29T00:10:00Z' : null,
  signed_by: signed ? '王强' : null,
  reminded_at: null,
})

describe('faxes', () => {
  it('sends title, urgency, note, file and recipients', async () => {
    const calls = recordFetch({ id: '1' })
    await sendFax({ title: '关于加强值班的通知', urgency: 'extra_urgent', note: '', file_id: 'f1', to: ['2', '3'] })
    expect(calls[0]).toEqual({
      url: '/api/v1/faxes',
      method: 'POST',
      body: { title: '关于加强值班的通知', urgency: 'extra_urgent', note: '', file_id: 'f1', to: ['2', '3'] },
    })
  })

  it('lists a box with search and archived, leaving out an empty search', async () => {
    const calls = recordFetch({ items: [], total: 0 })
    await listFaxes({ box: 'received', q: '  ', archived: false, limit: 20, offset: 0 })
    await listFaxes({ box: 'sent', q: '通知' })
    expect(calls[0]!.url).toBe('/api/v1/faxes?box=received&archived=false&limit=20&offset=0')
    expect(decodeURIComponent(calls[1]!.url)).toBe('/api/v1/faxes?box=sent&q=通知')
  })

  it('reads, signs and archives one fax', async () => {
    const calls = recordFetch({ id: '5' })
    await getFax('5')
    await signFax('5')
    await archiveFax('5', true)
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/faxes/5', 'POST /api/v1/faxes/5/sign', 'POST /api/v1/faxes/5/archive'])
    expect(calls[1]!.body).toEqual({})
    expect(calls[2]!.body).toEqual({ archived: true })
  })

  it('finds my delivery and counts signatures', () => {
    const fax = { recipients: [recipient('2', true), recipient('3', false)] }
    expect(myDelivery(fax, '3')?.signed_at).toBeNull()
    expect(myDelivery(fax, '9')).toBeNull()
    expect(myDelivery(fax, null)).toBeNull()
    expect(signedCount(fax)).toEqual({ signed: 1, total: 2 })
  })
})
