/** Field-by-field comparison for PATCH bodies and for "what changed meanwhile". */

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false
    const sa = [...a].map(String).sort()
    const sb = [...b].map(String).sort()
    return sa.every((v, i) => v === sb[i])
  }
  const na = a === '' || a === undefined ? null : a
  const nb = b === '' || b === undefined ? null : b
  return na === nb
}

/**
 * The fields among `keys` whose value in `current` differs from `original` (lists compare
 * as sets; '' and null and undefined are the same "empty").
 */
export function changedKeys<T extends object, K extends keyof T>(original: T, current: Pick<T, K>, keys: readonly K[]): K[] {
  return keys.filter((key) => !same(original[key], current[key]))
}

/** A PATCH body: the changed fields of `current` plus the version the edit started from. */
export function patchBody<T extends { version: number }, K extends keyof T>(
  original: T,
  current: Pick<T, K>,
  keys: readonly K[],
): Partial<Pick<T, K>> & { version: number } {
  const body: Record<string, unknown> = { version: original.version }
  for (const key of changedKeys(original, current, keys)) body[key as string] = current[key]
  return body as Partial<Pick<T, K>> & { version: number }
}

/** A copy with surrounding spaces removed from every string value. */
export function trimStrings<T extends object>(body: T): T {
  const out = { ...body } as Record<string, unknown>
  for (const [key, value] of Object.entries(out)) if (typeof value === 'string') out[key] = value.trim()
  return out as T
}
