import { computed, onBeforeUnmount, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { localizeError } from '@/api/errors'
import { createIncident } from '@/api/incidents'
import { useServerErrors } from '@/composables/useServerErrors'
import { useIncidentTypesStore } from '@/stores/incidentTypes'
import { useReferenceStore } from '@/stores/reference'
import { useSessionStore } from '@/stores/session'
import {
  clearDraft,
  emptyIncidentForm,
  fieldRefusal,
  hasContent,
  incidentInput,
  loadDraft,
  saveDraft,
  suggestTitle,
  type IncidentForm,
} from './incidentForm'

/**
 * 接报: a new incident typed in during a phone call. Every keystroke is kept in
 * localStorage (per user) until the incident is saved, so a closed tab, a crash or a
 * refusal never loses what was typed.
 */
export function useIncidentIntake() {
  const { t } = useI18n()
  const router = useRouter()
  const session = useSessionStore()
  const types = useIncidentTypesStore()
  const reference = useReferenceStore()

  const draftKey = computed(() => session.user?.id ?? 'anonymous')
  const form = reactive<IncidentForm>(emptyIncidentForm(Date.now(), session.region ?? ''))
  const restoredAt = ref<number | null>(null)
  const saving = ref(false)
  const failure = ref('')
  const server = useServerErrors(form)

  const draft = loadDraft(draftKey.value)
  if (draft && hasContent(draft.form)) {
    Object.assign(form, draft.form)
    restoredAt.value = draft.saved_at
  }

  let timer: ReturnType<typeof setTimeout> | null = null
  let saved = false
  function keep(): void {
    if (timer) clearTimeout(timer)
    timer = null
    if (!saved) saveDraft(draftKey.value, form)
  }
  watch(
    form,
    () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(keep, 300)
    },
    { deep: true },
  )
  onBeforeUnmount(keep)
  const onUnload = () => keep()
  window.addEventListener('beforeunload', onUnload)
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onUnload))

  const suggestion = computed(() => suggestTitle(reference.regionName(form.region), form.type ? types.typeName(form.type) : '', form.address))

  /** Saves after `validate()` passes, then opens the incident. */
  async function save(validate: () => Promise<boolean>): Promise<void> {
    if (saving.value) return
    failure.value = ''
    if (!(await validate())) {
      // Said where the officer looks (a message at the top of the window), whatever part of
      // the form is in view: Ctrl+Enter on an empty form must not pass in silence.
      failure.value = t('incidents.form.fixFields')
      ElMessage.warning(failure.value)
      return
    }
    if (!form.title.trim()) form.title = suggestion.value
    saving.value = true
    try {
      const created = await createIncident(incidentInput(form, types.type(form.type)))
      saved = true
      if (timer) clearTimeout(timer)
      clearDraft(draftKey.value)
      ElMessage.success(t('incidents.form.created', { title: created.title, level: created.level_name || t(`incidents.levels.${created.level}`) }))
      await router.push({ name: 'duty-incident', params: { id: created.id } })
    } catch (error) {
      const refusal = fieldRefusal(error)
      if (refusal) {
        server.errors[refusal.field] = refusal.message
        failure.value = refusal.message
      } else {
        failure.value = localizeError(error)
      }
      keep()
    } finally {
      saving.value = false
    }
  }

  /** Starts over with an empty form (after the officer confirms). */
  function discard(): void {
    Object.assign(form, emptyIncidentForm(Date.now(), session.region ?? ''))
    clearDraft(draftKey.value)
    restoredAt.value = null
    failure.value = ''
    server.clear()
  }

  return { form, errors: server.errors, restoredAt, saving, failure, suggestion, save, discard }
}
