/**
 * Drafts the browser keeps in localStorage so that a closed tab or a crash loses nothing:
 * incident intake forms and report texts. They hold reporters' names and phones, and the
 * computers of a duty room are shared, so signing out removes every one of them.
 */
export const INCIDENT_DRAFT_PREFIX = 'fenghuo.incidentDraft.'
export const REPORT_DRAFT_PREFIX = 'fenghuo.reportDraft.'

const DRAFT_PREFIXES = [INCIDENT_DRAFT_PREFIX, REPORT_DRAFT_PREFIX]

interface KeyedStore {
  readonly length: number
  key(index: number): string | null
  removeItem(key: string): void
}

function defaultStore(): KeyedStore | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

/** Removes every draft kept in `store`; other settings (language, map layers) stay. */
export function clearAllDrafts(store: KeyedStore | null = defaultStore()): void {
  if (!store) return
  const keys: string[] = []
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i)
    if (key && DRAFT_PREFIXES.some((prefix) => key.startsWith(prefix))) keys.push(key)
  }
  for (const key of keys) store.removeItem(key)
}
