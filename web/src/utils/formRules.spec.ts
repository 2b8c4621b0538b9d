import { describe, expect, it } from 'vitest'
import { choiceMessage, contactPhoneMessage, mobileMessage, rules, textMessage } from './formRules'
import { checkContactPhone, checkText } from './validate'

describe('form rule messages name the field', () => {
  it('text', () => {
    expect(textMessage('fields.name', '  ', { required: true })).toBe('请填写名称')
    expect(textMessage('fields.name', '', {})).toBeNull()
    expect(textMessage('fields.name', '一二三四五六', { max: 5 })).toBe('名称不能超过 5 个字')
    expect(textMessage('fields.name', '一二三四五', { max: 5 })).toBeNull()
  })

  it('mobile', () => {
    expect(mobileMessage('fields.phone', '')).toBe('请填写手机号')
    expect(mobileMessage('fields.phone', '', false)).toBeNull()
    expect(mobileMessage('fields.phone', '12800000000')).toBe('手机号格式不正确，应为 11 位中国大陆手机号')
    expect(mobileMessage('fields.phone', '13800000001')).toBeNull()
  })

  it('contact phone', () => {
    expect(contactPhoneMessage('fields.duty_phone', '')).toBeNull()
    expect(contactPhoneMessage('fields.duty_phone', '0351-4040123')).toBeNull()
    expect(contactPhoneMessage('fields.duty_phone', 'call me')).toContain('值班电话')
  })

  it('choice', () => {
    expect(choiceMessage('fields.type', '')).toBe('请选择机构类型')
    expect(choiceMessage('fields.roles', [])).toBe('请至少选择一个角色')
    expect(choiceMessage('fields.roles', ['viewer'])).toBeNull()
  })
})

describe('rules validate as you type', () => {
  it('runs on change and blur and reports through the callback', async () => {
    const rule = rules.mobile('fields.phone')
    expect(rule.trigger).toEqual(['change', 'blur'])
    const run = (value: unknown) =>
      new Promise<Error | undefined>((resolve) => {
        const validator = rule.validator as (r: unknown, v: unknown, cb: (e?: Error) => void) => void
        validator({}, value, resolve)
      })
    expect((await run('139'))?.message).toContain('手机号')
    expect(await run('13900000000')).toBeUndefined()
  })
})

describe('checkText and checkContactPhone', () => {
  it('count characters, not UTF-16 units', () => {
    expect(checkText('𠀀𠀀', { max: 2 })).toBeNull()
    expect(checkText('abc', { max: 2 })).toBe('tooLong')
  })

  it('accept landlines, hotlines and mobiles; refuse letters', () => {
    for (const ok of ['0351-4040123', '(0351) 4040123', '12350', '+86 138 0000 0001', '13800000001']) {
      expect(checkContactPhone(ok), ok).toBeNull()
    }
    for (const bad of ['abc', '12', '0351-404012x', '-0351']) expect(checkContactPhone(bad), bad).toBe('format')
  })
})
