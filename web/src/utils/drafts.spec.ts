import { describe, expect, it } from 'vitest'
import { clearAllDrafts, INCIDENT_DRAFT_PREFIX, REPORT_DRAFT_PREFIX } from './drafts'

function memoryStore(entries: Record<string, string>) {
  const map = new Map(Object.entries(entries))
  return {
    map,
    get length() {
      return map.size
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    removeItem: (key: string) => void map.delete(key),
  }
}

describe('clearAllDrafts', () => {
  it('removes every incident and report draft and keeps the other settings', () => {
    const store = memoryStore({
      [INCIDENT_DRAFT_PREFIX + '7']: '{}',
      [INCIDENT_DRAFT_PREFIX + '8']: '{}',
      [REPORT_DRAFT_PREFIX + '12']: '{}',
      'fenghuo.locale': 'zh-CN',
    })
    clearAllDrafts(store)
    expect([...store.map.keys()]).toEqual(['fenghuo.locale'])
  })
})
