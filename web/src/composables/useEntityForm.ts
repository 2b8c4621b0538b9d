import { reactive, ref, shallowRef, type Ref } from 'vue'
import { isVersionConflict, localizeError } from '@/api/errors'
import { changedKeys } from '@/utils/patch'
import { keepMyEdits, useConflictReload } from './useConflictReload'
import { useServerErrors } from './useServerErrors'

export interface EntityFormConfig<T extends { id: string; version: number }, F extends object> {
  /** A blank form (create). */
  empty: () => F
  /** The form for an existing record (edit). */
  fromEntity: (entity: T) => F
  /** The fields an edit may change (compared for the PATCH body). */
  keys: readonly (keyof F & string)[]
  create: (form: F) => Promise<T>
  update: (id: string, body: Partial<F> & { version: number }) => Promise<T>
  fetch: (id: string) => Promise<T>
}

/**
 * A create/edit dialog's state and its talk with the server.
 *
 * - A refusal that names a field goes under that field; any other goes above the form.
 * - A stale version (409 `conflict`) sets `conflict`; `reloadLatest()` fetches the record
 *   again and takes its version; fields the user changed keep the user's input, the other
 *   fields take the other person's change, and `changedMeanwhile` lists what they changed,
 *   so saving again applies the user's edits on top of theirs.
 * - Nothing the user typed is ever thrown away by a failure.
 */
export function useEntityForm<T extends { id: string; version: number }, F extends object>(config: EntityFormConfig<T, F>) {
  const visible = ref(false)
  const mode = ref<'create' | 'edit'>('create')
  const form = reactive(config.empty()) as F
  const original = shallowRef<T | null>(null)
  const saving = ref(false)
  const failure = ref('')
  const conflict = ref(false)
  const changedMeanwhile = ref([]) as Ref<(keyof F & string)[]>
  const server = useServerErrors(form)

  function reset(next: F): void {
    Object.assign(form, next)
    failure.value = ''
    conflict.value = false
    changedMeanwhile.value = []
    server.clear()
  }

  function openCreate(initial: Partial<F> = {}): void {
    mode.value = 'create'
    original.value = null
    reset({ ...config.empty(), ...initial })
    visible.value = true
  }

  function openEdit(entity: T): void {
    mode.value = 'edit'
    original.value = entity
    reset(config.fromEntity(entity))
    visible.value = true
  }

  /** The PATCH body: changed fields and the version. */
  function patch(): Partial<F> & { version: number } {
    const base = original.value
    if (!base) throw new Error('patch() without a record')
    const body: Record<string, unknown> = { version: base.version }
    for (const key of changedKeys(config.fromEntity(base), form, config.keys)) body[key] = form[key]
    return body as Partial<F> & { version: number }
  }

  /** Saves after `validate()` passes; the saved record, or null (the dialog says why). */
  async function save(validate: () => Promise<boolean>): Promise<T | null> {
    if (saving.value || !(await validate())) return null
    saving.value = true
    failure.value = ''
    try {
      const base = original.value
      const saved = mode.value === 'create' || !base ? await config.create(form) : await config.update(base.id, patch())
      visible.value = false
      return saved
    } catch (error) {
      if (mode.value === 'edit' && isVersionConflict(error)) {
        conflict.value = true
      } else if (!server.apply(error)) {
        failure.value = localizeError(error)
      }
      return null
    } finally {
      saving.value = false
    }
  }

  /** After a conflict: the latest version from the server, keeping the user's input. */
  const { reloading, reloadLatest } = useConflictReload({
    conflict,
    failure,
    fetch: () => (original.value ? config.fetch(original.value.id) : null),
    keep: (latest: T) => {
      const base = original.value!
      const differs = (a: F, b: F, key: keyof F & string) => changedKeys(a, b, [key]).length > 0
      changedMeanwhile.value = keepMyEdits(form, config.fromEntity(base), config.fromEntity(latest), config.keys, differs)
      original.value = latest
    },
  })

  return {
    visible,
    mode,
    form,
    original,
    saving,
    failure,
    conflict,
    reloading,
    changedMeanwhile,
    errors: server.errors,
    openCreate,
    openEdit,
    save,
    reloadLatest,
    patch,
  }
}
