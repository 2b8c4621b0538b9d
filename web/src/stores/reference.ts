import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { listRegions, listRoles, type Region, type Role } from '@/api/reference'
import { currentLocale } from '@/locales'
import { buildRegionTree, regionPath, type RegionNode } from '@/utils/regions'
import { useSessionStore } from './session'

/**
 * Reference data every admin page needs, loaded once per session: the regions (as a
 * tree limited to the user's jurisdiction) and the roles.
 */
export const useReferenceStore = defineStore('reference', () => {
  const regions = shallowRef<Region[]>([])
  const roles = shallowRef<Role[]>([])
  let regionsLoading: Promise<void> | null = null
  let rolesLoading: Promise<void> | null = null

  const session = useSessionStore()

  const byCode = computed(() => new Map(regions.value.map((r) => [r.code, r])))
  /** The tree under the user's own region (the whole province for a provincial user). */
  const regionTree = computed<RegionNode[]>(() => buildRegionTree(regions.value, session.region))

  function loadRegions(): Promise<void> {
    if (regions.value.length > 0) return Promise.resolve()
    regionsLoading ??= listRegions()
      .then((items) => {
        regions.value = items
      })
      .finally(() => {
        regionsLoading = null
      })
    return regionsLoading
  }

  function loadRoles(): Promise<void> {
    if (roles.value.length > 0) return Promise.resolve()
    rolesLoading ??= listRoles()
      .then((items) => {
        roles.value = items
      })
      .finally(() => {
        rolesLoading = null
      })
    return rolesLoading
  }

  function regionName(code: string | null | undefined): string {
    if (!code) return ''
    return byCode.value.get(code)?.name ?? code
  }

  /** 山西省 / 太原市 / 小店区 */
  function regionFullName(code: string | null | undefined): string {
    if (!code) return ''
    const path = regionPath(code, byCode.value)
    return path.length > 0 ? path.join(' / ') : code
  }

  /** The role's name in the current language; the code if the server did not list it. */
  function roleName(code: string): string {
    const role = roles.value.find((r) => r.code === code)
    if (!role) return code
    return currentLocale() === 'en' ? role.name_en || role.name : role.name
  }

  function reset(): void {
    regions.value = []
    roles.value = []
  }

  return { regions, roles, byCode, regionTree, loadRegions, loadRoles, regionName, regionFullName, roleName, reset }
})
