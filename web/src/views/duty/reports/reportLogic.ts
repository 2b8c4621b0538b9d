/**
 * What a report page may offer and how its text maps to the form, apart from the page:
 * which workflow buttons a user sees, the content form (loss in 万元), which fields two
 * versions differ in, and the inbox order.
 */
import type { Recipient } from '@/api/duty'
import type { CorrectableField, Delivery, Level, Report, ReportContent, ReportKind } from '@/api/incidents'
import type { Permission } from '@/utils/permissions'
import { formatDateTime, fromWallClock } from '@/utils/time'
import { yuanToWan, wanToYuan } from '../incidents/incidentForm'

export interface ReportForm {
  unit: string
  /** Epoch milliseconds (the date picker's value); null when the server had none. */
  occurred_at: number | null
  place: string
  summary: string
  deaths: number
  missing: number
  injured: number
  seriously_injured: number
  trapped: number
  /** 万元. */
  direct_loss_wan: number | null
  measures: string
  other: string
  reporter_name: string
  reporter_phone: string
}

export const REPORT_FORM_KEYS: readonly (keyof ReportForm)[] = [
  'unit',
  'occurred_at',
  'place',
  'summary',
  'deaths',
  'missing',
  'injured',
  'seriously_injured',
  'trapped',
  'direct_loss_wan',
  'measures',
  'other',
  'reporter_name',
  'reporter_phone',
]

/**
 * The instant a report's "time of occurrence" text stands for: the server writes the Beijing
 * wall clock (`2026-11-29 08:30`), older reports may hold RFC 3339. NaN when it is neither.
 */
export function occurredInstant(text: string | null | undefined): number {
  if (!text) return Number.NaN
  const wall = fromWallClock(text)
  return Number.isNaN(wall) && /[TZ+]/.test(text) ? Date.parse(text) : wall
}

export function reportForm(content: ReportContent): ReportForm {
  const at = occurredInstant(content.occurred_at)
  return {
    unit: content.unit ?? '',
    occurred_at: Number.isNaN(at) ? null : at,
    place: content.place ?? '',
    summary: content.summary ?? '',
    deaths: content.deaths ?? 0,
    missing: content.missing ?? 0,
    injured: content.injured ?? 0,
    seriously_injured: content.seriously_injured ?? 0,
    trapped: content.trapped ?? 0,
    direct_loss_wan: content.direct_loss_yuan ? yuanToWan(content.direct_loss_yuan) : null,
    measures: content.measures ?? '',
    other: content.other ?? '',
    reporter_name: content.reporter_name ?? '',
    reporter_phone: content.reporter_phone ?? '',
  }
}

export function reportContent(form: ReportForm): ReportContent {
  return {
    unit: form.unit,
    // As the report reads: Beijing time, like the server's own prefill.
    occurred_at: form.occurred_at === null ? '' : formatDateTime(form.occurred_at),
    place: form.place,
    summary: form.summary,
    deaths: form.deaths || 0,
    missing: form.missing || 0,
    injured: form.injured || 0,
    seriously_injured: form.seriously_injured || 0,
    trapped: form.trapped || 0,
    direct_loss_yuan: wanToYuan(form.direct_loss_wan) ?? 0,
    measures: form.measures,
    other: form.other,
    reporter_name: form.reporter_name,
    reporter_phone: form.reporter_phone,
  }
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === '' || v === undefined ? null : v)
  return norm(a) === norm(b)
}

/** The fields whose values differ between two forms. */
export function changedFields(a: ReportForm, b: ReportForm): (keyof ReportForm)[] {
  return REPORT_FORM_KEYS.filter((key) => !same(a[key], b[key]))
}

/**
 * After a conflict: the latest form from the server with the user's own changes on top.
 * `base` is what the user started from, `mine` what is on screen, `theirs` the latest.
 */
export function mergeForms(
  base: ReportForm,
  mine: ReportForm,
  theirs: ReportForm,
): { form: ReportForm; theirChanges: (keyof ReportForm)[]; clashes: (keyof ReportForm)[] } {
  const myChanges = changedFields(base, mine)
  const theirChanges = changedFields(base, theirs)
  const form = { ...theirs }
  for (const key of myChanges) (form as Record<string, unknown>)[key] = mine[key]
  return { form, theirChanges, clashes: theirChanges.filter((k) => myChanges.includes(k) && !same(mine[k], theirs[k])) }
}

// ---------------------------------------------------------------- workflow

export interface ReportActions {
  /** The text can be changed (draft or returned, the drafting organisation). */
  edit: boolean
  submit: boolean
  approve: boolean
  /** 退回 (with a comment). */
  return: boolean
  /** 上报: the drafting org once approved, or a receiving org after signing. */
  send: boolean
  /** 批转 to chosen organisations: whoever may send. */
  forward: boolean
  /** 签收 the caller's organisation's delivery. */
  sign: boolean
  /** 批准并上报 in one step: a leader who may also send. */
  approveAndSend: boolean
  /** 撤回 a submitted report to a draft before the leader decides. */
  withdraw: boolean
  /** The approver corrects the text of a report awaiting approval. */
  correct: boolean
  /** Passing on a report received from below (转报), as opposed to sending one's own. */
  relay: boolean
}

export interface ActionContext {
  orgId: string | null | undefined
  can: (permission: Permission) => boolean
}

/** The delivery of the report to `orgId`, if it was sent there. */
export function deliveryTo(report: Pick<Report, 'deliveries'>, orgId: string | null | undefined): Delivery | undefined {
  if (!orgId) return undefined
  return report.deliveries.find((d) => d.org_id === orgId)
}

