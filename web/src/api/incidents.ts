/**
 * Incidents and their reports (信息接报与报送): incident types, incidents, the 首报 / 续报 /
 * 终报 / 补报 reports and their workflow, in-app notifications and file uploads.
 * Money is in yuan here, as the server counts it; the forms show 万元.
 */
import { http } from './http'
import type { FileRef, UploadedFile } from './files'
import type { Paged } from './reference'

// ---------------------------------------------------------------- incident types

export type IncidentCategory = 'natural' | 'accident' | 'health' | 'social'
export type GradingKind = 'accident' | 'forest_fire' | 'grassland_fire' | 'forest_fire+grassland_fire' | 'geological' | 'earthquake' | 'none'

/** Circumstances of a forest or grassland fire that call for a report at once (森林防火条例 art. 32). */
export const FIRE_CONDITIONS = ['border', 'settlements', 'burning_24h', 'primeval_forest', 'provincial_boundary', 'national_support'] as const
export type FireCondition = (typeof FIRE_CONDITIONS)[number]

/** The optional inputs a type's grading reads beyond the casualty columns. */
export const GRADING_INPUTS = [
  'forest_area_ha',
  'grassland_area_ha',
  'magnitude',
  'dense_population',
  'people_to_relocate',
  'potential_loss_yuan',
] as const
export type GradingInput = (typeof GRADING_INPUTS)[number]

export type LevelFamily = 'general' | 'geological'

export interface IncidentType {
  code: string
  name: string
  name_en?: string
  /** '' for the four top-level categories (N, A, H, S). */
  parent: string
  category: IncidentCategory
  grading: GradingKind
  inputs: string[]
}

// ---------------------------------------------------------------- incidents

export const LEVELS = ['I', 'II', 'III', 'IV'] as const
export type Level = (typeof LEVELS)[number]

