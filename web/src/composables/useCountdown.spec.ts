import { describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { useCountdown, type IntervalTimers } from './useCountdown'

function fakeTimers() {
  const active = new Map<number, () => void>()
  let next = 1
  const timers: IntervalTimers = {
    setInterval: (cb) => {
      active.set(next, cb)
      return next++
    },
    clearInterval: (h) => {
      active.delete(h as number)
    },
  }
  const tick = (n = 1) => {
    for (let i = 0; i < n; i++) for (const cb of [...active.values()]) cb()
  }
  return { timers, tick, active }
}

describe('useCountdown', () => {
  it('counts down once a second and stops at zero', () => {
    const { timers, tick, active } = fakeTimers()
    const scope = effectScope()
    const c = scope.run(() => useCountdown(60, timers))!
    expect(c.running.value).toBe(false)
    c.start()
    expect(c.remaining.value).toBe(60)
    expect(c.running.value).toBe(true)
    tick(59)
    expect(c.remaining.value).toBe(1)
    tick()
    expect(c.remaining.value).toBe(0)
    expect(c.running.value).toBe(false)
    expect(active.size).toBe(0)
    scope.stop()
  })

  it('restarting does not leave a second timer behind, and disposal clears it', () => {
    const { timers, tick, active } = fakeTimers()
    const scope = effectScope()
    const c = scope.run(() => useCountdown(10, timers))!
    c.start()
    tick(3)
    c.start()
    expect(active.size).toBe(1)
    expect(c.remaining.value).toBe(10)
    scope.stop()
    expect(active.size).toBe(0)
  })
})
