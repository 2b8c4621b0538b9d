import { describe, expect, it, vi } from 'vitest'
import { backoffDelay, defaultRealtimeUrl, RealtimeClient, type RealtimeEvent, type SocketLike } from './client'

class FakeSocket implements SocketLike {
  readyState = 0
  sent: unknown[] = []
  closedWith: [number | undefined, string | undefined] | null = null
  onopen: ((event: unknown) => void) | null = null
  onclose: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null

  constructor(readonly url: string) {}

  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason]
    this.readyState = 3
  }
  // server side
  accept() {
    this.readyState = 1
    this.onopen?.({})
  }
  drop(code = 1006) {
    this.readyState = 3
    this.onerror?.({})
    this.onclose?.({ code })
  }
  push(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) })
  }
}

class FakeTimers {
  private nextId = 1
  pending = new Map<number, { callback: () => void; ms: number }>()
  delays: number[] = []

  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++
    this.pending.set(id, { callback, ms })
    this.delays.push(ms)
    return id
  }
  clearTimeout = (id: unknown) => {
    this.pending.delete(id as number)
  }
  /** Runs every pending timer once. */
  fire() {
    const due = [...this.pending.entries()]
    this.pending.clear()
    for (const [, { callback }] of due) callback()
  }
}

function setup(options: { random?: number; now?: () => number; onRefused?: () => void } = {}) {
  const sockets: FakeSocket[] = []
  const timers = new FakeTimers()
  const logger = { warn: vi.fn(), error: vi.fn() }
  const client = new RealtimeClient({
    url: 'ws://example.test/api/v1/ws',
    createSocket: (url) => {
      const socket = new FakeSocket(url)
      sockets.push(socket)
      return socket
    },
    timers,
    random: () => options.random ?? 0.5,
    now: options.now ?? (() => 0),
    logger,
    onRefused: options.onRefused,
  })
  const last = () => {
    const socket = sockets.at(-1)
    if (!socket) throw new Error('no socket yet')
    return socket
  }
  return { client, sockets, timers, logger, last }
}

describe('backoffDelay', () => {
  const opts = { minDelayMs: 500, maxDelayMs: 30_000 }

  it('doubles the ceiling from 0.5 s and caps it at 30 s', () => {
    const ceilings = Array.from({ length: 10 }, (_, attempt) => backoffDelay(attempt, opts, () => 1))
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000])
  })

  it('draws the delay from the upper half of the ceiling (jitter)', () => {
    expect(backoffDelay(3, opts, () => 0)).toBe(2000)
    expect(backoffDelay(3, opts, () => 0.5)).toBe(3000)
    expect(backoffDelay(3, opts, () => 0.999)).toBeLessThanOrEqual(4000)
    for (let attempt = 0; attempt < 50; attempt++) {
      const d = backoffDelay(attempt, opts, Math.random)
      expect(d).toBeGreaterThanOrEqual(250)
      expect(d).toBeLessThanOrEqual(30_000)
    }
  })

  it('survives absurd attempt numbers', () => {
    expect(backoffDelay(10_000, opts, () => 1)).toBe(30_000)
    expect(backoffDelay(-3, opts, () => 1)).toBe(500)
  })
})

