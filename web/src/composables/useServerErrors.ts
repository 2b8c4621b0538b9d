import { reactive, watch } from 'vue'
import { fieldError } from '@/api/errors'

/**
 * Server refusals shown under the field they name (`:error="errors.phone"` on the
 * el-form-item). An error goes away as soon as that field is edited; what was typed stays.
 */
export function useServerErrors<F extends object>(form: F) {
  const errors = reactive<Record<string, string>>({})

  for (const key of Object.keys(form) as (keyof F & string)[]) {
    watch(
      () => form[key],
      () => {
        if (errors[key]) errors[key] = ''
      },
      { deep: true },
    )
  }

  /** Puts the error under its field; false when it names no field of this form. */
  function apply(error: unknown): boolean {
    const found = fieldError(error)
    if (!found || !(found.field in form)) return false
    errors[found.field] = found.message
    return true
  }

  function clear(): void {
    for (const key of Object.keys(errors)) errors[key] = ''
  }

  return { errors, apply, clear }
}
