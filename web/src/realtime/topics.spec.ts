import { describe, expect, it } from 'vitest'
import { maySubscribe, topicRequirement } from './topics'

describe('realtime topics', () => {
  it('need the permission of their REST twin, as the server says', () => {
    expect(topicRequirement('alerts')).toBe('alerts.read')
    expect(topicRequirement('incidents')).toBe('incidents.read')
    expect(topicRequirement('reports')).toBe('incidents.read')
    expect(topicRequirement('duty')).toBe('duty.read')
    expect(topicRequirement('faxes')).toBe('duty.read')
    expect(topicRequirement('resources')).toBe('resources.read')
    expect(topicRequirement('monitoring/flood')).toBe('monitoring.read')
    expect(topicRequirement('notifications')).toBe('user')
  })

  it('are not asked for without the permission, nor when internal or unknown', () => {
    const viewer = (p: string) => ['regions.read', 'incidents.read', 'alerts.read'].includes(p)
    expect(maySubscribe('incidents', viewer)).toBe(true)
    expect(maySubscribe('duty', viewer)).toBe(false)
    expect(maySubscribe('monitoring/mine', viewer)).toBe(false)
    expect(maySubscribe('notifications', viewer)).toBe(true)
    expect(maySubscribe('auth/access', () => true)).toBe(false)
    expect(maySubscribe('monitoring/config', () => true)).toBe(false)
    expect(maySubscribe('incident/42', () => true)).toBe(false)
  })
})
