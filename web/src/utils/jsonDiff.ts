/**
 * A flat before/after comparison of two JSON objects for the audit drawer: one row per
 * leaf path (`org.name`, `roles`), arrays compared whole.
 */

export type DiffKind = 'added' | 'removed' | 'changed' | 'same'

export interface DiffRow {
  path: string
  before: unknown
  after: unknown
  kind: DiffKind
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out)
  } else if (prefix) {
    out.set(prefix, value)
  }
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Rows for every path in either object, changes first then unchanged, each group by path. */
export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const a = new Map<string, unknown>()
  const b = new Map<string, unknown>()
  flatten(before ?? {}, '', a)
  flatten(after ?? {}, '', b)
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort()
  const rows = paths.map<DiffRow>((path) => {
    const inA = a.has(path)
    const inB = b.has(path)
    const va = a.get(path)
    const vb = b.get(path)
    const kind: DiffKind = !inA ? 'added' : !inB ? 'removed' : equal(va, vb) ? 'same' : 'changed'
    return { path, before: va, after: vb, kind }
  })
  return [...rows.filter((r) => r.kind !== 'same'), ...rows.filter((r) => r.kind === 'same')]
}

/** A value as one line of text for a table cell ('' for absent). */
export function showValue(value: unknown): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  return JSON.stringify(value as Json)
}
