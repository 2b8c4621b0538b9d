/**
 * Element Plus form rules that validate as the user types and name the field in every
 * message (`请填写姓名`, `手机号格式不正确…`). `field` is an i18n key of the field's label.
 */
import type { FormItemRule } from 'element-plus'
import { t } from '@/locales'
import { checkContactPhone, checkPhone, checkText } from './validate'

type Trigger = 'change' | 'blur'
const TRIGGERS: Trigger[] = ['change', 'blur']

function rule(check: (value: unknown) => string | null): FormItemRule {
  return {
    trigger: TRIGGERS,
    validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
      const message = check(value)
      callback(message ? new Error(message) : undefined)
    },
  }
}

/** The message for a text field, or null when it is fine. */
export function textMessage(field: string, value: unknown, options: { required?: boolean; max?: number }): string | null {
  const problem = checkText(typeof value === 'string' ? value : value == null ? '' : String(value), options)
  if (problem === 'required') return t('validation.required', { field: t(field) })
  if (problem === 'tooLong') return t('validation.tooLong', { field: t(field), max: options.max ?? 0 })
  return null
}

export function mobileMessage(field: string, value: unknown, required = true): string | null {
  const text = typeof value === 'string' ? value : ''
  const problem = checkPhone(text)
  if (problem === 'required') return required ? t('validation.required', { field: t(field) }) : null
  return problem ? t('validation.mobile', { field: t(field) }) : null
}

export function contactPhoneMessage(field: string, value: unknown): string | null {
  return checkContactPhone(typeof value === 'string' ? value : '') ? t('validation.contactPhone', { field: t(field) }) : null
}

/** A required choice: a non-empty string or a non-empty list. */
export function choiceMessage(field: string, value: unknown): string | null {
  const empty = value == null || value === '' || (Array.isArray(value) && value.length === 0)
  if (!empty) return null
  return Array.isArray(value) ? t('validation.atLeastOne', { field: t(field) }) : t('validation.select', { field: t(field) })
}

export const rules = {
  text: (field: string, options: { required?: boolean; max?: number } = {}) => rule((v) => textMessage(field, v, options)),
  mobile: (field: string, required = true) => rule((v) => mobileMessage(field, v, required)),
  contactPhone: (field: string) => rule((v) => contactPhoneMessage(field, v)),
  choice: (field: string) => rule((v) => choiceMessage(field, v)),
}

/** The form's rules pass; false when one fails (Element Plus rejects then) or there is no form. */
export async function formValid(form: { validate: () => Promise<boolean | undefined> } | null | undefined): Promise<boolean> {
  try {
    return (await form?.validate()) ?? false
  } catch {
    return false
  }
}
