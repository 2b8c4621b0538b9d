import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { listKinds, type ResourceKind } from '@/api/resources'
import { currentLocale } from '@/locales'
import { formSpecs, localName, optionName, type FieldSpec, type SchemaLocale } from '@/views/resources/schema'

/**
 * The resource schema (`GET /api/v1/resource-kinds`), loaded once per session: kinds,
 * their categories and fields. Every resource page reads names, forms and columns from here.
 */
export const useResourceKindsStore = defineStore('resourceKinds', () => {
  const kinds = shallowRef<ResourceKind[]>([])
  let loading: Promise<void> | null = null

  const byKey = computed(() => new Map(kinds.value.map((k) => [k.key, k])))
  /** The kinds drawn on the map (records with a position). */
  const located = computed(() => kinds.value.filter((k) => k.located))

  function load(): Promise<void> {
    if (kinds.value.length > 0) return Promise.resolve()
    loading ??= listKinds()
      .then((items) => {
        kinds.value = items
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  function locale(): SchemaLocale {
    return currentLocale() === 'en' ? 'en' : 'zh-CN'
  }

  function kind(key: string | null | undefined): ResourceKind | undefined {
    return key ? byKey.value.get(key) : undefined
  }

  /** 应急队伍 / Rescue team; the key itself for a kind the server has not described. */
  function kindName(key: string | null | undefined): string {
    const k = kind(key)
    return k ? localName(k, locale()) : (key ?? '')
  }

  function categoryName(kindKey: string, code: string): string {
    return optionName(kind(kindKey)?.categories, code, locale())
  }

  /** The form's inputs for a kind in the current language. */
  function specs(kindKey: string): FieldSpec[] {
    const k = kind(kindKey)
    return k ? formSpecs(k, locale()) : []
  }

  /** Kinds whose records belong to a record of `kindKey` (members and equipment of a team). */
  function childKinds(kindKey: string): ResourceKind[] {
    return kinds.value.filter((k) => k.parent_kind === kindKey)
  }

  function reset(): void {
    kinds.value = []
  }

  return { kinds, byKey, located, load, kind, kindName, categoryName, specs, childKinds, locale, reset }
})
