/**
 * E-fax (电子传真): documents sent from one organisation to several, with delivery, read
 * and signature (签收) per recipient (`/api/v1/faxes`).
 */
import { http } from './http'
import type { Paged } from './reference'
import type { FileRef } from './files'

export const URGENCIES = ['normal', 'urgent', 'extra_urgent'] as const
/** 平件 | 急件 | 特急 */
export type Urgency = (typeof URGENCIES)[number]

export interface FaxRecipient {
  org_id: string
  org_name: string
  delivered_at: string | null
  read_at: string | null
  signed_at: string | null
  signed_by: string | null
  reminded_at: string | null
}

export interface Fax {
  id: string
  title: string
  urgency: Urgency
  note: string
  file: FileRef
  from_org_id: string
  from_org_name: string
  sent_by: string
  sent_at: string
  recipients: FaxRecipient[]
  /** Archived on the caller's side. */
  archived: boolean
  /** 平件 / 急件 / 特急 as the server names it (the page uses its own words). */
  urgency_name?: string
  /** In the contract; the server does not send it (nothing about a fax is edited). */
  version?: number
}

export interface FaxInput {
  title: string
  urgency: Urgency
  note: string
  file_id: string
  /** Organisation ids. */
  to: string[]
}

export type FaxBox = 'sent' | 'received'

export interface FaxQuery {
  box: FaxBox
  q?: string | undefined
  archived?: boolean | undefined
  limit?: number
  offset?: number
}

const BASE = '/api/v1/faxes'
const enc = encodeURIComponent
type Options = { signal?: AbortSignal; silent?: boolean }

export function sendFax(input: FaxInput): Promise<Fax> {
  return http.post<Fax>(BASE, { ...input, to: [...input.to] }, { silent: true })
}

export function listFaxes(query: FaxQuery, options: Options = {}): Promise<Paged<Fax>> {
  const q: Record<string, string | number | boolean> = { box: query.box }
  if (query.q && query.q.trim()) q.q = query.q.trim()
  if (query.archived !== undefined) q.archived = query.archived
  if (query.limit !== undefined) q.limit = query.limit
  if (query.offset !== undefined) q.offset = query.offset
  return http.get<Paged<Fax>>(BASE, { query: q, ...options })
}

/** One fax; reading it marks it read for the caller's organisation. */
export function getFax(id: string, options: Options = {}): Promise<Fax> {
  return http.get<Fax>(`${BASE}/${enc(id)}`, options)
}

/** 签收 for the caller's organisation. */
export function signFax(id: string): Promise<Fax> {
  return http.post<Fax>(`${BASE}/${enc(id)}/sign`, {}, { silent: true })
}

export function archiveFax(id: string, archived: boolean): Promise<Fax> {
  return http.post<Fax>(`${BASE}/${enc(id)}/archive`, { archived }, { silent: true })
}

/** The caller's organisation's delivery of a fax (received box), if any. */
export function myDelivery(fax: Pick<Fax, 'recipients'>, orgId: string | null | undefined): FaxRecipient | null {
  if (!orgId) return null
  return fax.recipients.find((r) => r.org_id === orgId) ?? null
}

/** How many recipients have signed, of how many. */
export function signedCount(fax: Pick<Fax, 'recipients'>): { signed: number; total: number } {
  return { signed: fax.recipients.filter((r) => !!r.signed_at).length, total: fax.recipients.length }
}

/**
 * The fax's document as its sender and recipients may read it (the file route itself is for
 * the uploader's jurisdiction). `inline` shows it in the app's own frame.
 */
export function faxDocumentUrl(id: string, inline = false): string {
  return `/api/v1/faxes/${encodeURIComponent(id)}/document${inline ? '?inline=true' : ''}`
}