/** The buttons a user sees on a report, by its state, their organisation and their permissions. */
export function reportActions(report: Pick<Report, 'status' | 'org_id' | 'deliveries'> & { kind?: ReportKind }, ctx: ActionContext): ReportActions {
  const mine = !!ctx.orgId && report.org_id === ctx.orgId
  const write = ctx.can('incidents.write')
  const approve = ctx.can('incidents.approve')
  const delivery = deliveryTo(report, ctx.orgId)
  const editable = report.status === 'draft' || report.status === 'returned'
  // A receiving org passes the report on once it has signed for it, and only once.
  const relay = !mine && !!delivery && delivery.signed_at !== null && !delivery.relayed_at && write
  // A 电话报告 records a call already made: sent without waiting for approval.
  const ready = report.status === 'approved' || (report.kind === 'phone' && report.status !== 'sent')
  const sendable = (mine && ready && write) || relay
  return {
    edit: mine && editable && write,
    submit: mine && editable && write,
    approve: mine && report.status === 'pending' && approve,
    return: mine && report.status === 'pending' && approve,
    send: sendable,
    forward: sendable,
    sign: !mine && !!delivery && delivery.signed_at === null,
    approveAndSend: mine && report.status === 'pending' && approve && write,
    withdraw: mine && report.status === 'pending' && write,
    correct: mine && report.status === 'pending' && approve,
    relay,
  }
}

// ---------------------------------------------------------------- approver corrections, 越级上报

/** The text fields an approver may correct (figures go back to the drafter with 退回). */
export const CORRECTABLE_FIELDS: readonly CorrectableField[] = ['unit', 'place', 'summary', 'measures', 'other', 'reporter_name', 'reporter_phone']

/** The corrected fields that differ from the report's content: what a correction sends. */
export function correctionsOf(content: ReportContent, edited: Partial<Record<CorrectableField, string>>): Partial<Record<CorrectableField, string>> {
  const out: Partial<Record<CorrectableField, string>> = {}
  for (const key of CORRECTABLE_FIELDS) {
    const value = edited[key]
    if (value !== undefined && value !== (content[key] ?? '')) out[key] = value
  }
  return out
}

/** 越级上报 is allowed for 重大 and 特别重大 incidents (the server is the judge of the rest). */
export function maySkipLevel(level: Level | null | undefined): boolean {
  return level === 'I' || level === 'II'
}

/** The bureaus above the direct superior, nearest first: where a report may go past it. */
export function skipLevelTargets(recipients: readonly Recipient[], superior: Recipient | null): Recipient[] {
  if (!superior) return []
  return recipients.filter((r) => r.relation === 'superior' && r.id !== superior.id).sort((a, b) => b.region.localeCompare(a.region))
}

/** Inbox order: unsigned first, then newest delivery first. */
export function inboxOrder(reports: readonly Report[], orgId: string | null | undefined): Report[] {
  const at = (r: Report) => Date.parse(deliveryTo(r, orgId)?.sent_at ?? r.sent_at ?? r.updated_at) || 0
  const unsigned = (r: Report) => (deliveryTo(r, orgId)?.signed_at ? 1 : 0)
  return [...reports].sort((a, b) => unsigned(a) - unsigned(b) || at(b) - at(a))
}

/** Report kinds a duty officer may start by hand on an incident (the 首报 comes with it). */
export const NEW_REPORT_KINDS: readonly ReportKind[] = ['phone', 'update', 'final', 'supplement']

/** Whether a realtime "reports" event concerns the user (their organisation is among org_ids). */
export function concernsOrg(data: unknown, orgId: string | null | undefined): boolean {
  if (!orgId || !data || typeof data !== 'object') return false
  const ids = (data as { org_ids?: unknown }).org_ids
  return Array.isArray(ids) && ids.includes(orgId)
}

// ---------------------------------------------------------------- print view

/** The approval printed as 签发 on a report: the last 批准 (who, when, 批示). */
export function approvalOf(report: Pick<Report, 'comments'>): { by: string; at: string; text: string } | null {
  const approvals = report.comments.filter((c) => c.action === 'approve')
  const last = approvals[approvals.length - 1]
  return last ? { by: last.by, at: last.at, text: last.text } : null
}

/** The time a printed report carries: when it was sent, else its last change. */
export function printedTime(report: Pick<Report, 'sent_at' | 'updated_at'>): string {
  return report.sent_at ?? report.updated_at
}

// ---------------------------------------------------------------- the send dialog

/**
 * What the send dialog says (locale keys), in the user's terms: sending one's own report
 * (上报, which starts the next 续报's clock), passing on a received one (转报: nothing new is
 * made), approving and sending at once, or forwarding (批转).
 */
export function sendDialogText(o: { mode: 'up' | 'forward'; relay?: boolean; approve?: boolean }): {
  title: string
  text: string
  textNamed: string
  hint: string
} {
  if (o.mode === 'forward') {
    return { title: 'reports.actions.forward', text: 'reports.send.forwardText', textNamed: 'reports.send.forwardText', hint: '' }
  }
  if (o.relay) {
    return { title: 'reports.actions.relay', text: 'reports.send.relayTo', textNamed: 'reports.send.relayToNamed', hint: 'reports.send.relayHint' }
  }
  return {
    title: o.approve ? 'reports.actions.approveAndSend' : 'reports.actions.send',
    text: 'reports.send.toParent',
    textNamed: 'reports.send.toParentNamed',
    hint: 'reports.send.upHint',
  }
}
