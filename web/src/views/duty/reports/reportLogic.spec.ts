import { describe, expect, it } from 'vitest'
import type { Delivery, Report, ReportContent } from '@/api/incidents'
import type { Permission } from '@/utils/permissions'
import type { Recipient } from '@/api/duty'
import { i18n } from '@/locales'
import {
  approvalOf,
  printedTime,
  sendDialogText,
  changedFields,
  concernsOrg,
  correctionsOf,
  inboxOrder,
  maySkipLevel,
  mergeForms,
  occurredInstant,
  reportActions,
  reportContent,
  reportForm,
  skipLevelTargets,
} from './reportLogic'

const content: ReportContent = {
  unit: '小店区应急管理局',
  occurred_at: '2026-11-29 08:30',
  place: '龙城大街',
  summary: '货车侧翻',
  deaths: 1,
  missing: 0,
  injured: 2,
  seriously_injured: 1,
  trapped: 0,
  direct_loss_yuan: 125000,
  measures: '',
  other: '',
  reporter_name: '张三',
  reporter_phone: '13900000001',
}

function delivery(org_id: string, signed = false): Delivery {
  return {
    org_id,
    org_name: org_id,
    kind: 'up',
    sent_at: '2026-11-29T01:00:00Z',
    sent_by: 'x',
    signed_at: signed ? '2026-11-29T01:05:00Z' : null,
    signed_by: signed ? 'y' : null,
    relay_due_at: null,
    relayed_at: null,
  }
}

const can =
  (...granted: Permission[]) =>
  (p: Permission) =>
    granted.includes(p)
const officer = can('incidents.read', 'incidents.write')
const leader = can('incidents.read', 'incidents.write', 'incidents.approve')
const viewer = can('incidents.read')

describe('the content form', () => {
  it('shows loss in 万元 and sends it back in yuan', () => {
    const form = reportForm(content)
    expect(form.direct_loss_wan).toBe(12.5)
    expect(form.occurred_at).toBe(Date.parse('2026-11-29T00:30:00Z'))
    expect(reportContent(form)).toEqual(content)
  })

  it('lists the fields that differ', () => {
    const a = reportForm(content)
    expect(changedFields(a, { ...a, summary: '货车侧翻，一人被困', deaths: 2 })).toEqual(['summary', 'deaths'])
    expect(changedFields(a, { ...a, measures: '' })).toEqual([])
  })

  it('merges: their changes where the user did not type, the user’s text everywhere else', () => {
    const base = reportForm(content)
    const mine = { ...base, summary: '我的概况', measures: '封闭道路' }
    const theirs = { ...base, summary: '他们的概况', deaths: 3 }
    const merged = mergeForms(base, mine, theirs)
    expect(merged.form).toEqual({ ...base, summary: '我的概况', measures: '封闭道路', deaths: 3 })
    expect(merged.theirChanges).toEqual(['summary', 'deaths'])
    expect(merged.clashes).toEqual(['summary'])
  })
})

