import { computed } from 'vue'
import { useRouter } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { useReferenceStore } from '@/stores/reference'
import { useSessionStore } from '@/stores/session'
import { useRealtimeState } from '@/realtime'

/** What the top bar shows: who is signed in, where they work, the live connection. */
export function useTopBar() {
  const session = useSessionStore()
  const router = useRouter()
  const { t } = useI18n()

  const userName = computed(() => session.user?.name ?? null)
  const organisation = computed(() => session.user?.org?.name ?? null)
  const regionName = computed(() => session.user?.region_name || null)

  async function logout() {
    await session.logout()
    useReferenceStore().reset()
    ElMessage.success(t('topbar.loggedOut'))
    await router.push('/login')
  }

  return {
    session,
    userName,
    organisation,
    regionName,
    openSessions: () => router.push('/admin/sessions'),
    realtimeState: useRealtimeState(),
    logout,
    login: () => router.push({ path: '/login', query: { redirect: router.currentRoute.value.fullPath } }),
  }
}
