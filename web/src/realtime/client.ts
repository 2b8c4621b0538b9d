/**
 * Realtime client for `/api/v1/ws`.
 *
 * Protocol (JSON text frames):
 *   client → server  {"op":"subscribe","topics":["alerts", ...]}
 *                    {"op":"unsubscribe","topics":[...]}
 *   server → client  {"op":"subscribed","topics":[...]}   (acknowledgement: the topics granted;
 *                      "refused":[{"topic","code","message"}] lists those the user may not read)
 *                    {"topic":"alerts","event":"created","data":{...}}
 * The server pings at the protocol level; browsers answer on their own.
 *
 * The client keeps one socket, reconnects with exponential backoff and jitter while it is
 * started, re-subscribes every topic with a handler after each reconnect, and exposes its
 * connection state as a reactive ref. The socket factory, timers, clock and randomness are
 * injectable so the behaviour can be tested without a network.
 */
import { readonly, shallowRef, type Ref } from 'vue'

export type ConnectionState = 'connecting' | 'open' | 'closed'

export interface RealtimeEvent<T = unknown> {
  topic: string
  event: string
  data: T
}

export type EventHandler = (event: RealtimeEvent) => void

/** The part of the browser WebSocket the client uses. */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface BackoffOptions {
  /** First retry delay before jitter (ms). */
  minDelayMs: number
  /** Largest delay (ms). */
  maxDelayMs: number
}

export interface RealtimeOptions extends Partial<BackoffOptions> {
  url: string | (() => string)
  createSocket?: (url: string) => SocketLike
  timers?: Timers
  /** Returns a number in [0, 1). */
  random?: () => number
  now?: () => number
  /** A connection that lasted this long resets the backoff (ms). */
  stableAfterMs?: number
  logger?: Pick<Console, 'warn' | 'error'>
  /**
   * The server closed the socket with 1008 (signed out, token revoked, user disabled): the
   * client stops reconnecting (each try would be refused) and calls this.
   */
  onRefused?: () => void
}

/** The close code the server uses when the credentials are no longer good. */
const CLOSE_POLICY = 1008

const SOCKET_OPEN = 1
const MAX_EXPONENT = 30

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry): the ceiling doubles
 * from `minDelayMs` up to `maxDelayMs`, and the delay is drawn from the upper half of the
 * ceiling ("equal jitter") so a crowd of clients does not reconnect in step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), MAX_EXPONENT)
  const ceiling = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** exponent)
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.round(ceiling / 2 + (ceiling / 2) * r)
}