describe('workflow buttons', () => {
  const own = { org_id: 'county', deliveries: [] as Delivery[] }
  it('sends a phone report (电话报告) without approval, once', () => {
    for (const status of ['draft', 'pending', 'returned', 'approved'] as const) {
      expect(reportActions({ ...own, kind: 'phone', status }, { orgId: 'county', can: officer }).send).toBe(true)
    }
    expect(reportActions({ ...own, kind: 'phone', status: 'sent' }, { orgId: 'county', can: officer }).send).toBe(false)
    expect(reportActions({ ...own, kind: 'first', status: 'draft' }, { orgId: 'county', can: officer }).send).toBe(false)
  })
  it('lets the drafting org edit and submit a draft or a returned report', () => {
    for (const status of ['draft', 'returned'] as const) {
      const a = reportActions({ ...own, status }, { orgId: 'county', can: officer })
      expect(a).toMatchObject({ edit: true, submit: true, approve: false, send: false, sign: false })
    }
    expect(reportActions({ ...own, status: 'draft' }, { orgId: 'county', can: viewer }).edit).toBe(false)
    expect(reportActions({ ...own, status: 'draft' }, { orgId: 'city', can: leader }).edit).toBe(false)
  })

  it('lets a leader approve or return a pending report, not an officer', () => {
    expect(reportActions({ ...own, status: 'pending' }, { orgId: 'county', can: leader })).toMatchObject({ approve: true, return: true, edit: false })
    expect(reportActions({ ...own, status: 'pending' }, { orgId: 'county', can: officer })).toMatchObject({ approve: false, return: false })
  })

  it('sends an approved report from the drafting org', () => {
    expect(reportActions({ ...own, status: 'approved' }, { orgId: 'county', can: officer })).toMatchObject({ send: true, forward: true })
    expect(reportActions({ ...own, status: 'sent' }, { orgId: 'county', can: officer })).toMatchObject({ send: false, forward: false })
  })

  it('lets a receiving org sign, then pass the report on', () => {
    const unsigned = { org_id: 'county', status: 'sent' as const, deliveries: [delivery('city')] }
    expect(reportActions(unsigned, { orgId: 'city', can: viewer })).toMatchObject({ sign: true, send: false })
    const signed = { ...unsigned, deliveries: [delivery('city', true)] }
    expect(reportActions(signed, { orgId: 'city', can: officer })).toMatchObject({ sign: false, send: true, forward: true })
    expect(reportActions(signed, { orgId: 'province', can: officer })).toMatchObject({ sign: false, send: false })
    const relayed = { ...signed, deliveries: [{ ...delivery('city', true), relayed_at: '2026-11-29T02:00:00Z' }] }
    expect(reportActions(relayed, { orgId: 'city', can: officer }).send).toBe(false)
  })
})

describe('approval in one step, withdrawal and corrections', () => {
  const own = { org_id: 'county', deliveries: [] as Delivery[] }
  it('offers 批准并上报 and 修改 to a leader of the drafting org while the report is pending', () => {
    expect(reportActions({ ...own, status: 'pending' }, { orgId: 'county', can: leader })).toMatchObject({
      approveAndSend: true,
      correct: true,
    })
    expect(reportActions({ ...own, status: 'pending' }, { orgId: 'county', can: officer })).toMatchObject({
      approveAndSend: false,
      correct: false,
    })
    expect(reportActions({ ...own, status: 'pending' }, { orgId: 'city', can: leader })).toMatchObject({ approveAndSend: false, correct: false })
    expect(reportActions({ ...own, status: 'approved' }, { orgId: 'county', can: leader })).toMatchObject({ approveAndSend: false, correct: false })
    expect(reportActions({ ...own, status: 'pending' }, { orgId: 'county', can: can('incidents.read', 'incidents.approve') }).approveAndSend).toBe(
      false,
    )
  })

  it('lets the drafting org withdraw a pending report only', () => {
    expect(reportActions({ ...own, status: 'pending' }, { orgId: 'county', can: officer }).withdraw).toBe(true)
    for (const status of ['draft', 'returned', 'approved', 'sent'] as const) {
      expect(reportActions({ ...own, status }, { orgId: 'county', can: officer }).withdraw).toBe(false)
    }
    expect(reportActions({ ...own, status: 'pending' }, { orgId: 'county', can: viewer }).withdraw).toBe(false)
  })

  it('tells a relay from sending one’s own report', () => {
    const signed = { org_id: 'county', status: 'sent' as const, deliveries: [delivery('city', true)] }
    expect(reportActions(signed, { orgId: 'city', can: officer }).relay).toBe(true)
    expect(reportActions({ ...own, status: 'approved' }, { orgId: 'county', can: officer }).relay).toBe(false)
  })

  it('sends only the text fields that changed', () => {
    expect(correctionsOf(content, { summary: '货车侧翻，无人被困', place: '龙城大街', unit: '' })).toEqual({
      summary: '货车侧翻，无人被困',
      unit: '',
    })
    expect(correctionsOf(content, { measures: '' })).toEqual({})
  })
})

