import { computed } from 'vue'
import { useRouter } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { useSessionStore } from '@/stores/session'
import { useRealtimeState } from '@/realtime'

/** What the top bar shows: who is signed in, where they work, the live connection. */
export function useTopBar() {
  const session = useSessionStore()
  const router = useRouter()
  const { t } = useI18n()

  const userName = computed(() => session.user?.name ?? null)
  const organisation = computed(() => {
    const user = session.user
    if (!user) return null
    const parts = [user.org?.name, user.region?.name].filter((p): p is string => !!p)
    return parts.length > 0 ? parts.join(' · ') : null
  })

  async function logout() {
    await session.logout()
    ElMessage.success(t('topbar.loggedOut'))
    await router.push('/login')
  }

  return {
    session,
    userName,
    organisation,
    realtimeState: useRealtimeState(),
    logout,
    login: () => router.push({ path: '/login', query: { redirect: router.currentRoute.value.fullPath } }),
  }
}
