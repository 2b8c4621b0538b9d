import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import type { Alert } from '@/api/alerts'
import { localizeError } from '@/api/errors'
import { isApiError } from '@/api/http'
import type { Incident } from '@/api/incidents'
import type { Alarm } from '@/api/monitoring'

export interface AlarmActionHandlers {
  acknowledge: (alarm: Alarm) => Promise<Alarm>
  close: (alarm: Alarm, reason: string) => Promise<Alarm>
  toWarning?: (alarm: Alarm) => Promise<{ alarm: Alarm; alert: Alert }>
  /** `occurredAt`: the time the person set, when it differs from the alarm's start. */
  toIncident?: (alarm: Alarm, occurredAt?: string) => Promise<{ alarm: Alarm; incident: Incident }>
  /** Told of every action begun on a row (to hold the list's order a moment). */
  acted?: (alarm: Alarm) => void
}

/**
 * What the alarm lists do on a row (the theme pages' 实时报警 and 报警记录): 确认, 关闭 with a
 * reason (through AlarmCloseDialog: `closing` is the alarm being closed, `submitClose` its
 * submit), 转预警 after a confirmation, 转事件 through AlarmIncidentDialog (`making` is the alarm,
 * its time of occurrence proposed as the alarm's start and editable; `submitIncident` its submit),
 * each telling the user how it went; a 409 says someone else handled the alarm meanwhile. One
 * action at a time (`busy` is its alarm).
 */
export function useAlarmActions(handlers: AlarmActionHandlers) {
  const { t } = useI18n()
  const router = useRouter()
  const busy = ref<string | null>(null)
  const closing = ref<Alarm | null>(null)
  const making = ref<Alarm | null>(null)

  async function run(alarm: Alarm, action: () => Promise<void>) {
    if (busy.value) return
    handlers.acted?.(alarm)
    busy.value = alarm.id
    try {
      await action()
    } finally {
      busy.value = null
    }
  }

  function acknowledge(alarm: Alarm) {
    void run(alarm, async () => {
      try {
        await handlers.acknowledge(alarm)
        ElMessage.success(t('monitoring.alarm.acknowledged'))
      } catch (e) {
        if (isApiError(e) && e.status === 409) ElMessage.warning(t('monitoring.alarm.changed'))
        else ElMessage.error(`${t('monitoring.alarm.actionFailed')}：${localizeError(e)}`)
      }
    })
  }

  async function confirm(message: string, title: string, button: string): Promise<boolean> {
    try {
      await ElMessageBox.confirm(message, title, { type: 'warning', confirmButtonText: button, cancelButtonText: t('common.cancel') })
      return true
    } catch {
      return false
    }
  }

  function toWarning(alarm: Alarm) {
    const handler = handlers.toWarning
    if (!handler) return
    void run(alarm, async () => {
      if (
        !(await confirm(
          t('monitoring.alarm.toWarningConfirm', { level: t(`alerts.levels.${alarm.level}`), station: alarm.station_name }),
          t('monitoring.alarm.toWarning'),
          t('monitoring.alarm.toWarning'),
        ))
      )
        return
      try {
        const { alert } = await handler(alarm)
        ElMessage.success(t('monitoring.alarm.warned'))
        void router.push({ name: 'monitoring-alert', params: { id: alert.id } })
      } catch (e) {
        ElMessage.error(`${t('monitoring.alarm.actionFailed')}：${localizeError(e)}`)
      }
    })
  }

  function toIncident(alarm: Alarm) {
    if (!handlers.toIncident || busy.value) return
    handlers.acted?.(alarm)
    making.value = alarm
  }

  /** The 转事件 dialog's submit: null when made (its page opens), else the error to show in it. */
  async function submitIncident(occurredAt: number): Promise<string | null> {
    const alarm = making.value
    const handler = handlers.toIncident
    if (!alarm || !handler) return null
    const changed = occurredAt !== Date.parse(alarm.opened_at)
    try {
      const { incident } = await handler(alarm, changed ? new Date(occurredAt).toISOString() : undefined)
      ElMessage.success(t('monitoring.alarm.incidentCreated'))
      void router.push({ name: 'duty-incident', params: { id: incident.id } })
      return null
    } catch (e) {
      return isApiError(e) && e.status === 409 ? t('monitoring.alarm.changed') : localizeError(e)
    }
  }

  function openClose(alarm: Alarm) {
    handlers.acted?.(alarm)
    closing.value = alarm
  }

  /** The close dialog's submit: null when closed, else the error to show in the dialog. */
  async function submitClose(reason: string): Promise<string | null> {
    const alarm = closing.value
    if (!alarm) return null
    handlers.acted?.(alarm)
    try {
      await handlers.close(alarm, reason)
      ElMessage.success(t('monitoring.closeDialog.done'))
      return null
    } catch (e) {
      return isApiError(e) && e.status === 409 ? t('monitoring.alarm.changed') : localizeError(e)
    }
  }

  return { busy, closing, making, acknowledge, toWarning, toIncident, openClose, submitClose, submitIncident }
}
