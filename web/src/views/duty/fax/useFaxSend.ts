import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { fieldError, localizeError } from '@/api/errors'
import { sendFax, type Fax, type Urgency } from '@/api/faxes'
import { fileProblem, formatBytes, MAX_FILE_BYTES, uploadFile } from '@/api/files'
import { listRecipients, nearestSuperior } from '@/api/duty'

export const FAX_TITLE_MAX = 100
export const FAX_NOTE_MAX = 500

export interface FaxForm {
  title: string
  urgency: Urgency
  note: string
  to: string[]
}

/**
 * 发送传真: title, urgency, note, one document and the receiving organisations. The file is
 * uploaded once (a retry after a refusal reuses it); nothing typed is lost on a refusal.
 */
export function useFaxSend() {
  const { t } = useI18n()
  const form = reactive<FaxForm>({ title: '', urgency: 'normal', note: '', to: [] })
  const file = shallowRef<File | null>(null)
  const fileError = ref('')
  const errors = reactive<Record<string, string>>({})
  const failure = ref('')
  const phase = ref<'upload' | 'send' | null>(null)
  /** The organisation above mine, to send to in one click (the usual path of a fax). */
  const parentOrg = shallowRef<{ id: string; name: string; named: boolean } | null>(null)
  let uploaded: { file: File; id: string } | null = null

  for (const key of ['title', 'urgency', 'note', 'to'] as const) {
    watch(
      () => form[key],
      () => {
        if (errors[key]) errors[key] = ''
      },
      { deep: true },
    )
  }

  const fileInfo = computed(() => (file.value ? `${file.value.name} · ${formatBytes(file.value.size)}` : ''))

  function checkFile(next: File | null): string {
    if (!next) return t('fax.send.fileRequired')
    const problem = fileProblem(next)
    if (problem === 'type') return t('fax.send.fileType', { name: next.name })
    if (problem === 'empty') return t('fax.send.fileEmpty', { name: next.name })
    if (problem === 'size') return t('fax.send.fileSize', { name: next.name, max: formatBytes(MAX_FILE_BYTES) })
    return ''
  }

  function chooseFile(next: File | null) {
    file.value = next
    fileError.value = next ? checkFile(next) : ''
  }

  function reset() {
    Object.assign(form, { title: '', urgency: 'normal', note: '', to: [] })
    file.value = null
    fileError.value = ''
    failure.value = ''
    for (const key of Object.keys(errors)) errors[key] = ''
    uploaded = null
  }

  /** The bureau above the user's (one click to add it as a recipient). */
  async function loadParent() {
    if (parentOrg.value) return
    try {
      const superior = nearestSuperior(await listRecipients(undefined, { silent: true }))
      parentOrg.value = superior ? { id: superior.id, name: superior.name, named: true } : null
    } catch {
      parentOrg.value = null
    }
  }

  /** Uploads (once) and sends; the sent fax, or null with the reason shown. */
  async function send(validate: () => Promise<boolean>): Promise<Fax | null> {
    if (phase.value) return null
    const formOk = await validate()
    fileError.value = checkFile(file.value)
    if (!formOk || fileError.value || !file.value) return null
    failure.value = ''
    try {
      if (!uploaded || uploaded.file !== file.value) {
        phase.value = 'upload'
        const stored = await uploadFile(file.value, file.value.name)
        uploaded = { file: file.value, id: stored.id }
      }
      phase.value = 'send'
      const fax = await sendFax({ title: form.title.trim(), urgency: form.urgency, note: form.note.trim(), file_id: uploaded.id, to: form.to })
      return fax
    } catch (error) {
      const found = fieldError(error)
      if (phase.value === 'upload' || (found && (found.field === 'file_id' || found.field === 'file' || found.field === 'name'))) {
        fileError.value = found ? found.message : localizeError(error)
        uploaded = null
      } else if (found && found.field in form) {
        errors[found.field] = found.message
      } else {
        failure.value = localizeError(error)
      }
      return null
    } finally {
      phase.value = null
    }
  }

  return { form, file, fileInfo, fileError, errors, failure, phase, parentOrg, chooseFile, reset, loadParent, send }
}