describe('defaultRealtimeUrl', () => {
  it('follows the page scheme', () => {
    expect(defaultRealtimeUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/api/v1/ws')
    expect(defaultRealtimeUrl({ protocol: 'https:', host: 'yj.example.cn' })).toBe('wss://yj.example.cn/api/v1/ws')
  })
})

describe('RealtimeClient', () => {
  it('moves through connecting → open → closed', () => {
    const { client, last } = setup()
    expect(client.state.value).toBe('closed')
    client.start()
    expect(client.state.value).toBe('connecting')
    expect(last().url).toBe('ws://example.test/api/v1/ws')
    last().accept()
    expect(client.state.value).toBe('open')
    client.stop()
    expect(client.state.value).toBe('closed')
    expect(last().closedWith?.[0]).toBe(1000)
  })

  it('subscribes topics registered before the socket opened, in one message', () => {
    const { client, last } = setup()
    client.subscribe('alerts', () => {})
    client.subscribe('incidents', () => {})
    client.start()
    expect(last().sent).toEqual([])
    last().accept()
    expect(last().sent).toEqual([{ op: 'subscribe', topics: ['alerts', 'incidents'] }])
  })

  it('subscribes a new topic once while open, and unsubscribes after its last handler', () => {
    const { client, last } = setup()
    client.start()
    last().accept()
    const offA = client.subscribe('alerts', () => {})
    const offB = client.subscribe('alerts', () => {})
    expect(last().sent).toEqual([{ op: 'subscribe', topics: ['alerts'] }])
    offA()
    offA() // idempotent
    expect(last().sent).toHaveLength(1)
    offB()
    expect(last().sent).toEqual([
      { op: 'subscribe', topics: ['alerts'] },
      { op: 'unsubscribe', topics: ['alerts'] },
    ])
    expect(client.topics).toEqual([])
  })

  it('dispatches events to the handlers of their topic only', () => {
    const { client, last } = setup()
    const alerts: RealtimeEvent[] = []
    const incidents: RealtimeEvent[] = []
    client.subscribe('alerts', (e) => alerts.push(e))
    client.subscribe('incidents', (e) => incidents.push(e))
    client.start()
    last().accept()
    last().push({ topic: 'alerts', event: 'created', data: { id: '7', level: 'red' } })
    last().push({ topic: 'positions', event: 'moved', data: {} })
    expect(alerts).toEqual([{ topic: 'alerts', event: 'created', data: { id: '7', level: 'red' } }])
    expect(incidents).toEqual([])
  })

  it('keeps dispatching when a handler throws or a frame is garbage', () => {
    const { client, last, logger } = setup()
    const seen: string[] = []
    client.subscribe('alerts', () => {
      throw new Error('boom')
    })
    client.subscribe('alerts', (e) => seen.push(e.event))
    client.start()
    last().accept()
    last().push('not json')
    last().push({ topic: 'alerts' }) // no event name: ignored
    last().push({ op: 'pong' }) // answer to a ping: ignored
    last().push({ topic: 'alerts', event: 'updated', data: null })
    expect(seen).toEqual(['updated'])
    expect(logger.error).toHaveBeenCalledOnce()
    expect(logger.warn).toHaveBeenCalledOnce()
  })

  it('logs an error frame from the server and carries on', () => {
    const { client, last, logger } = setup()
    const handler = vi.fn()
    client.subscribe('alerts', handler)
    client.start()
    last().accept()
    last().push({ op: 'error', error: { code: 'bad_request', message: 'too many topics' } })
    last().push({ topic: 'alerts', event: 'created', data: {} })
    expect(logger.warn).toHaveBeenCalledWith('realtime: the server refused a message', {
      code: 'bad_request',
      message: 'too many topics',
    })
    expect(handler).toHaveBeenCalledOnce()
    expect(client.state.value).toBe('open')
  })

  it('confirms the topics granted and logs the refused ones', () => {
    const { client, last, logger } = setup()
    client.subscribe('alerts', () => undefined)
    client.subscribe('duty', () => undefined)
    client.start()
    last().accept()
    const refused = [{ topic: 'duty', code: 'forbidden', message: 'you need the permission duty.read for the topic duty' }]
    last().push({ op: 'subscribed', topics: ['alerts'], refused })
    expect([...client.confirmedTopics.value]).toEqual(['alerts'])
    expect(logger.warn).toHaveBeenCalledWith('realtime: the server refused topics', refused)
  })

  it('stops calling a handler after it unsubscribes', () => {
    const { client, last } = setup()
    const handler = vi.fn()
    const off = client.subscribe('alerts', handler)
    client.start()
    last().accept()
    off()
    last().push({ topic: 'alerts', event: 'created', data: {} })
    expect(handler).not.toHaveBeenCalled()
  })

  it('tracks the topics the server acknowledged', () => {
    const { client, last } = setup()
    client.subscribe('alerts', () => {})
    client.start()
    last().accept()
    expect(client.confirmedTopics.value.has('alerts')).toBe(false)
    last().push({ op: 'subscribed', topics: ['alerts'] })
    expect([...client.confirmedTopics.value]).toEqual(['alerts'])
    last().drop()
    expect(client.confirmedTopics.value.size).toBe(0)
  })

  it('reconnects after a drop and re-subscribes every topic', () => {
    const { client, sockets, timers, last } = setup()
    const handler = vi.fn()
    client.subscribe('alerts', handler)
    client.subscribe('incident/42', handler)
    client.start()
    last().accept()
    last().drop()
    expect(client.state.value).toBe('closed')
    expect(timers.pending.size).toBe(1)

    timers.fire()
    expect(sockets).toHaveLength(2)
    expect(client.state.value).toBe('connecting')
    last().accept()
    expect(last().sent).toEqual([{ op: 'subscribe', topics: ['alerts', 'incident/42'] }])

    last().push({ topic: 'incident/42', event: 'report_added', data: { n: 1 } })
    expect(handler).toHaveBeenCalledWith({ topic: 'incident/42', event: 'report_added', data: { n: 1 } })
  })

  it('backs off exponentially while the server stays down, up to the cap', () => {
    const { client, timers, last } = setup({ random: 1 })
    client.start()
    for (let i = 0; i < 9; i++) {
      last().drop() // connection refused
      timers.fire()
    }
    expect(timers.delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
    expect(client.attempts).toBe(9)
  })

  it('resets the backoff after a connection that stayed up', () => {
    let clock = 0
    const { client, timers, last } = setup({ random: 1, now: () => clock })
    client.start()
    last().drop()
    timers.fire()
    last().drop()
    timers.fire()
    expect(timers.delays).toEqual([500, 1000])
    last().accept()
    clock += 60_000
    last().drop()
    expect(timers.delays.at(-1)).toBe(500)
  })

  it('does not reset the backoff for a connection that flaps open and shut', () => {
    const { client, timers, last } = setup({ random: 1 })
    client.start()
    for (let i = 0; i < 3; i++) {
      last().accept()
      last().drop()
      timers.fire()
    }
    expect(timers.delays).toEqual([500, 1000, 2000])
  })

  it('does not reconnect after stop, and ignores events from the old socket', () => {
    const { client, sockets, timers, last } = setup()
    const handler = vi.fn()
    client.subscribe('alerts', handler)
    client.start()
    const first = last()
    first.accept()
    client.stop()
    first.push({ topic: 'alerts', event: 'created', data: {} })
    first.drop()
    expect(handler).not.toHaveBeenCalled()
    expect(timers.pending.size).toBe(0)
    expect(sockets).toHaveLength(1)
    expect(client.state.value).toBe('closed')
  })

  it('reconnectNow skips the wait and restarts the backoff', () => {
    const { client, sockets, timers, last } = setup({ random: 1 })
    client.start()
    last().drop()
    timers.fire()
    last().drop()
    expect(timers.pending.size).toBe(1)
    client.reconnectNow()
    expect(timers.pending.size).toBe(0)
    expect(sockets).toHaveLength(3)
    last().drop()
    expect(timers.delays.at(-1)).toBe(500)
  })

  it('start is idempotent', () => {
    const { client, sockets } = setup()
    client.start()
    client.start()
    expect(sockets).toHaveLength(1)
  })

  it('retries when the socket cannot even be created', () => {
    const timers = new FakeTimers()
    let fail = true
    const created: FakeSocket[] = []
    const client = new RealtimeClient({
      url: () => 'ws://x/api/v1/ws',
      createSocket: (url) => {
        if (fail) throw new Error('SyntaxError')
        const s = new FakeSocket(url)
        created.push(s)
        return s
      },
      timers,
      random: () => 1,
      logger: { warn: vi.fn(), error: vi.fn() },
    })
    client.start()
    expect(client.state.value).toBe('closed')
    expect(timers.delays).toEqual([500])
    fail = false
    timers.fire()
    expect(created).toHaveLength(1)
  })
})

describe('a socket the server refuses', () => {
  it('is not reopened after a 1008 close (signed out or disabled), and the app is told', () => {
    const onRefused = vi.fn()
    const { client, sockets, timers, last } = setup({ onRefused })
    client.start()
    last().accept()
    last().drop(1008)
    expect(onRefused).toHaveBeenCalledOnce()
    timers.fire()
    expect(sockets).toHaveLength(1)
  })

  it('is reopened after any other close', () => {
    const onRefused = vi.fn()
    const { client, sockets, timers, last } = setup({ onRefused })
    client.start()
    last().accept()
    last().drop(1006)
    timers.fire()
    expect(sockets).toHaveLength(2)
    expect(onRefused).not.toHaveBeenCalled()
  })
})
