import { computed, onScopeDispose, ref } from 'vue'

export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

const realTimers: IntervalTimers = {
  setInterval: (cb, ms) => globalThis.setInterval(cb, ms),
  clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof globalThis.setInterval>),
}

/** A whole-second countdown (the SMS "resend in 60 s" button). */
export function useCountdown(seconds: number, timers: IntervalTimers = realTimers) {
  const remaining = ref(0)
  const running = computed(() => remaining.value > 0)
  let handle: unknown = null

  function stop() {
    if (handle !== null) timers.clearInterval(handle)
    handle = null
    remaining.value = 0
  }

  /** Starts over from `from` seconds (default: the count given at creation). */
  function start(from: number = seconds) {
    stop()
    if (!(from > 0)) return
    remaining.value = Math.ceil(from)
    handle = timers.setInterval(() => {
      remaining.value -= 1
      if (remaining.value <= 0) stop()
    }, 1000)
  }

  onScopeDispose(stop)
  return { remaining, running, start, stop }
}
