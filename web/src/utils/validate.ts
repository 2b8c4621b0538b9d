/** Field rules shared by the desktop and mobile forms. Messages are i18n keys. */

/** A mainland China mobile number: 11 digits starting with 13–19. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/

/** An SMS login code: exactly 6 digits. */
export const SMS_CODE = /^\d{6}$/

export type FieldProblem = 'required' | 'format' | null

export function isMainlandMobile(value: string): boolean {
  return MAINLAND_MOBILE.test(value)
}

export function isSmsCode(value: string): boolean {
  return SMS_CODE.test(value)
}

/** What is wrong with a phone number as typed (surrounding spaces ignored), or null. */
export function checkPhone(value: string): FieldProblem {
  const v = value.trim()
  if (v === '') return 'required'
  return isMainlandMobile(v) ? null : 'format'
}

/** What is wrong with an SMS code as typed (surrounding spaces ignored), or null. */
export function checkSmsCode(value: string): FieldProblem {
  const v = value.trim()
  if (v === '') return 'required'
  return isSmsCode(v) ? null : 'format'
}

/** A phone number an organisation publishes: landline, hotline or mobile (digits, spaces, + - ( )). */
export const CONTACT_PHONE = /^\+?[0-9(][0-9 ()-]{1,18}[0-9]$/

export type TextProblem = 'required' | 'tooLong' | null

/** What is wrong with a text field (surrounding spaces ignored), or null. */
export function checkText(value: string | null | undefined, options: { required?: boolean; max?: number } = {}): TextProblem {
  const v = (value ?? '').trim()
  if (v === '') return options.required ? 'required' : null
  if (options.max !== undefined && [...v].length > options.max) return 'tooLong'
  return null
}

/** An optional contact or duty phone: empty, or a plausible number of 3 to 20 characters. */
export function checkContactPhone(value: string | null | undefined): FieldProblem {
  const v = (value ?? '').trim()
  if (v === '') return null
  return CONTACT_PHONE.test(v) && (v.match(/\d/g)?.length ?? 0) >= 3 ? null : 'format'
}
