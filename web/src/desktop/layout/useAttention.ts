/**
 * Makes new work heard (issue 13): the unread count in the tab title, a short alert sound
 * (muted per user in this browser) and a desktop notification (asked for once) when a report,
 * an approval, a 叫应 or a red alarm arrives.
 */
import { computed, ref, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import type { AppNotification } from '@/api/incidents'
import { THEMES, monitoringTopic } from '@/api/monitoring'
import { useRealtimeTopic } from '@/realtime'
import { setTitleCount } from '@/router/meta'
import { useSessionStore } from '@/stores/session'
import { muteKey, newUrgent, openRedAlarm } from './attention'
import { internalLink } from './useNotifications'

const ASKED_KEY = 'fenghuo.desktop-notifications-asked'

/** Two short tones (Web Audio: no sound file to load). */
function playAlertSound(): void {
  const Context = window.AudioContext
  if (!Context) return
  const audio = new Context()
  const start = audio.currentTime
  for (const [offset, frequency] of [
    [0, 880],
    [0.25, 660],
  ] as const) {
    const tone = audio.createOscillator()
    const gain = audio.createGain()
    tone.frequency.value = frequency
    gain.gain.setValueAtTime(0.25, start + offset)
    gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.2)
    tone.connect(gain).connect(audio.destination)
    tone.start(start + offset)
    tone.stop(start + offset + 0.2)
  }
  window.setTimeout(() => void audio.close(), 1000)
}

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

export function useAttention(items: Ref<AppNotification[]>, unread: Ref<number>) {
  const { t } = useI18n()
  const router = useRouter()
  const session = useSessionStore()
  const userId = computed(() => session.user?.id ?? '')
  const muted = ref(false)
  watch(userId, (id) => (muted.value = id !== '' && storage()?.getItem(muteKey(id)) === '1'), { immediate: true })

  function setMuted(value: boolean): void {
    muted.value = value
    if (userId.value) storage()?.setItem(muteKey(userId.value), value ? '1' : '0')
  }

  // Desktop notifications: asked for once, on the first click after signing in (browsers
  // show the question only after a gesture).
  const canNotify = typeof window !== 'undefined' && 'Notification' in window
  if (canNotify && Notification.permission === 'default' && storage()?.getItem(ASKED_KEY) !== '1') {
    window.addEventListener(
      'pointerdown',
      () => {
        storage()?.setItem(ASKED_KEY, '1')
        void Notification.requestPermission()
      },
      { once: true },
    )
  }

  function announce(title: string, body: string, link: string | null, tag: string): void {
    if (!muted.value) playAlertSound()
    if (!canNotify || Notification.permission !== 'granted' || !document.hidden) return
    const note = new Notification(title, { body, tag, lang: 'zh-CN' })
    note.onclick = () => {
      window.focus()
      if (link) void router.push(link)
      note.close()
    }
  }

  // Notices: the first load is what was there before; later loads announce what is new.
  let seen: Set<string> | null = null
  watch(items, (list) => {
    if (seen !== null) {
      for (const n of newUrgent(list, seen)) announce(n.title, n.body, internalLink(n.link), `notice-${n.id}`)
    }
    seen = new Set([...(seen ?? []), ...list.map((n) => n.id)])
  })
  watch(unread, (n) => setTitleCount(n), { immediate: true })

  // Red alarms, once each, for users who may see monitoring (the topic is refused otherwise).
  const heardRed = new Set<string>()
  for (const theme of THEMES) {
    const topic = monitoringTopic(theme)
    useRealtimeTopic(topic, (event) => {
      const id = openRedAlarm(topic, event.event, event.data)
      if (id === null || heardRed.has(id)) return
      heardRed.add(id)
      const alarm = event.data as { station_name?: unknown; metric_name?: unknown }
      const body = [alarm.station_name, alarm.metric_name].filter((x) => typeof x === 'string' && x).join(' · ')
      announce(t('attention.redAlarm'), body, '/monitoring/alarms', `alarm-${id}`)
    })
  }

  return { muted, setMuted }
}
