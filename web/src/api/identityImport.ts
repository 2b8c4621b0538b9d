import { http } from './http'

export interface ImportCounts {
  organisations: number
  users: number
}

export interface ImportRejection {
  /** CSV line (the header is line 1) or position in the JSON list of its kind. */
  row: number
  kind?: 'organisation' | 'user' | string
  field?: string | null
  reason: string
}

export interface ImportReport {
  applied: boolean
  created: ImportCounts
  updated: ImportCounts
  disabled: ImportCounts
  rejected: ImportRejection[]
}

export interface ImportOptions {
  partial: boolean
  fullSync: boolean
  dryRun: boolean
}

export type ImportFormat = 'csv' | 'json'

/** The CSV columns the server reads (one row per organisation or person, `kind` says which). */
export const CSV_COLUMNS = [
  'kind',
  'external_id',
  'name',
  'type',
  'region',
  'parent_external_id',
  'contact_phone',
  'duty_phone',
  'phone',
  'org_external_id',
  'status',
  'roles',
] as const

/** A template to fill in: the header and one example of each kind. */
export const CSV_TEMPLATE_ROWS: readonly (readonly string[])[] = [
  ['organisation', 'ORG-0001', '太原市水务局', 'member_unit', '140100', '', '0351-4040123', '0351-4040124', '', '', '', ''],
  ['user', 'U-0001', '张三', '', '', '', '', '', '13800000000', 'ORG-0001', 'active', 'duty_officer viewer'],
]

/** The format of an import file, by name then by its first character. */
export function importFormat(fileName: string, text: string): ImportFormat {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.json')) return 'json'
  if (lower.endsWith('.csv')) return 'csv'
  return /^\s*[[{]/.test(text) ? 'json' : 'csv'
}

/** `POST /api/v1/identity/import`: CSV or JSON, dry run or apply. */
export function importIdentity(text: string, format: ImportFormat, options: ImportOptions): Promise<ImportReport> {
  return http.post<ImportReport>('/api/v1/identity/import', undefined, {
    query: { partial: options.partial, full_sync: options.fullSync, dry_run: options.dryRun },
    content: { data: text, type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json' },
    silent: true,
  })
}
