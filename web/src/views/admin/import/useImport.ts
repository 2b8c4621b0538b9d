import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { localizeError } from '@/api/errors'
import { importFormat, importIdentity, type ImportFormat, type ImportReport } from '@/api/identityImport'
import { decodeText } from '@/utils/text'

export { decodeText }

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024

export interface ChosenFile {
  name: string
  size: number
  text: string
  format: ImportFormat
}

/** Rows of the report table: one per kind of record with created / updated / disabled. */
export function reportRows(report: ImportReport): { kind: 'organisations' | 'users'; created: number; updated: number; disabled: number }[] {
  return (['organisations', 'users'] as const).map((kind) => ({
    kind,
    created: report.created?.[kind] ?? 0,
    updated: report.updated?.[kind] ?? 0,
    disabled: report.disabled?.[kind] ?? 0,
  }))
}

/**
 * Identity import: choose a file, dry-run it, read the report, then apply the same file
 * with the same options. Changing the file or an option asks for a new dry run.
 */
export function useImport() {
  const file = shallowRef<ChosenFile | null>(null)
  const options = reactive({ partial: false, fullSync: false })
  const report = shallowRef<ImportReport | null>(null)
  /** What the report is of: a dry run or the real thing. */
  const reportKind = ref<'dry' | 'applied' | null>(null)
  const running = ref<'dry' | 'apply' | null>(null)
  const failure = ref('')

  // Anything that changes what would happen invalidates the dry run.
  watch([file, () => options.partial, () => options.fullSync], () => {
    report.value = null
    reportKind.value = null
    failure.value = ''
  })

  const canApply = computed(
    () => file.value !== null && reportKind.value === 'dry' && report.value !== null && running.value === null && wouldChange(report.value),
  )

  async function choose(raw: File): Promise<string | null> {
    if (raw.size > MAX_IMPORT_BYTES) return 'tooLarge'
    try {
      const text = decodeText(await raw.arrayBuffer())
      file.value = { name: raw.name, size: raw.size, text, format: importFormat(raw.name, text) }
      return null
    } catch {
      return 'readFailed'
    }
  }

  function clear() {
    file.value = null
  }

  async function run(dryRun: boolean): Promise<boolean> {
    const chosen = file.value
    if (!chosen || running.value) return false
    running.value = dryRun ? 'dry' : 'apply'
    failure.value = ''
    try {
      report.value = await importIdentity(chosen.text, chosen.format, { ...options, dryRun })
      reportKind.value = dryRun ? 'dry' : 'applied'
      return true
    } catch (error) {
      failure.value = localizeError(error)
      return false
    } finally {
      running.value = null
    }
  }

  return { file, options, report, reportKind, running, failure, canApply, choose, clear, dryRun: () => run(true), apply: () => run(false) }
}

/** Whether applying would change anything: some counts, and no blocking rejection. */
export function wouldChange(report: ImportReport): boolean {
  const rows = reportRows(report)
  return rows.some((r) => r.created + r.updated + r.disabled > 0)
}