describe('越级上报', () => {
  const bureau = (id: string, region: string, relation: Recipient['relation'] = 'superior'): Recipient => ({
    id,
    name: id,
    region,
    region_name: id,
    type: 'emergency_bureau',
    relation,
  })
  it('is offered for 重大 and 特别重大 only', () => {
    expect(maySkipLevel('I')).toBe(true)
    expect(maySkipLevel('II')).toBe(true)
    expect(maySkipLevel('III')).toBe(false)
    expect(maySkipLevel('IV')).toBe(false)
    expect(maySkipLevel(null)).toBe(false)
  })
  it('reaches the bureaus above the direct superior, nearest first', () => {
    const city = bureau('city', '140100')
    const all = [bureau('province', '140000'), city, bureau('town', '140105001', 'jurisdiction'), bureau('nation', '000000')]
    expect(skipLevelTargets(all, city).map((r) => r.id)).toEqual(['province', 'nation'])
    expect(skipLevelTargets(all, null)).toEqual([])
  })
})

describe('the inbox', () => {
  const report = (id: string, signed: boolean, sentAt: string) =>
    ({ id, sent_at: sentAt, updated_at: sentAt, deliveries: [{ ...delivery('city', signed), sent_at: sentAt }] }) as unknown as Report

  it('puts unsigned reports first, newest first within each', () => {
    const order = inboxOrder(
      [report('a', true, '2026-11-29T03:00:00Z'), report('b', false, '2026-11-29T01:00:00Z'), report('c', false, '2026-11-29T02:00:00Z')],
      'city',
    ).map((r) => r.id)
    expect(order).toEqual(['c', 'b', 'a'])
  })

  it('refetches only when the event names the user’s organisation', () => {
    expect(concernsOrg({ id: 'r1', org_ids: ['county', 'city'] }, 'city')).toBe(true)
    expect(concernsOrg({ id: 'r1', org_ids: ['county'] }, 'city')).toBe(false)
    expect(concernsOrg(null, 'city')).toBe(false)
    expect(concernsOrg({ org_ids: ['city'] }, null)).toBe(false)
  })
})

describe('the time of occurrence', () => {
  it('reads the Beijing wall clock the server writes, and RFC 3339 of older reports', () => {
    expect(occurredInstant('2026-11-29 08:30')).toBe(Date.parse('2026-11-29T00:30:00Z'))
    expect(occurredInstant('2026-11-29T00:30:00.000Z')).toBe(Date.parse('2026-11-29T00:30:00Z'))
    expect(occurredInstant('昨晚')).toBeNaN()
    expect(occurredInstant('')).toBeNaN()
  })
})

describe('the send dialog', () => {
  const say = (key: string, locale: 'zh-CN' | 'en') => i18n.global.t(key, { name: 'X' }, { locale })
  it('tells a relay in the user’s terms: nothing new is drafted', () => {
    const relay = sendDialogText({ mode: 'up', relay: true })
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(say(relay.hint, locale)).not.toBe(relay.hint)
      expect(say(relay.textNamed, locale)).toContain('X')
    }
    expect(say(relay.hint, 'zh-CN')).not.toContain('续报草稿')
    expect(say(relay.hint, 'zh-CN')).toContain('不会生成本单位的新报告')
    expect(say(relay.title, 'zh-CN')).toBe('转报上级')
    expect(say(sendDialogText({ mode: 'up' }).hint, 'zh-CN')).toContain('续报')
  })
  it('names the one-step approval and the forward', () => {
    expect(sendDialogText({ mode: 'up', approve: true }).title).toBe('reports.actions.approveAndSend')
    expect(sendDialogText({ mode: 'forward', relay: true }).title).toBe('reports.actions.forward')
  })
})

describe('the print view', () => {
  const comment = (action: 'approve' | 'return', by: string, at: string, text = '') => ({ action, by, at, text })
  it('is issued by the last approver and dated when sent', () => {
    const report = {
      comments: [
        comment('approve', '甲', '2026-11-29T01:00:00Z'),
        comment('return', '乙', '2026-11-29T02:00:00Z', '改'),
        comment('approve', '丙', '2026-11-29T03:00:00Z', '同意'),
      ],
      sent_at: '2026-11-29T03:05:00Z',
      updated_at: '2026-11-29T03:05:00Z',
    }
    expect(approvalOf(report)).toEqual({ by: '丙', at: '2026-11-29T03:00:00Z', text: '同意' })
    expect(approvalOf({ comments: [] })).toBeNull()
    expect(printedTime(report)).toBe('2026-11-29T03:05:00Z')
    expect(printedTime({ sent_at: null, updated_at: '2026-11-29T04:00:00Z' })).toBe('2026-11-29T04:00:00Z')
  })
})
