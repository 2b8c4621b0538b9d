import { computed, ref, shallowRef, watch } from 'vue'
import { importStep } from '@/composables/useImportSteps'
import { localizeError } from '@/api/errors'
import { t } from '@/locales'
import { importResources, type ImportReport, type ResourceKind } from '@/api/resources'
import { useReferenceStore } from '@/stores/reference'
import { useResourceKindsStore } from '@/stores/resourceKinds'
import { decodeText } from '@/utils/text'
import { formSpecs, mapHeaders, templateColumns } from '../schema'
import { translateReason } from '../serverReasons'
import { buildRows, fileKind, parseCsv, sheetLine, toSheet, type FileKind, type Sheet } from './sheet'

export const MAX_FILE_BYTES = 10 * 1024 * 1024
/** The server reads an import body up to storage.max_file_mb (20 MB by default); stay well below. */
export const MAX_BODY_BYTES = 7.5 * 1024 * 1024
export const PREVIEW_ROWS = 10

export interface ChosenFile {
  name: string
  size: number
  kind: FileKind
}

export interface ReportRow {
  /** The sheet line (header = 1). */
  line: number
  field: string
  reason: string
}

export type ChooseProblem = 'tooLarge' | 'unsupported' | 'readFailed' | 'empty' | null

/**
 * The import wizard: choose a kind and a file (CSV, or XLSX read in the browser), check the
 * column mapping on a preview, dry-run (the server checks every row and changes nothing),
 * read the report, then apply — all or nothing unless partial is chosen.
 */
export function useResourceImport(initialKind: string) {
  const kinds = useResourceKindsStore()
  const reference = useReferenceStore()
  const kindKey = ref(initialKind)
  const file = shallowRef<ChosenFile | null>(null)
  const sheet = shallowRef<Sheet | null>(null)
  const mapping = ref<(string | null)[]>([])
  const partial = ref(false)
  const report = shallowRef<ImportReport | null>(null)
  const reportKind = ref<'dry' | 'applied' | null>(null)
  const running = ref<'read' | 'dry' | 'apply' | null>(null)
  const failure = ref('')
  /** The sheet lines of the rows last sent. */
  let sentLines: number[] = []

  const kind = computed<ResourceKind | undefined>(() => kinds.kind(kindKey.value))
  const columns = computed(() => (kind.value ? templateColumns(kind.value) : []))
  const built = computed(() => (kind.value && sheet.value ? buildRows(kind.value, sheet.value, mapping.value) : { rows: [], lines: [] }))
  const previewRows = computed(() => sheet.value?.rows.slice(0, PREVIEW_ROWS) ?? [])
  const mappedCount = computed(() => mapping.value.filter((k) => k !== null).length)
  const missingRequired = computed(() => {
    const k = kind.value
    if (!k) return []
    const mapped = new Set(mapping.value)
    // Rows with an id update, so only a sheet without 编号 must bring every required field.
    if (mapped.has('id')) return []
    return formSpecs(k, kinds.locale())
      .filter((s) => s.required && !mapped.has(s.key))
      .map((s) => s.label)
  })

  // A new kind maps the same sheet again; anything that changes what would be sent needs a new dry run.
  // (Also when the schema arrives after the file was read.)
  watch(kind, () => {
    if (kind.value && sheet.value) mapping.value = mapHeaders(kind.value, sheet.value.headers)
  })
  watch(
    [kindKey, sheet, mapping, partial],
    () => {
      report.value = null
      reportKind.value = null
      failure.value = ''
    },
    { deep: true },
  )

  const step = computed(() => importStep(reportKind.value, !!sheet.value))
  const wouldChange = computed(() => !!report.value && report.value.created + report.value.updated > 0)
  const blocked = computed(() => !!report.value && report.value.rejected.length > 0 && !partial.value)
  const canApply = computed(() => reportKind.value === 'dry' && wouldChange.value && !blocked.value && running.value === null)

  async function choose(raw: File): Promise<ChooseProblem> {
    if (raw.size > MAX_FILE_BYTES) return 'tooLarge'
    running.value = 'read'
    try {
      const buffer = await raw.arrayBuffer()
      const type = fileKind(raw.name, new Uint8Array(buffer.slice(0, 4)))
      if (!type) return 'unsupported'
      const table = type === 'csv' ? parseCsv(decodeText(buffer)) : await (await import('./xlsx')).readFirstSheet(buffer)
      const next = toSheet(table)
      if (next.headers.length === 0 || next.rows.length === 0) return 'empty'
      file.value = { name: raw.name, size: raw.size, kind: type }
      sheet.value = next
      mapping.value = kind.value ? mapHeaders(kind.value, next.headers) : next.headers.map(() => null)
      return null
    } catch {
      return 'readFailed'
    } finally {
      running.value = null
    }
  }

  function clear(): void {
    file.value = null
    sheet.value = null
    mapping.value = []
  }

  function setMapping(index: number, key: string | null): void {
    const next = [...mapping.value]
    // One column per field: taking a field away from another column.
    if (key !== null) for (let i = 0; i < next.length; i++) if (next[i] === key) next[i] = null
    next[index] = key
    mapping.value = next
  }

  async function run(dryRun: boolean): Promise<boolean> {
    const k = kind.value
    if (!k || !sheet.value || running.value) return false
    const { rows, lines } = built.value
    if (rows.length === 0) {
      failure.value = t('res.import.noRows')
      return false
    }
    if (new TextEncoder().encode(JSON.stringify({ rows })).length > MAX_BODY_BYTES) {
      failure.value = t('res.import.tooBig', { n: rows.length })
      return false
    }
    running.value = dryRun ? 'dry' : 'apply'
    failure.value = ''
    try {
      const answer = await importResources(k.key, rows, { dryRun, partial: partial.value })
      sentLines = lines
      report.value = answer
      reportKind.value = dryRun ? 'dry' : 'applied'
      return true
    } catch (error) {
      failure.value = localizeError(error)
      return false
    } finally {
      running.value = null
    }
  }

  /** The rows already there, by sheet line, with the stored record each names. */
  const existingRows = computed<{ line: number; id: string }[]>(() =>
    (report.value?.existing_rows ?? []).map((e) => ({ line: sheetLine(sentLines, e.row), id: e.id })),
  )

  /** The rejected rows in the user's language, with the sheet line and the field's label. */
  const rejectedRows = computed<ReportRow[]>(() => {
    const r = report.value
    const k = kind.value
    if (!r || !k) return []
    const specs = formSpecs(k, kinds.locale())
    const headers = sheet.value?.headers ?? []
    const label = (key: string) => {
      const spec = specs.find((s) => s.key === key)
      if (spec) return spec.label
      const column = mapping.value.indexOf(key)
      return column >= 0 ? (headers[column] ?? key) : key === 'id' ? '编号' : key
    }
    return r.rejected.map((rej) => ({
      line: sheetLine(sentLines, rej.row),
      field: rej.field ? label(rej.field) : '',
      reason: translateReason(rej.field, rej.reason, {
        label,
        regionName: (code) => reference.regionName(code),
        kindName: (key) => kinds.kindName(key),
      }),
    }))
  })

  return {
    kindKey,
    kind,
    file,
    sheet,
    mapping,
    partial,
    report,
    reportKind,
    running,
    failure,
    columns,
    built,
    previewRows,
    mappedCount,
    missingRequired,
    step,
    wouldChange,
    blocked,
    canApply,
    rejectedRows,
    existingRows,
    choose,
    clear,
    setMapping,
    dryRun: () => run(true),
    apply: () => run(false),
  }
}
