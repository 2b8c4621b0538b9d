import { ref, type Ref } from 'vue'
import { localizeError } from '@/api/errors'

export interface ConflictReloadOptions<L> {
  /** Set by the save that met a stale version (409); cleared once the latest is in. */
  conflict: Ref<boolean>
  /** The line above the form; a failed reload is said there. */
  failure: Ref<string>
  /** Fetches the latest version; null when there is nothing to reload. */
  fetch: () => Promise<L> | null
  /** Takes the latest version's number (and whatever else changed) without touching the user's input. */
  keep: (latest: L) => void
  /** Words a failed reload; localizeError unless told. */
  describe?: (error: unknown) => string
}

/**
 * "409 → reload → keep my edits": after a save met a stale version, `reloadLatest()` fetches
 * what the other person saved, `keep` takes its version (and the fields the user left alone),
 * and saving again applies the user's edits on top. Nothing the user typed is thrown away.
 */
export function useConflictReload<L>(options: ConflictReloadOptions<L>) {
  const reloading = ref(false)

  async function reloadLatest(): Promise<void> {
    const pending = options.fetch()
    if (!pending) return
    reloading.value = true
    try {
      options.keep(await pending)
      options.conflict.value = false
    } catch (error) {
      options.failure.value = (options.describe ?? localizeError)(error)
    } finally {
      reloading.value = false
    }
  }

  return { reloading, reloadLatest }
}

/**
 * The merge after a reload: fields the other person changed (`before` → `after`) take their
 * value where the user left them alone (`form` still as `before`); the user's input stays
 * elsewhere. Returns the fields the other person changed.
 */
export function keepMyEdits<F extends object, K extends keyof F>(
  form: F,
  before: F,
  after: F,
  keys: readonly K[],
  differs: (a: F, b: F, key: K) => boolean,
): K[] {
  const theirs = keys.filter((key) => differs(before, after, key))
  for (const key of theirs) if (!differs(before, form, key)) form[key] = after[key]
  return theirs
}
