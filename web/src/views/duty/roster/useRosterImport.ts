import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { importShifts, type RosterImportResult, type ShiftDef } from '@/api/duty'
import { localizeError } from '@/api/errors'
import { decodeText } from '@/utils/text'
import { fileKind, parseCsv, type Cell } from '@/views/resources/import/sheet'
import { lineOf, parseRoster, type ParsedRoster, type RosterField } from './rosterImport'

export const MAX_ROSTER_BYTES = 5 * 1024 * 1024

export type ChooseProblem = 'tooLarge' | 'unsupported' | 'empty' | 'readFailed' | null

export interface ReportLine {
  line: number
  field: RosterField | string
  message: string
}

/**
 * 导入排班: read a CSV or XLSX in the browser, check it here, let the server check it (dry
 * run), then apply it, all or nothing. Every problem names the sheet line.
 */
export function useRosterImport(orgId: Ref<string | null>, defs: Ref<readonly ShiftDef[]>) {
  const file = shallowRef<{ name: string; size: number } | null>(null)
  const table = shallowRef<Cell[][] | null>(null)
  const result = shallowRef<RosterImportResult | null>(null)
  const resultKind = ref<'dry' | 'applied' | null>(null)
  const running = ref<'read' | 'dry' | 'apply' | null>(null)
  const failure = ref('')

  const parsed = computed<ParsedRoster | null>(() => (table.value ? parseRoster(table.value, defs.value) : null))
  const serverErrors = computed<ReportLine[]>(() =>
    (result.value?.errors ?? []).map((e) => ({ line: parsed.value ? lineOf(parsed.value.lines, e.row) : e.row, field: e.field, message: e.message })),
  )
  const step = computed(() => (resultKind.value === 'applied' ? 3 : resultKind.value === 'dry' ? 2 : parsed.value ? 1 : 0))
  const canCheck = computed(() => !!parsed.value && parsed.value.rows.length > 0 && parsed.value.errors.length === 0 && running.value === null)
  const canApply = computed(
    () => resultKind.value === 'dry' && !!result.value && result.value.errors.length === 0 && result.value.applied > 0 && running.value === null,
  )

  // Another organisation or other shifts change what the sheet means: check again.
  watch([orgId, defs], () => {
    if (resultKind.value === 'dry') {
      result.value = null
      resultKind.value = null
    }
  })

  async function choose(raw: File): Promise<ChooseProblem> {
    if (raw.size > MAX_ROSTER_BYTES) return 'tooLarge'
    running.value = 'read'
    try {
      const buffer = await raw.arrayBuffer()
      const type = fileKind(raw.name, new Uint8Array(buffer.slice(0, 4)))
      if (!type) return 'unsupported'
      const rows = type === 'csv' ? parseCsv(decodeText(buffer)) : await (await import('@/views/resources/import/xlsx')).readFirstSheet(buffer)
      const next = parseRoster(rows, defs.value)
      if (next.rows.length === 0) return 'empty'
      file.value = { name: raw.name, size: raw.size }
      table.value = rows
      result.value = null
      resultKind.value = null
      failure.value = ''
      return null
    } catch {
      return 'readFailed'
    } finally {
      running.value = null
    }
  }

  async function run(dryRun: boolean): Promise<boolean> {
    const org = orgId.value
    const p = parsed.value
    if (!org || !p || running.value) return false
    running.value = dryRun ? 'dry' : 'apply'
    failure.value = ''
    try {
      result.value = await importShifts(org, p.rows, dryRun)
      resultKind.value = dryRun ? 'dry' : result.value.errors.length === 0 ? 'applied' : 'dry'
      return result.value.errors.length === 0
    } catch (error) {
      failure.value = localizeError(error)
      return false
    } finally {
      running.value = null
    }
  }

  function clear() {
    file.value = null
    table.value = null
    result.value = null
    resultKind.value = null
    failure.value = ''
  }

  return { file, parsed, result, resultKind, serverErrors, step, canCheck, canApply, running, failure, choose, run, clear }
}
