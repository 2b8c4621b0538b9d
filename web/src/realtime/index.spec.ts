import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { effectScope } from 'vue'
import { useSessionStore } from '@/stores/session'

const subscribed: string[] = []
vi.mock('./client', () => ({
  defaultRealtimeUrl: () => 'ws://test/api/v1/ws',
  RealtimeClient: class {
    start(): void {}
    subscribe(topic: string): () => void {
      subscribed.push(topic)
      return () => undefined
    }
  },
}))

const { useRealtimeTopic } = await import('./index')

beforeEach(() => {
  setActivePinia(createPinia())
  subscribed.length = 0
})

describe('useRealtimeTopic', () => {
  it('asks only for the topics the signed-in user may read', () => {
    const session = useSessionStore()
    session.setUser({
      id: '5',
      name: '现场人员',
      phone: '13800000005',
      org: { id: '9', name: '太原市应急管理局', region: '140100' },
      region: '140100',
      region_name: '太原市',
      roles: ['field_responder'],
      status: 'active',
      last_login_at: null,
      version: 1,
      permissions: ['regions.read', 'alerts.read'],
    })
    const scope = effectScope()
    scope.run(() => {
      for (const topic of ['alerts', 'duty', 'incidents', 'monitoring/mine', 'notifications']) {
        useRealtimeTopic(topic, () => undefined)
      }
    })
    scope.stop()
    expect(subscribed).toEqual(['alerts', 'notifications'])
  })
})
