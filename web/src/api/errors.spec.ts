import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '@/locales'
import { fieldError, fieldLabel, isVersionConflict, KNOWN_CODES, localizeError } from './errors'
import { ApiError } from './http'

const err = (init: Partial<ConstructorParameters<typeof ApiError>[0]> & { code: string }) =>
  new ApiError({ status: 400, message: 'server says no', ...init })

afterEach(() => setLocale('zh-CN'))

describe('localizeError', () => {
  it('has a message of its own for every known code, in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      setLocale(locale)
      for (const code of KNOWN_CODES) {
        const message = localizeError(err({ code }))
        expect(message, `${locale} ${code}`).not.toMatch(/^apiErrors\./)
        expect(message.length, code).toBeGreaterThan(3)
      }
    }
  })

  it('speaks the user language', () => {
    expect(localizeError(err({ status: 403, code: 'forbidden' }))).toContain('没有权限')
    setLocale('en')
    expect(localizeError(err({ status: 403, code: 'forbidden' }))).toContain('You may not')
  })

  it('falls back to the server message for an unknown code', () => {
    expect(localizeError(err({ status: 422, code: 'region_locked', message: '该地区已锁定' }))).toBe('该地区已锁定')
  })

  it('names the field of a validation failure, with the server detail where readable', () => {
    // The server writes English: a Chinese user gets our wording alone, unless the detail is Chinese.
    expect(localizeError(err({ code: 'validation_failed', field: 'org_id', message: 'unknown organisation' }))).toBe('所属单位填写有误，请检查后重试')
    expect(localizeError(err({ code: 'validation_failed', field: 'org_id', message: '单位已停用' }))).toBe('所属单位填写有误：单位已停用')
    expect(localizeError(err({ code: 'validation_failed', field: 'name', message: 'name is required' }))).toBe('请填写名称')
    setLocale('en')
    expect(localizeError(err({ code: 'validation_failed', field: 'org_id', message: 'unknown organisation' }))).toBe(
      'Organisation is not valid: unknown organisation',
    )
  })

  it('uses the fixed wording for fields with a known rule', () => {
    expect(localizeError(err({ code: 'validation_failed', field: 'phone', message: 'bad phone' }))).toBe('手机号格式不正确，应为 11 位中国大陆手机号')
  })

  it('keeps an unknown field name rather than hiding it', () => {
    expect(fieldLabel('frobnicate')).toBe('frobnicate')
    expect(localizeError(err({ code: 'validation_failed', field: 'frobnicate', message: 'x' }))).toContain('frobnicate')
  })

  it('tells a duplicate value from a stale version', () => {
    expect(localizeError(err({ status: 409, code: 'conflict', field: 'phone' }))).toBe('手机号已被使用，请更换')
    expect(localizeError(err({ status: 409, code: 'conflict' }))).toContain('已被他人修改')
    expect(localizeError(err({ status: 409, code: 'conflict', field: 'version' }))).toContain('已被他人修改')
    expect(isVersionConflict(err({ status: 409, code: 'conflict' }))).toBe(true)
    expect(isVersionConflict(err({ status: 409, code: 'conflict', field: 'phone' }))).toBe(false)
  })

  it('says how long to wait when rate limited', () => {
    expect(localizeError(err({ status: 429, code: 'rate_limited', retryAfter: 42 }))).toBe('操作过于频繁，请 42 秒后再试')
    expect(localizeError(err({ status: 429, code: 'rate_limited' }))).toBe('操作过于频繁，请稍后再试')
  })

  it('keeps the request id of a server fault', () => {
    const fault = err({ status: 500, code: 'internal', message: 'boom', requestId: 'req-7' })
    expect(localizeError(fault)).toContain('服务器内部错误')
    expect(localizeError(fault)).toContain('req-7')
    expect(localizeError(fault, {}, { requestId: false })).not.toContain('req-7')
    expect(localizeError(err({ status: 502, code: 'http_502', requestId: 'r9' }))).toContain('r9')
    // a client error does not show it
    expect(localizeError(err({ status: 403, code: 'forbidden', requestId: 'r1' }))).not.toContain('r1')
  })

  it('takes per-call wording', () => {
    expect(localizeError(err({ status: 401, code: 'unauthenticated' }), { unauthenticated: 'login.codeWrong' })).toContain('验证码错误')
  })

  it('describes a non-ApiError', () => {
    expect(localizeError(new Error('kaput'))).toBe('kaput')
  })
})

describe('fieldError', () => {
  it('puts validation and duplicate errors on their field', () => {
    expect(fieldError(err({ code: 'validation_failed', field: 'name', message: '太长' }))).toEqual({
      field: 'name',
      message: '名称填写有误：太长',
    })
    expect(fieldError(err({ status: 409, code: 'conflict', field: 'phone' }))).toEqual({ field: 'phone', message: '手机号已被使用，请更换' })
  })

  it('leaves other errors to the form', () => {
    expect(fieldError(err({ code: 'forbidden', field: 'region' }))).toBeNull()
    expect(fieldError(err({ code: 'validation_failed' }))).toBeNull()
    expect(fieldError(err({ status: 409, code: 'conflict', field: 'version' }))).toBeNull()
    expect(fieldError(new Error('x'))).toBeNull()
  })
})
