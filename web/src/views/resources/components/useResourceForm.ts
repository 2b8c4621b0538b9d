import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { isVersionConflict } from '@/api/errors'
import { createResource, getResource, updateResource, type ResourceKind, type ResourceRecord } from '@/api/resources'
import { keepMyEdits, useConflictReload } from '@/composables/useConflictReload'
import { useReferenceStore } from '@/stores/reference'
import { useResourceKindsStore } from '@/stores/resourceKinds'
import { createBody, emptyForm, formFromRecord, formSpecs, patchBody, type FieldSpec, type FormValues } from '../schema'
import { describeFailure, type ReasonContext } from '../serverReasons'

/** The labels the server's refusals are translated with, for one kind. */
export function useReasonContext(specs: () => readonly FieldSpec[]): ReasonContext {
  const reference = useReferenceStore()
  const kinds = useResourceKindsStore()
  return {
    label: (key) => specs().find((s) => s.key === key)?.label ?? key,
    regionName: (code) => reference.regionName(code),
    kindName: (key) => kinds.kindName(key),
  }
}

/**
 * The create/edit form of a record of one kind, generated from the schema.
 *
 * - Every value is kept as typed; a refusal never clears the form.
 * - A refusal naming a field goes under that field (in the user's language, with the
 *   field's label); any other goes above the form.
 * - A stale version (409) offers to reload the latest: fields the user changed keep the
 *   user's input, the others take the new values, and the fields changed meanwhile are named.
 */
export function useResourceForm(kind: () => ResourceKind | undefined) {
  const kinds = useResourceKindsStore()
  const visible = ref(false)
  const mode = ref<'create' | 'edit'>('create')
  const form = reactive<FormValues>({})
  const errors = reactive<Record<string, string>>({})
  const original = shallowRef<ResourceRecord | null>(null)
  const saving = ref(false)
  const failure = ref('')
  const conflict = ref(false)
  const changedMeanwhile = ref<string[]>([])

  const specs = computed<FieldSpec[]>(() => {
    const k = kind()
    return k ? formSpecs(k, kinds.locale()) : []
  })
  const ctx = useReasonContext(() => specs.value)

  // A server error under a field goes away as soon as that field is edited.
  watch(
    () => ({ ...form }),
    (now, before) => {
      for (const key of Object.keys(now)) if (now[key] !== before?.[key] && errors[key]) errors[key] = ''
    },
  )

  function fill(values: FormValues): void {
    for (const key of Object.keys(form)) delete form[key]
    Object.assign(form, values)
    for (const key of Object.keys(errors)) delete errors[key]
    failure.value = ''
    conflict.value = false
    changedMeanwhile.value = []
  }

  function openCreate(initial: Partial<FormValues> = {}): void {
    mode.value = 'create'
    original.value = null
    fill(emptyForm(specs.value, initial))
    visible.value = true
  }

  function openEdit(record: ResourceRecord): void {
    mode.value = 'edit'
    original.value = record
    fill(formFromRecord(specs.value, record))
    visible.value = true
  }

  /** Saves after `validate()` passes: the saved record, or null (the form says why). */
  async function save(validate: () => Promise<boolean>): Promise<ResourceRecord | null> {
    const k = kind()
    if (!k || saving.value || !(await validate())) return null
    saving.value = true
    failure.value = ''
    try {
      const base = original.value
      const saved =
        mode.value === 'create' || !base
          ? await createResource(createBody(k, specs.value, form))
          : await updateResource(base.id, patchBody(specs.value, base, form))
      visible.value = false
      return saved
    } catch (error) {
      if (mode.value === 'edit' && isVersionConflict(error)) {
        conflict.value = true
      } else {
        const found = describeFailure(error, ctx)
        if (found.field && specs.value.some((s) => s.key === found.field)) errors[found.field] = found.message
        else failure.value = found.message
      }
      return null
    } finally {
      saving.value = false
    }
  }

  /** After a conflict: the latest version, keeping what the user changed. */
  const { reloading, reloadLatest } = useConflictReload({
    conflict,
    failure,
    fetch: () => (original.value ? getResource(original.value.id, { silent: true }) : null),
    keep: (latest: ResourceRecord) => {
      const before = formFromRecord(specs.value, original.value!)
      const after = formFromRecord(specs.value, latest)
      const differs = (a: FormValues, b: FormValues, key: string) => (a[key] ?? '').trim() !== (b[key] ?? '').trim()
      const theirs = keepMyEdits(
        form,
        before,
        after,
        specs.value.map((s) => s.key),
        differs,
      )
      changedMeanwhile.value = specs.value.filter((s) => theirs.includes(s.key)).map((s) => s.label)
      original.value = latest
    },
    describe: (error) => describeFailure(error, ctx).message,
  })

  return {
    visible,
    mode,
    form,
    errors,
    original,
    saving,
    failure,
    conflict,
    reloading,
    changedMeanwhile,
    specs,
    openCreate,
    openEdit,
    save,
    reloadLatest,
  }
}
