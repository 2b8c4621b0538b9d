import { computed, onScopeDispose, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import { isVersionConflict, localizeError } from '@/api/errors'
import { getReport, updateReport, type Report } from '@/api/incidents'
import { changedFields, mergeForms, reportActions, reportContent, reportForm, type ActionContext, type ReportForm } from './reportLogic'
import { REPORT_DRAFT_PREFIX } from '@/utils/drafts'

export type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error' | 'conflict' | 'locked'

/** Where unsaved report text waits in the browser until the server has it. */
export const REPORT_BACKUP_PREFIX = REPORT_DRAFT_PREFIX

export interface Backup {
  version: number
  at: number
  form: ReportForm
}

interface Store {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface ReportEditorDeps {
  get: (id: string) => Promise<Report>
  update: typeof updateReport
  /** Autosave waits this long after the last keystroke. */
  delayMs: number
  storage: Store | null
  now: () => number
}

function defaultStorage(): Store | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

const DEFAULTS: ReportEditorDeps = {
  get: (id) => getReport(id, { silent: true }),
  update: updateReport,
  delayMs: 1500,
  storage: defaultStorage(),
  now: () => Date.now(),
}

/**
 * The report editor's state and its talk with the server.
 *
 * - Every change is written to localStorage at once and PATCHed (with the version it was
 *   based on) after a short pause; what was typed meanwhile is saved next.
 * - A stale version (409) stops autosaving and sets `conflict`; `reloadLatest()` takes the
 *   latest report and puts the user's changes on top (`theirChanges` lists what the other
 *   person changed). The user's text is never replaced by a failure.
 * - When the report can no longer be edited (someone submitted it) the unsaved text stays
 *   on screen and in the browser (`locked`).
 */
export function useReportEditor(id: Ref<string>, context: () => ActionContext, overrides: Partial<ReportEditorDeps> = {}) {
  const deps: ReportEditorDeps = { ...DEFAULTS, ...overrides }
  const report = shallowRef<Report | null>(null)
  const form = reactive<ReportForm>(reportForm({} as Report['content']))
  const base = shallowRef<ReportForm>({ ...form })
  const state = ref<SaveState>('idle')
  const savedAt = ref<number | null>(null)
  const saveError = ref('')
  const loadError = shallowRef<unknown>(null)
  const theirChanges = ref<(keyof ReportForm)[]>([])
  /** A newer local copy than the server's, from an earlier visit, waiting for the user's word. */
  const pendingBackup = shallowRef<Backup | null>(null)

  const actions = computed(() => (report.value ? reportActions(report.value, context()) : null))
  const editable = computed(() => actions.value?.edit ?? false)
  const dirty = computed(() => changedFields(base.value, form).length > 0)

  const key = () => REPORT_BACKUP_PREFIX + id.value
  function writeBackup(): void {
    if (!deps.storage || !report.value) return
    try {
      deps.storage.setItem(key(), JSON.stringify({ version: report.value.version, at: deps.now(), form: { ...form } } satisfies Backup))
    } catch {
      // storage full or disabled
    }
  }
  function dropBackup(): void {
    try {
      deps.storage?.removeItem(key())
    } catch {
      // nothing to do
    }
  }
  function readBackup(): Backup | null {
    try {
      const raw = deps.storage?.getItem(key())
      if (!raw) return null
      const parsed = JSON.parse(raw) as Backup
      return parsed && typeof parsed === 'object' && parsed.form && typeof parsed.version === 'number' ? parsed : null
    } catch {
      return null
    }
  }

  let applying = false
  function setForm(next: ReportForm): void {
    applying = true
    Object.assign(form, next)
    applying = false
  }

  let timer: ReturnType<typeof setTimeout> | null = null
  function cancelTimer(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }
  function schedule(): void {
    cancelTimer()
    timer = setTimeout(() => {
      timer = null
      void save()
    }, deps.delayMs)
  }

  watch(
    form,
    () => {
      if (applying || !report.value) return
      if (!dirty.value) {
        if (state.value === 'dirty') state.value = 'saved'
        cancelTimer()
        dropBackup()
        return
      }
      writeBackup()
      if (!editable.value) {
        state.value = 'locked'
        return
      }
      if (state.value === 'conflict') return
      if (state.value !== 'saving') state.value = 'dirty'
      schedule()
    },
    { deep: true },
  )

  /** Takes a report from the server; the form follows unless the user has unsaved text. */
  function take(next: Report, options: { keepForm?: boolean } = {}): void {
    report.value = next
    const server = reportForm(next.content)
    if (!options.keepForm) {
      base.value = server
      setForm(server)
    }
  }

  let generation = 0
  async function load(): Promise<void> {
    const mine = ++generation
    try {
      const next = await deps.get(id.value)
      if (mine !== generation) return
      loadError.value = null
      take(next)
      state.value = 'idle'
      theirChanges.value = []
      const backup = readBackup()
      if (backup && changedFields(base.value, backup.form).length > 0) {
        if (backup.version === next.version && editable.value) restoreBackup(backup)
        else pendingBackup.value = backup
      } else if (backup) {
        dropBackup()
      }
    } catch (error) {
      if (mine === generation) loadError.value = error
    }
  }

  /** Puts the local copy back into the form (it saves from there as usual). */
  function restoreBackup(backup: Backup | null = pendingBackup.value): void {
    if (!backup) return
    pendingBackup.value = null
    Object.assign(form, backup.form)
  }

  function discardBackup(): void {
    pendingBackup.value = null
    dropBackup()
  }

  let inflight: Promise<boolean> | null = null

  /** Saves now if there is anything to save; true when the server has the text on screen. */
  function save(): Promise<boolean> {
    cancelTimer()
    if (inflight) return inflight.then(() => save())
    const current = report.value
    if (!current || !dirty.value) return Promise.resolve(true)
    if (!editable.value) {
      state.value = 'locked'
      return Promise.resolve(false)
    }
    if (state.value === 'conflict') return Promise.resolve(false)
    const snapshot: ReportForm = { ...form }
    state.value = 'saving'
    saveError.value = ''
    inflight = (async () => {
      try {
        const next = await deps.update(current.id, { content: reportContent(snapshot), version: current.version })
        report.value = next
        base.value = snapshot
        savedAt.value = deps.now()
        if (dirty.value) {
          state.value = 'dirty'
          writeBackup()
          schedule()
        } else {
          state.value = 'saved'
          dropBackup()
        }
        return true
      } catch (error) {
        if (isVersionConflict(error)) {
          state.value = 'conflict'
        } else {
          state.value = 'error'
          saveError.value = localizeError(error)
        }
        return false
      } finally {
        inflight = null
      }
    })()
    return inflight
  }

  /** After a conflict: the latest version with the user's changes on top, then saving goes on. */
  async function reloadLatest(): Promise<void> {
    const latest = await deps.get(id.value)
    const merged = mergeForms(base.value, { ...form }, reportForm(latest.content))
    report.value = latest
    base.value = reportForm(latest.content)
    theirChanges.value = merged.theirChanges
    state.value = 'idle'
    setForm(merged.form)
    if (!dirty.value) {
      state.value = 'saved'
      dropBackup()
    } else if (editable.value) {
      state.value = 'dirty'
      writeBackup()
      schedule()
    } else {
      state.value = 'locked'
      writeBackup()
    }
  }

  /**
   * Someone changed the report (realtime): without unsaved text, take the latest; with it,
   * keep the text and say the report changed (or can no longer be edited) before saving.
   */
  async function refresh(): Promise<void> {
    if (inflight) await inflight
    try {
      const latest = await deps.get(id.value)
      const current = report.value
      if (!current) return
      // Without unsaved text the latest simply replaces what is shown (a signature may not
      // change the version, so do not compare it).
      if (!dirty.value) {
        take(latest)
        return
      }
      // Our own save comes back as an event too: nothing new then.
      if (latest.version === current.version) return
      cancelTimer()
      if (!reportActions(latest, context()).edit) {
        report.value = latest
        state.value = 'locked'
        writeBackup()
      } else {
        state.value = 'conflict'
      }
    } catch {
      // the next save or reload will tell
    }
  }

  /** Replaces the report after a workflow step answered with it. */
  function replace(next: Report): void {
    take(next, { keepForm: dirty.value })
    if (!dirty.value) dropBackup()
  }

  onScopeDispose(() => {
    cancelTimer()
    if (dirty.value) writeBackup()
  })

  watch(id, () => void load(), { immediate: true })

  return {
    report,
    form,
    base,
    state,
    savedAt,
    saveError,
    loadError,
    theirChanges,
    pendingBackup,
    actions,
    editable,
    dirty,
    load,
    save,
    reloadLatest,
    refresh,
    replace,
    restoreBackup,
    discardBackup,
  }
}
