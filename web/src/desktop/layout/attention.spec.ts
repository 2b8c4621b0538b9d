import { describe, expect, it } from 'vitest'
import type { AppNotification } from '@/api/incidents'
import { newUrgent, openRedAlarm } from './attention'

const notice = (id: string, kind: string, read = false): AppNotification => ({
  id,
  kind,
  title: 't',
  body: '',
  link: '',
  created_at: '2026-12-06T00:00:00Z',
  read_at: read ? '2026-12-06T00:01:00Z' : null,
})

describe('attention', () => {
  it('sounds for new unread reports, approvals and 叫应 only, once each', () => {
    const items = [
      notice('1', 'report_submitted'),
      notice('2', 'alert'),
      notice('3', 'report_overdue'),
      notice('4', 'alert', true),
      notice('5', 'report_received'),
    ]
    expect(newUrgent(items, new Set(['5'])).map((n) => n.id)).toEqual(['1', '2'])
  })

  it('names open red alarms only, on the monitoring topics', () => {
    expect(openRedAlarm('monitoring/mine', 'alarm', { id: 7, level: 'red', closed_at: null })).toBe('7')
    expect(openRedAlarm('monitoring/mine', 'alarm', { id: 7, level: 'red', closed_at: '2026-12-06T00:00:00Z' })).toBeNull()
    expect(openRedAlarm('monitoring/flood', 'alarm', { id: 8, level: 'orange', closed_at: null })).toBeNull()
    expect(openRedAlarm('alerts', 'alarm', { id: 9, level: 'red' })).toBeNull()
  })
})
