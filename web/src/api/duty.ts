/**
 * Duty (值班): shift settings and rosters per organisation, who is on duty now, the duty
 * log, and handovers between officers (`/api/v1/duty/...`).
 */
import { http, isApiError } from './http'
import type { Paged } from './reference'
import type { Incident, Report } from './incidents'
import type { Fax } from './faxes'

/** One shift of an organisation's day (`day` 08:00–20:00, `night` 20:00–08:00). */
export interface ShiftDef {
  code: string
  name: string
  /** `HH:MM` in Asia/Shanghai; an end not after the start ends on the next day. */
  start: string
  end: string
}

export interface DutySettings {
  org_id: string
  shifts: ShiftDef[]
  version: number
}

export interface Person {
  id: string
  name: string
  phone: string
}

/** One shift of one day on the roster. */
export interface DutyShift {
  id: string
  org_id: string
  /** `2026-11-30`: the day the shift starts. */
  date: string
  shift: string
  shift_name: string
  starts_at: string
  ends_at: string
  leader: Person | null
  officers: Person[]
  note: string
  version: number
}

export interface ShiftInput {
  org_id: string
  date: string
  shift: string
  leader_id: string | null
  officer_ids: string[]
  note: string
  /** Omitted for a new shift. */
  version?: number
}

/** A roster row as imported: leader and officers by phone or name (officers comma-separated). */
export interface RosterImportRow {
  date: string
  shift: string
  leader: string
  officers: string
}

export interface ImportError {
  /** 1-based position in the rows sent. */
  row: number
  field: string
  message: string
}

export interface RosterImportResult {
  applied: number
  errors: ImportError[]
}

/** Who is on duty now at one organisation. */
export interface OnDuty {
  org_id: string
  org_name: string
  region: string
  shift: string
  shift_name: string
  starts_at: string
  ends_at: string
  leader: Person | null
  officers: Person[]
}

export const LOG_KINDS = ['call', 'action', 'note'] as const
export type LogKind = (typeof LOG_KINDS)[number]

/** The author of a log entry (a name, or the user). */
export type Author = string | { id: string; name: string } | null

export interface LogEntry {
  id: string
  org_id: string
  at: string
  kind: LogKind
  text: string
  incident_id: string | null
  author: Author
  shift_id: string | null
}

export interface LogInput {
  kind: LogKind
  text: string
  at?: string
  incident_id?: string
}

export interface LogQuery {
  org?: string | undefined
  from?: string | undefined
  to?: string | undefined
  limit?: number
  offset?: number
}

export interface HandoverPreview {
  open_incidents: Incident[]
  pending_reports: Report[]
  unsigned_faxes: Fax[]
}

export interface UserRef {
  id: string
  name: string
}

/** What was open at the handover, as the server kept it: counts and titles. */
export type HandoverSnapshot = Record<string, unknown>

export interface Handover {
  id: string
  org_id: string
  from: UserRef
  to: UserRef
  notes: string
  snapshot: HandoverSnapshot
  created_at: string
  accepted_at: string | null
}

const BASE = '/api/v1/duty'
const enc = encodeURIComponent

type Options = { signal?: AbortSignal; silent?: boolean }

/** Query values the server reads: empty strings, null and undefined left out. */
function clean(query: object): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    out[key] = value as string | number | boolean
  }
  return out
}

export function getDutySettings(org: string, options: Options = {}): Promise<DutySettings> {
  return http.get<DutySettings>(`${BASE}/settings`, { query: { org }, ...options })
}

export function saveDutySettings(settings: DutySettings): Promise<DutySettings> {
  return http.put<DutySettings>(`${BASE}/settings`, settings, { silent: true })
}

/** The roster of `org` for `month` (`2026-11`). */
export async function listShifts(org: string, month: string, options: Options = {}): Promise<DutyShift[]> {
  return (await http.get<{ items: DutyShift[] }>(`${BASE}/shifts`, { query: { org, month }, ...options })).items
}

/** Creates (no version) or changes (with the version read) one shift. */
export function saveShift(input: ShiftInput): Promise<DutyShift> {
  const body: ShiftInput = {
    org_id: input.org_id,
    date: input.date,
    shift: input.shift,
    leader_id: input.leader_id || null,
    officer_ids: [...input.officer_ids],
    note: input.note,
  }
  if (input.version !== undefined) body.version = input.version
  return http.put<DutyShift>(`${BASE}/shifts`, body, { silent: true })
}

export function deleteShift(id: string): Promise<unknown> {
  return http.delete(`${BASE}/shifts/${enc(id)}`, { silent: true })
}

function isImportResult(value: unknown): value is RosterImportResult {
  return !!value && typeof value === 'object' && Array.isArray((value as RosterImportResult).errors)
}