export const INCIDENT_STATUSES = ['received', 'responding', 'closed', 'merged'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

/** An attached file as the incident lists it. */
export type Attachment = FileRef

/** What a person enters about an incident (create and change). */
export interface IncidentInput {
  title: string
  type: string
  occurred_at: string
  region: string
  lon: number | null
  lat: number | null
  address: string
  deaths: number
  missing: number
  injured: number
  seriously_injured: number
  trapped: number
  direct_loss_yuan: number
  forest_area_ha: number | null
  grassland_area_ha: number | null
  magnitude: number | null
  dense_population: boolean | null
  people_to_relocate: number | null
  potential_loss_yuan: number | null
  /** Forest and grassland fires only: circumstances that call for a report at once. */
  fire_conditions?: FireCondition[] | null
  description: string
  drill: boolean
  reporting_unit: string
  reporter_name: string
  reporter_phone: string
  /** File ids (from `uploadFile`). */
  attachments: string[]
}

/** One column of a grading table that reached the level. */
export interface LevelReached {
  field: string
  /** The column as the table names it (zh-CN). */
  label: string
  /** As the table writes it: 人, 元, 公顷, 级. */
  unit: string
  value: number
  bound: number
}

export interface LevelBasis {
  level: Level
  table_id: string
  /** "" when the type has no table in force (IV until the duty leader judges). */
  table_name: string
  /** Empty: IV because no column reached III. */
  reached: LevelReached[]
}

export interface Incident extends Omit<IncidentInput, 'attachments'> {
  id: string
  type_name: string
  category: IncidentCategory
  received_at: string
  region_name: string
  attachments: Attachment[]
  level: Level
  level_name: string
  /** geological: levels named 特大型 … 小型; general: 特别重大 … 一般. */
  level_family?: LevelFamily
  /** Why this fire must be reported at once (森林防火条例 art. 32); empty otherwise. */
  report_at_once?: string[]
  level_reason: string
  /**
   * The rule behind a level the rules set, in parts for the page to word in its language
   * (GET /api/v1/incidents/{id} only); null for a level set by hand.
   */
  level_basis?: LevelBasis | null
  level_source: 'rules' | 'override'
  status: IncidentStatus
  merged_into: string | null
  /** The monitoring alarm it was made from (转事件); null for other intakes. */
  source_alarm_id?: string | null
  org_id: string
  org_name: string
  created_by: string
  created_at: string
  updated_at: string
  version: number
  /** Due time of the earliest unsent report of the owning organisation. */
  next_due_at: string | null
  overdue: boolean
}

export interface LevelChange {
  level: Level
  reason: string
  source: 'rules' | 'override'
  at: string
  by: string
}

export interface Intake {
  at: string
  by: string
  reporting_unit: string
  reporter_name: string
  reporter_phone: string
  description: string
  from_incident: string | null
}

export interface IncidentDetail extends Incident {
  levels: LevelChange[]
  intakes: Intake[]
}

export interface IncidentQuery {
  region?: string | undefined
  status?: IncidentStatus | '' | undefined
  level?: Level | '' | undefined
  type?: string | undefined
  drill?: boolean | null | undefined
  q?: string | undefined
  from?: string | undefined
  to?: string | undefined
  limit?: number
  offset?: number
}

export const TIMELINE_ACTIONS = [
  'incident.create',
  'incident.update',
  'incident.level',
  'incident.status',
  'incident.merge',
  'incident.escalate',
  'report.create',
  'report.update',
  'report.submit',
  'report.approve',
  'report.return',
  'report.send',
  'report.sign',
  'report.forward',
  'report.withdraw',
  'report.correct',
] as const

export interface TimelineEntry {
  at: string
  actor: string
  org_name: string
  action: string
  detail: string
}

// ---------------------------------------------------------------- reports

export const REPORT_KINDS = ['first', 'update', 'final', 'supplement', 'phone'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

export const REPORT_STATUSES = ['draft', 'pending', 'returned', 'approved', 'sent'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]

export const REPORT_BOXES = ['drafts', 'approval', 'outbox', 'inbox', 'overdue', 'due_soon'] as const
export type ReportBox = (typeof REPORT_BOXES)[number]

/** The report's text (条例 art. 12), prefilled by the server. */
export interface ReportContent {
  unit: string
  occurred_at: string
  place: string
  summary: string
  deaths: number
  missing: number
  injured: number
  seriously_injured: number
  trapped: number
  direct_loss_yuan: number
  measures: string
  other: string
  reporter_name: string
  reporter_phone: string
}

export interface ReportComment {
  at: string
  by: string
  action: 'return' | 'approve'
  text: string
}

export interface Delivery {
  org_id: string
  org_name: string
  kind: 'up' | 'forward'
  sent_at: string
  sent_by: string
  signed_at: string | null
  signed_by: string | null
  relay_due_at: string | null
  relayed_at: string | null
  /** 越级上报: sent up past the sender's direct superior. */
  skip_level?: boolean
}

/** The text fields an approver may correct on a report awaiting approval. */
export type CorrectableField = 'unit' | 'occurred_at' | 'place' | 'summary' | 'measures' | 'other' | 'reporter_name' | 'reporter_phone'

/** One correction the approver made instead of returning the report. */
export interface ReportCorrection {
  at: string
  by: string
  field: CorrectableField
  old: string
  new: string
}

export interface Report {
  id: string
  incident_id: string
  incident_title: string
  incident_level: Level
  incident_level_name?: string
  incident_level_family?: LevelFamily
  drill: boolean
  kind: ReportKind
  /** 首报 / 续报 / 终报 / 补报 as the server names it. */
  kind_name?: string
  seq: number
  org_id: string
  org_name: string
  status: ReportStatus
  content: ReportContent
  due_at: string | null
  overdue: boolean
  sent_at: string | null
  comments: ReportComment[]
  deliveries: Delivery[]
  corrections?: ReportCorrection[]
  submitted_at?: string | null
  created_by: string
  created_at: string
  updated_at: string
  version: number
}

export interface ReportQuery {
  box: ReportBox
  region?: string | undefined
  limit?: number
  offset?: number
}

export type ExportFormat = 'docx' | 'json'

// ---------------------------------------------------------------- notifications, files

export interface AppNotification {
  id: string
  kind: string
  title: string
  body: string
  link: string
  created_at: string
  read_at: string | null
}

export interface NotificationPage extends Paged<AppNotification> {
  unread: number
}

/** A stored file (upload answer). */
export type StoredFile = UploadedFile

// ---------------------------------------------------------------- requests

const V1 = '/api/v1'
const enc = encodeURIComponent
const incidentPath = (id: string) => `${V1}/incidents/${enc(id)}`
const reportPath = (id: string) => `${V1}/reports/${enc(id)}`

/** Query values the server reads: empty strings and null left out, booleans as true/false. */
export function cleanQuery(query: object): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    out[key] = value as string | number | boolean
  }
  return out
}

