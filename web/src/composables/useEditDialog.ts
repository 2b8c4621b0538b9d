import { computed, nextTick, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { fieldLabel } from '@/api/errors'
import { formValid } from '@/utils/formRules'

/** What a dialog's form offers: Element Plus' form, or a fields component that wraps one. */
export interface CheckedForm {
  validate: () => Promise<boolean | undefined>
  clearValidate: () => void
}

export { formValid }

/** The part of a create/edit state (useEntityForm and the like) the dialog drives. */
export interface EditDialogState<T, F> {
  mode: Ref<'create' | 'edit'>
  save: (validate: () => Promise<boolean>) => Promise<T | null>
  openCreate: (initial?: Partial<F>) => void
  openEdit: (entity: T) => void
  saving: Ref<boolean>
  failure: Ref<string>
  conflict: Ref<boolean>
  reloading: Ref<boolean>
  changedMeanwhile: Ref<string[]>
  reloadLatest: () => unknown
}

export interface EditDialogOptions<T> {
  /** The dialog's form (a template ref). */
  form: Readonly<Ref<CheckedForm | null | undefined>>
  /** The line shown when a save succeeded. */
  savedMessage: (saved: T, created: boolean) => string
  /** After a save succeeded (the dialog emits `saved`). */
  onSaved: (saved: T, created: boolean) => void
  /** The label of a field changed meanwhile (the shared field names unless said). */
  label?: (key: string) => string
}

/**
 * What every create/edit dialog does around its state: save only when the form's rules pass,
 * say so and hand the record on after a save, and open with the previous opening's messages
 * under the fields cleared. `openCreate` / `openEdit` are what the dialog exposes; `frame`
 * binds EditDialog to the state (`<EditDialog v-model="visible" v-bind="frame" …>`).
 */
export function useEditDialog<T, F>(state: EditDialogState<T, F>, options: EditDialogOptions<T>) {
  async function save(): Promise<T | null> {
    const created = state.mode.value === 'create'
    const saved = await state.save(() => formValid(options.form.value))
    if (saved) {
      ElMessage.success(options.savedMessage(saved, created))
      options.onSaved(saved, created)
    }
    return saved
  }

  async function clearChecks(): Promise<void> {
    await nextTick()
    options.form.value?.clearValidate()
  }

  async function openCreate(initial: Partial<F> = {}): Promise<void> {
    state.openCreate(initial)
    await clearChecks()
  }

  async function openEdit(entity: T): Promise<void> {
    state.openEdit(entity)
    await clearChecks()
  }

  const label = options.label ?? fieldLabel
  /** EditDialog's props and events that follow the state: saving, what the server said, reload, dismiss, save. */
  const frame = computed(() => ({
    saving: state.saving.value,
    failure: state.failure.value,
    conflict: state.conflict.value,
    reloading: state.reloading.value,
    changedMeanwhile: state.changedMeanwhile.value.map((key) => label(key)),
    onReload: () => void state.reloadLatest(),
    onDismiss: () => {
      state.failure.value = ''
    },
    onSave: () => void save(),
  }))

  return { save, openCreate, openEdit, frame }
}
