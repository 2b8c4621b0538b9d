import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { listIncidentTypes, type IncidentType } from '@/api/incidents'
import { currentLocale } from '@/locales'
import { typeTree } from '@/views/duty/incidents/incidentForm'

/** The incident type tree (`GET /api/v1/incident-types`), loaded once per session. */
export const useIncidentTypesStore = defineStore('incidentTypes', () => {
  const types = shallowRef<IncidentType[]>([])
  let loading: Promise<void> | null = null

  const byCode = computed(() => new Map(types.value.map((type) => [type.code, type])))
  /** Types named in the current language (the server gives `name_en` beside `name`). */
  const localized = computed(() => {
    const en = currentLocale() === 'en'
    return types.value.map((type) => (en && type.name_en ? { ...type, name: type.name_en } : type))
  })
  const tree = computed(() => typeTree(localized.value))

  function load(): Promise<void> {
    if (types.value.length > 0) return Promise.resolve()
    loading ??= listIncidentTypes()
      .then((items) => {
        types.value = items
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  function type(code: string | null | undefined): IncidentType | undefined {
    return code ? byCode.value.get(code) : undefined
  }

  function typeName(code: string | null | undefined): string {
    const found = type(code)
    if (!found) return code ?? ''
    return currentLocale() === 'en' && found.name_en ? found.name_en : found.name
  }

  return { types, byCode, tree, load, type, typeName }
})