type Silent = { silent?: boolean; signal?: AbortSignal }

export async function listIncidentTypes(): Promise<IncidentType[]> {
  return (await http.get<{ items: IncidentType[] }>(`${V1}/incident-types`)).items
}

export function listIncidents(query: IncidentQuery = {}, options: Silent = {}): Promise<Paged<Incident>> {
  return http.get<Paged<Incident>>(`${V1}/incidents`, { query: cleanQuery(query), ...options })
}

export function getIncident(id: string, options: Silent = {}): Promise<IncidentDetail> {
  return http.get<IncidentDetail>(incidentPath(id), options)
}

/** Creates the incident and its 首报 draft. */
export function createIncident(input: IncidentInput): Promise<Incident> {
  return http.post<Incident>(`${V1}/incidents`, input, { silent: true })
}

export function updateIncident(id: string, patch: Partial<IncidentInput> & { version: number }): Promise<Incident> {
  return http.patch<Incident>(incidentPath(id), patch, { silent: true })
}

/** A leader sets the level by hand (incidents.approve); the reason is required. */
export function setIncidentLevel(id: string, body: { level: Level; reason: string; version: number }): Promise<Incident> {
  return http.post<Incident>(`${incidentPath(id)}/level`, body, { silent: true })
}

/** 处置中 / 结束 / 重新打开 (`received`). */
export function setIncidentStatus(
  id: string,
  body: { status: 'responding' | 'closed' | 'received'; note: string; version: number },
): Promise<Incident> {
  return http.post<Incident>(`${incidentPath(id)}/status`, body, { silent: true })
}

/** Merges this incident into `into`; answers the surviving incident. */
export function mergeIncident(id: string, body: { into: string; version: number }): Promise<Incident> {
  return http.post<Incident>(`${incidentPath(id)}/merge`, body, { silent: true })
}

export async function incidentTimeline(id: string, options: Silent = {}): Promise<TimelineEntry[]> {
  return (await http.get<{ items: TimelineEntry[] }>(`${incidentPath(id)}/timeline`, options)).items
}

export async function listIncidentReports(id: string, options: Silent = {}): Promise<Report[]> {
  return (await http.get<{ items: Report[] }>(`${incidentPath(id)}/reports`, options)).items
}

/** A new draft of `kind`, prefilled from the incident and the previous report. */
export function createReport(incidentId: string, kind: ReportKind): Promise<Report> {
  return http.post<Report>(`${incidentPath(incidentId)}/reports`, { kind }, { silent: true })
}

export function getReport(id: string, options: Silent = {}): Promise<Report> {
  return http.get<Report>(reportPath(id), options)
}

/** Changes a draft or returned report. */
export function updateReport(id: string, body: { kind?: ReportKind; content: Partial<ReportContent>; version: number }): Promise<Report> {
  return http.patch<Report>(reportPath(id), body, { silent: true })
}

export function submitReport(id: string, version: number): Promise<Report> {
  return http.post<Report>(`${reportPath(id)}/submit`, { version }, { silent: true })
}