/**
 * Checks (`dryRun`) or applies a roster sheet; all or nothing. Rows the server refuses come
 * back as the result's `errors` (the server answers them with 422 and the same body).
 */
export async function importShifts(org: string, rows: RosterImportRow[], dryRun: boolean): Promise<RosterImportResult> {
  try {
    return await http.post<RosterImportResult>(`${BASE}/shifts/import`, { org_id: org, dry_run: dryRun, rows }, { silent: true })
  } catch (error) {
    if (isApiError(error) && isImportResult(error.body)) return { applied: error.body.applied ?? 0, errors: error.body.errors }
    throw error
  }
}

/** An organisation a duty room can send reports and faxes to. */
export interface Recipient {
  id: string
  name: string
  region: string
  region_name: string
  type: string
  /** `superior`: an emergency bureau above the caller; `jurisdiction`: inside the caller's. */
  relation: 'superior' | 'jurisdiction'
}

/** Whom a duty room can send to: the bureaus above it first, then its jurisdiction's organisations. */
export async function listRecipients(q?: string, options: Options & { limit?: number } = {}): Promise<Recipient[]> {
  const { limit = 50, ...rest } = options
  return (await http.get<{ items: Recipient[] }>(`${BASE}/recipients`, { query: clean({ q, limit }), ...rest })).items
}

/** The nearest bureau above (a county's city bureau, a city's province department), if any. */
export function nearestSuperior(recipients: Recipient[]): Recipient | null {
  const superiors = recipients.filter((r) => r.relation === 'superior')
  return superiors.reduce<Recipient | null>((best, r) => (best === null || r.region > best.region ? r : best), null)
}

/** Who is on duty now, per organisation in the jurisdiction (or `region`). */
export async function dutyNow(region?: string, options: Options = {}): Promise<OnDuty[]> {
  return (await http.get<{ items: OnDuty[] }>(`${BASE}/now`, { query: clean({ region }), ...options })).items
}

export function addLogEntry(input: LogInput): Promise<LogEntry> {
  return http.post<LogEntry>(`${BASE}/log`, clean(input), { silent: true })
}

/** The duty log, newest first. */
export function listLog(query: LogQuery = {}, options: Options = {}): Promise<Paged<LogEntry>> {
  return http.get<Paged<LogEntry>>(`${BASE}/log`, { query: clean(query), ...options })
}

/** What the outgoing officer hands over: open incidents, pending reports, unsigned faxes. */
export function handoverPreview(options: Options = {}): Promise<HandoverPreview> {
  return http.get<HandoverPreview>(`${BASE}/handover/preview`, options)
}

/** Hands over to `to_user_id` (signed by the caller, the outgoing officer). */
export function createHandover(body: { notes: string; to_user_id: string }): Promise<Handover> {
  return http.post<Handover>(`${BASE}/handovers`, body, { silent: true })
}

/** The incoming officer accepts (signs) the handover. */
export function acceptHandover(id: string): Promise<Handover> {
  return http.post<Handover>(`${BASE}/handovers/${enc(id)}/accept`, {}, { silent: true })
}

export function listHandovers(
  query: { org?: string | undefined; limit?: number; offset?: number } = {},
  options: Options = {},
): Promise<Paged<Handover>> {
  return http.get<Paged<Handover>>(`${BASE}/handovers`, { query: clean(query), ...options })
}

/** The name of a log entry's author, whichever shape the server sends. */
export function authorName(author: Author | undefined): string {
  if (!author) return ''
  return typeof author === 'string' ? author : author.name
}

export interface SnapshotPart {
  count: number
  titles: string[]
}

/**
 * One part of a handover snapshot (`open_incidents`, `pending_reports`, `unsigned_faxes`)
 * as a count and titles, read from a number, a list (of titles or of records with a
 * title) or `{count, titles}`.
 */
export function snapshotPart(snapshot: HandoverSnapshot | null | undefined, key: string): SnapshotPart {
  const value = snapshot?.[key]
  const titleOf = (item: unknown): string => {
    if (typeof item === 'string') return item
    if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>
      const text = o.title ?? o.incident_title ?? o.name
      return typeof text === 'string' ? text : ''
    }
    return ''
  }
  if (typeof value === 'number') return { count: value, titles: [] }
  if (Array.isArray(value)) return { count: value.length, titles: value.map(titleOf).filter(Boolean) }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>
    const titles = Array.isArray(o.titles)
      ? o.titles.map(titleOf).filter(Boolean)
      : Array.isArray(o.items)
        ? o.items.map(titleOf).filter(Boolean)
        : []
    const count = typeof o.count === 'number' ? o.count : titles.length
    return { count, titles }
  }
  return { count: 0, titles: [] }
}