/** `ws://host/api/v1/ws` or `wss://host/api/v1/ws`, following the page's scheme. */
export function defaultRealtimeUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/v1/ws`
}

interface ServerMessage {
  op?: unknown
  topics?: unknown
  topic?: unknown
  event?: unknown
  data?: unknown
  error?: unknown
  refused?: unknown
}

export class RealtimeClient {
  private readonly stateRef = shallowRef<ConnectionState>('closed')
  private readonly confirmedRef = shallowRef<ReadonlySet<string>>(new Set())
  /** Connection state, for indicators. */
  readonly state: Readonly<Ref<ConnectionState>> = readonly(this.stateRef)
  /** Topics the server has acknowledged on the current connection. */
  readonly confirmedTopics: Readonly<Ref<ReadonlySet<string>>> = readonly(this.confirmedRef) as Readonly<Ref<ReadonlySet<string>>>

  private readonly handlers = new Map<string, Set<EventHandler>>()
  private readonly opts: Required<Omit<RealtimeOptions, 'url'>> & { url: () => string }
  private socket: SocketLike | null = null
  private retryTimer: unknown = null
  private attemptCount = 0
  private openedAt: number | null = null
  private started = false

  constructor(options: RealtimeOptions) {
    const url = options.url
    this.opts = {
      url: typeof url === 'string' ? () => url : url,
      createSocket: options.createSocket ?? ((u) => new WebSocket(u) as unknown as SocketLike),
      timers: options.timers ?? {
        setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
        clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
      },
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
      minDelayMs: options.minDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      stableAfterMs: options.stableAfterMs ?? 10_000,
      logger: options.logger ?? console,
      onRefused: options.onRefused ?? (() => undefined),
    }
  }

  /** Number of failed attempts since the last stable connection (drives the backoff). */
  get attempts(): number {
    return this.attemptCount
  }

  /** Topics that currently have at least one handler. */
  get topics(): string[] {
    return [...this.handlers.keys()]
  }

  /** Opens the connection and keeps it open until `stop()`. Idempotent. */
  start(): void {
    this.started = true
    if (!this.socket && this.retryTimer === null) this.connect()
  }

  /** Closes the connection and stops reconnecting. Handlers stay registered. */
  stop(): void {
    this.started = false
    this.clearRetry()
    const socket = this.socket
    this.socket = null
    if (socket) {
      this.detach(socket)
      socket.close(1000, 'client stop')
    }
    this.setClosed()
  }

  /** Skips the backoff wait (for example when the browser comes back online). */
  reconnectNow(): void {
    if (!this.started || this.socket) return
    this.clearRetry()
    this.attemptCount = 0
    this.connect()
  }

  /**
   * Calls `handler` for every event on `topic` and subscribes the topic on the server
   * (again after every reconnect). Returns a function that removes the handler; the
   * topic is unsubscribed when its last handler goes.
   */
  subscribe(topic: string, handler: EventHandler): () => void {
    let set = this.handlers.get(topic)
    if (!set) {
      set = new Set()
      this.handlers.set(topic, set)
      this.sendOp('subscribe', [topic])
    }
    set.add(handler)
    let active = true
    return () => {
      if (!active) return
      active = false
      const current = this.handlers.get(topic)
      if (!current) return
      current.delete(handler)
      if (current.size === 0) {
        this.handlers.delete(topic)
        this.sendOp('unsubscribe', [topic])
        if (this.confirmedRef.value.has(topic)) {
          const next = new Set(this.confirmedRef.value)
          next.delete(topic)
          this.confirmedRef.value = next
        }
      }
    }
  }

  private connect(): void {
    this.openedAt = null
    this.stateRef.value = 'connecting'
    let socket: SocketLike
    try {
      socket = this.opts.createSocket(this.opts.url())
    } catch (error) {
      this.opts.logger.warn('realtime: cannot create socket', error)
      this.setClosed()
      this.scheduleReconnect()
      return
    }
    this.socket = socket
    socket.onopen = () => {
      if (this.socket !== socket) return
      this.openedAt = this.opts.now()
      this.stateRef.value = 'open'
      const topics = this.topics
      if (topics.length > 0) this.sendOp('subscribe', topics)
    }
    socket.onmessage = (event) => {
      if (this.socket !== socket) return
      this.handleMessage(event.data)
    }
    socket.onerror = () => {
      // a close event always follows; reconnecting happens there
    }
    socket.onclose = (event) => {
      if (this.socket !== socket) return
      this.socket = null
      this.detach(socket)
      if (this.openedAt !== null && this.opts.now() - this.openedAt >= this.opts.stableAfterMs) this.attemptCount = 0
      this.openedAt = null
      this.setClosed()
      if ((event as { code?: unknown } | null)?.code === CLOSE_POLICY) {
        this.started = false
        this.opts.onRefused()
        return
      }
      if (this.started) this.scheduleReconnect()
    }
  }

  private scheduleReconnect(): void {
    this.clearRetry()
    const delay = backoffDelay(this.attemptCount, this.opts, this.opts.random)
    this.attemptCount += 1
    this.retryTimer = this.opts.timers.setTimeout(() => {
      this.retryTimer = null
      if (this.started && !this.socket) this.connect()
    }, delay)
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) {
      this.opts.timers.clearTimeout(this.retryTimer)
      this.retryTimer = null
    }
  }

  private setClosed(): void {
    this.stateRef.value = 'closed'
    if (this.confirmedRef.value.size > 0) this.confirmedRef.value = new Set()
  }

  private detach(socket: SocketLike): void {
    socket.onopen = null
    socket.onmessage = null
    socket.onerror = null
    socket.onclose = null
  }

  private sendOp(op: 'subscribe' | 'unsubscribe', topics: string[]): void {
    const socket = this.socket
    if (!socket || socket.readyState !== SOCKET_OPEN || this.stateRef.value !== 'open') return
    try {
      socket.send(JSON.stringify({ op, topics }))
    } catch (error) {
      this.opts.logger.warn('realtime: send failed', error)
    }
  }

  private handleMessage(raw: unknown): void {
    if (typeof raw !== 'string') return
    let message: ServerMessage
    try {
      message = JSON.parse(raw) as ServerMessage
    } catch {
      this.opts.logger.warn('realtime: ignoring a frame that is not JSON')
      return
    }
    if (!message || typeof message !== 'object') return

    if (message.op === 'subscribed' || message.op === 'unsubscribed') {
      const topics = Array.isArray(message.topics) ? message.topics.filter((t): t is string => typeof t === 'string') : []
      const next = new Set(this.confirmedRef.value)
      for (const topic of topics) {
        if (message.op === 'subscribed') next.add(topic)
        else next.delete(topic)
      }
      this.confirmedRef.value = next
      if (Array.isArray(message.refused) && message.refused.length > 0) {
        this.opts.logger.warn('realtime: the server refused topics', message.refused)
      }
      return
    }

    if (message.op === 'error') {
      this.opts.logger.warn('realtime: the server refused a message', message.error)
      return
    }

    if (typeof message.topic !== 'string' || typeof message.event !== 'string') return
    const handlers = this.handlers.get(message.topic)
    if (!handlers) return
    const event: RealtimeEvent = { topic: message.topic, event: message.event, data: message.data }
    for (const handler of [...handlers]) {
      try {
        handler(event)
      } catch (error) {
        this.opts.logger.error(`realtime: handler for ${message.topic} failed`, error)
      }
    }
  }
}