export function approveReport(id: string, version: number, comment: string): Promise<Report> {
  return http.post<Report>(`${reportPath(id)}/approve`, { version, comment }, { silent: true })
}

/** 批准并上报: approves and sends up in one request (both or neither). `to` empty: the parent. */
export function approveAndSendReport(id: string, body: { version: number; comment: string; to?: string[] }): Promise<Report> {
  const payload: { version: number; comment: string; to?: string[] } = { version: body.version, comment: body.comment }
  if (body.to && body.to.length > 0) payload.to = [...body.to]
  return http.post<Report>(`${reportPath(id)}/approve-and-send`, payload, { silent: true })
}

/** 撤回: the drafting duty room takes a submitted report back to a draft before approval. */
export function withdrawReport(id: string, version: number): Promise<Report> {
  return http.post<Report>(`${reportPath(id)}/withdraw`, { version }, { silent: true })
}

/** The approver corrects text fields of a report awaiting approval; each change is recorded. */
export function correctReport(id: string, version: number, content: Partial<Record<CorrectableField, string>>): Promise<Report> {
  return http.post<Report>(`${reportPath(id)}/correct`, { version, content }, { silent: true })
}

/** Sends the report back to its author; the comment is required. */
export function returnReport(id: string, version: number, comment: string): Promise<Report> {
  return http.post<Report>(`${reportPath(id)}/return`, { version, comment }, { silent: true })
}

/**
 * 上报 (`up`, to the parent organisation when `to` is empty) or 批转 (`forward`, to the
 * organisations in `to`).
 */
export function sendReport(id: string, body: { version: number; kind: 'up' | 'forward'; to?: string[] }): Promise<Report> {
  const payload: { version: number; kind: 'up' | 'forward'; to?: string[] } = { version: body.version, kind: body.kind }
  if (body.to && body.to.length > 0) payload.to = [...body.to]
  return http.post<Report>(`${reportPath(id)}/send`, payload, { silent: true })
}

/** 签收: signs the caller's organisation's delivery. */
export function signReport(id: string): Promise<Report> {
  return http.post<Report>(`${reportPath(id)}/sign`, {}, { silent: true })
}

export function listReports(query: ReportQuery, options: Silent = {}): Promise<Paged<Report>> {
  return http.get<Paged<Report>>(`${V1}/reports`, { query: cleanQuery(query), ...options })
}

/** Where the browser downloads the report (DOCX in the 值班信息 layout, or JSON). */
export function reportExportUrl(id: string, format: ExportFormat): string {
  return `${reportPath(id)}/export?format=${format}`
}

export function listNotifications(
  query: { unread?: boolean; limit?: number; offset?: number } = {},
  options: Silent = {},
): Promise<NotificationPage> {
  return http.get<NotificationPage>(`${V1}/notifications`, { query: cleanQuery({ ...query, unread: query.unread || undefined }), ...options })
}

export function readNotification(id: string): Promise<unknown> {
  return http.post(`${V1}/notifications/${enc(id)}/read`, undefined, { silent: true })
}

export function readAllNotifications(): Promise<unknown> {
  return http.post(`${V1}/notifications/read-all`, undefined, { silent: true })
}

/** Where the browser opens an attachment of an incident (readable wherever the incident is). */
export function incidentAttachmentUrl(incidentId: string, fileId: string): string {
  return `${incidentPath(incidentId)}/attachments/${enc(fileId)}`
}

/** Files: the upload (`POST /api/v1/files?name=…`, raw bytes) and the download URL live in `./files`. */
export { uploadFile, fileUrl, fileProblem, formatBytes, DOCUMENT_ACCEPT, MAX_FILE_BYTES } from './files'

/** An organisation's name (for the organisations chosen to forward to), silently. */
export async function organisationName(id: string): Promise<string | null> {
  try {
    return (await http.get<{ name: string }>(`${V1}/organisations/${enc(id)}`, { silent: true })).name
  } catch {
    return null
  }
}
