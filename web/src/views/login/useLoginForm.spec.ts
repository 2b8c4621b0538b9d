import { beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { ApiError } from '@/api/http'

const requestSmsCode = vi.fn()
const getCaptcha = vi.fn()
const login = vi.fn()
const replace = vi.fn()
const closeAll = vi.fn()

vi.mock('vue', async (original) => ({
  ...(await original<typeof import('vue')>()),
  // The form instance: every field valid.
  useTemplateRef: () => ({ value: { validateField: async () => true } }),
}))
vi.mock('vue-i18n', async (original) => ({
  ...(await original<typeof import('vue-i18n')>()),
  useI18n: () => ({ t: (key: string) => key }),
}))
vi.mock('vue-router', () => ({ useRouter: () => ({ replace }), useRoute: () => ({ query: {} }) }))
vi.mock('element-plus', () => ({ ElMessage: { success: vi.fn(), closeAll } }))
vi.mock('element-plus/es/components/message/style/css', () => ({}))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ setUser: vi.fn() }) }))
vi.mock('@/stores/reference', () => ({ useReferenceStore: () => ({ reset: vi.fn() }) }))
vi.mock('@/api/auth', () => ({
  requestSmsCode: (...args: unknown[]) => requestSmsCode(...args),
  getCaptcha: () => getCaptcha(),
  login: (...args: unknown[]) => login(...args),
}))

const { useLoginForm } = await import('./useLoginForm')

const picture = (id: string) => ({ id, image: `data:image/svg+xml;base64,${id}`, expires_in_s: 300 })
const captchaRequired = () => new ApiError({ status: 429, code: 'captcha_required', message: 'enter the picture', field: 'captcha_answer' })
const captchaWrong = () => new ApiError({ status: 400, code: 'validation_failed', message: 'wrong', field: 'captcha_answer' })

describe('login: picture CAPTCHA', () => {
  beforeEach(() => {
    requestSmsCode.mockReset()
    getCaptcha.mockReset()
  })

  it('shows a picture when the server asks for one and sends its answer with the next request', async () => {
    const f = effectScope().run(useLoginForm)!
    f.form.phone = '13800000001'
    requestSmsCode.mockRejectedValueOnce(captchaRequired())
    getCaptcha.mockResolvedValueOnce(picture('a1'))
    await f.sendCode()
    expect(requestSmsCode).toHaveBeenLastCalledWith('13800000001', undefined)
    expect(f.captcha.value?.image).toBe('data:image/svg+xml;base64,a1')
    expect(f.captchaError.value).toBe('login.captchaRequired')
    expect(f.failure.value).toBeNull()

    f.form.captcha = ' k7mxa '
    requestSmsCode.mockResolvedValueOnce({ sent: true, expires_in_s: 300, retry_after_s: 60 })
    await f.sendCode()
    expect(requestSmsCode).toHaveBeenLastCalledWith('13800000001', { id: 'a1', answer: 'k7mxa' })
    expect(f.captcha.value).toBeNull()
    expect(f.form.captcha).toBe('')
  })

  it('a wrong answer brings a new picture and clears what was typed', async () => {
    const f = effectScope().run(useLoginForm)!
    f.form.phone = '13800000001'
    requestSmsCode.mockRejectedValueOnce(captchaRequired())
    getCaptcha.mockResolvedValueOnce(picture('a1'))
    await f.sendCode()
    f.form.captcha = 'XXXX'
    requestSmsCode.mockRejectedValueOnce(captchaWrong())
    getCaptcha.mockResolvedValueOnce(picture('b2'))
    await f.sendCode()
    expect(f.captcha.value?.id).toBe('b2')
    expect(f.form.captcha).toBe('')
    expect(f.captchaError.value).toBe('login.captchaWrong')
  })

  it('does not send without an answer once a picture is shown, and refresh draws a new one', async () => {
    const f = effectScope().run(useLoginForm)!
    f.form.phone = '13800000001'
    requestSmsCode.mockRejectedValueOnce(captchaRequired())
    getCaptcha.mockResolvedValueOnce(picture('a1'))
    await f.sendCode()
    requestSmsCode.mockClear()
    await f.sendCode()
    expect(requestSmsCode).not.toHaveBeenCalled()
    expect(f.captchaError.value).toBe('login.captchaRequired')
    getCaptcha.mockResolvedValueOnce(picture('c3'))
    await f.refreshCaptcha()
    expect(f.captcha.value?.id).toBe('c3')
  })
})

describe('login: leaving the page', () => {
  it("takes the login page's messages away before the next page opens", async () => {
    const f = effectScope().run(useLoginForm)!
    f.form.phone = '13800000001'
    f.form.code = '123456'
    login.mockResolvedValueOnce({ user: { id: '1', permissions: [] } })
    let closedFirst = false
    replace.mockImplementationOnce(async () => {
      closedFirst = closeAll.mock.calls.length > 0
    })
    await f.submit()
    expect(replace).toHaveBeenCalledWith('/')
    expect(closedFirst).toBe(true)
  })
})
