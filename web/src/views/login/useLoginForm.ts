import { computed, reactive, ref, shallowRef, useTemplateRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { ElMessage, type FormInstance, type FormItemRule } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import * as authApi from '@/api/auth'
import { fieldError, isServerFault, localizeError, type ErrorOverrides } from '@/api/errors'
import { ApiError, isApiError } from '@/api/http'
import { useReferenceStore } from '@/stores/reference'
import { useCountdown } from '@/composables/useCountdown'
import { safeRedirect } from '@/router/guard'
import { useSessionStore } from '@/stores/session'
import { checkPhone, checkSmsCode } from '@/utils/validate'

export const SMS_RESEND_SECONDS = 60
/** The `ref` name of the el-form in the login view. */
export const LOGIN_FORM_REF = 'loginForm'

type Field = 'phone' | 'code'

function asApiError(error: unknown): ApiError {
  return isApiError(error) ? error : new ApiError({ status: 0, code: 'unknown', message: String(error) })
}

/**
 * The login form: phone and SMS code validated as you type, "get code" with a 60 s
 * countdown, and login. A refusal from the server is shown on the field it names, or
 * above the form, and what was typed stays.
 */
export function useLoginForm() {
  const { t } = useI18n()
  const router = useRouter()
  const route = useRoute()
  const session = useSessionStore()

  const formRef = useTemplateRef<FormInstance>(LOGIN_FORM_REF)
  const form = reactive({ phone: '', code: '', captcha: '' })
  /** The CAPTCHA picture, once the server asks for one (null until then). */
  const captcha = shallowRef<authApi.Captcha | null>(null)
  const captchaLoading = ref(false)
  const captchaError = ref('')
  const sending = ref(false)
  const submitting = ref(false)
  const countdown = useCountdown(SMS_RESEND_SECONDS)

  /** The last refusal, with what was being done when it happened, in the user's language. */
  const failure = shallowRef<{ action: 'send' | 'login'; message: string; requestId?: string | undefined } | null>(null)
  /** Server messages for a named field (shown under that field until it is edited). */
  const fieldErrors = reactive<Record<Field, string>>({ phone: '', code: '' })

  watch(
    () => form.phone,
    () => (fieldErrors.phone = ''),
  )
  watch(
    () => form.code,
    () => (fieldErrors.code = ''),
  )
  watch(
    () => form.captcha,
    () => (captchaError.value = ''),
  )

  /** Draws a new picture (the old one is good for one request only). */
  async function refreshCaptcha() {
    captchaLoading.value = true
    form.captcha = ''
    try {
      captcha.value = await authApi.getCaptcha()
    } catch (error) {
      showFailure('send', error)
    } finally {
      captchaLoading.value = false
    }
  }

  /** True when the refusal asks for a (new) CAPTCHA: a new picture is then shown. */
  function wantsCaptcha(error: unknown): boolean {
    if (!isApiError(error)) return false
    return error.code === 'captcha_required' || fieldError(error)?.field === 'captcha_answer'
  }

  const rules = computed<Record<Field, FormItemRule[]>>(() => ({
    phone: [
      {
        trigger: ['change', 'blur'],
        validator: (_rule, value: string, callback) => {
          const problem = checkPhone(value ?? '')
          callback(problem ? new Error(t(problem === 'required' ? 'login.phoneRequired' : 'login.phoneFormat')) : undefined)
        },
      },
    ],
    code: [
      {
        trigger: ['change', 'blur'],
        validator: (_rule, value: string, callback) => {
          const problem = checkSmsCode(value ?? '')
          callback(problem ? new Error(t(problem === 'required' ? 'login.codeRequired' : 'login.codeFormat')) : undefined)
        },
      },
    ],
  }))

  const canRequestCode = computed(() => !sending.value && !countdown.running.value)
  const codeButtonText = computed(() => (countdown.running.value ? t('login.resend', { s: countdown.remaining.value }) : t('login.getCode')))
  const failureTitle = computed(() => (failure.value?.action === 'send' ? t('login.sendFailed') : t('login.loginFailed')))

  function showFailure(action: 'send' | 'login', error: unknown) {
    const apiError = asApiError(error)
    const onField = fieldError(apiError)
    if (onField && (onField.field === 'phone' || onField.field === 'code')) {
      fieldErrors[onField.field] = onField.message
      failure.value = null
      return
    }
    const overrides: ErrorOverrides = action === 'login' ? { unauthenticated: 'login.codeWrong', rate_limited: 'login.locked' } : {}
    // A server fault shows its request id on a line of its own.
    const message = localizeError(apiError, overrides, { requestId: false })
    failure.value = { action, message, requestId: isServerFault(apiError) ? apiError.requestId : undefined }
  }

  async function valid(fields: Field[]): Promise<boolean> {
    const instance = formRef.value
    if (!instance) return false
    try {
      await instance.validateField(fields)
      return true
    } catch {
      return false
    }
  }

  async function sendCode() {
    if (!canRequestCode.value || !(await valid(['phone']))) return
    sending.value = true
    failure.value = null
    const phone = form.phone.trim()
    if (captcha.value && !form.captcha.trim()) {
      captchaError.value = t('login.captchaRequired')
      sending.value = false
      return
    }
    const answer = captcha.value ? { id: captcha.value.id, answer: form.captcha.trim() } : undefined
    try {
      const sent = await authApi.requestSmsCode(phone, answer)
      captcha.value = null
      form.captcha = ''
      countdown.start(sent?.retry_after_s ?? SMS_RESEND_SECONDS)
      ElMessage.success(t('login.codeSent', { phone }))
    } catch (error) {
      if (wantsCaptcha(error)) {
        const first = captcha.value === null
        await refreshCaptcha()
        captchaError.value = first ? t('login.captchaRequired') : t('login.captchaWrong')
        return
      }
      showFailure('send', error)
      // Rate limited: the button waits as long as the server asks.
      if (isApiError(error) && error.status === 429 && error.retryAfter) countdown.start(error.retryAfter)
    } finally {
      sending.value = false
    }
  }

  async function submit() {
    if (submitting.value || !(await valid(['phone', 'code']))) return
    submitting.value = true
    failure.value = null
    try {
      const result = await authApi.login(form.phone.trim(), form.code.trim())
      useReferenceStore().reset() // another user may have been signed in before
      session.setUser(result.user)
      const redirect = typeof route.query.redirect === 'string' ? safeRedirect(route.query.redirect) : null
      ElMessage.closeAll() // "验证码已发送" belongs to the login page, not the next one
      await router.replace(redirect ?? '/')
    } catch (error) {
      showFailure('login', error)
    } finally {
      submitting.value = false
    }
  }

  return {
    form,
    rules,
    sending,
    submitting,
    canRequestCode,
    codeButtonText,
    failure,
    failureTitle,
    fieldErrors,
    captcha,
    captchaLoading,
    captchaError,
    refreshCaptcha,
    sendCode,
    submit,
    dismissFailure: () => (failure.value = null),
  }
}
