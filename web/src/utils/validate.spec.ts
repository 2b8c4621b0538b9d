import { describe, expect, it } from 'vitest'
import { checkPhone, checkSmsCode, isMainlandMobile, isSmsCode } from './validate'

describe('isMainlandMobile', () => {
  it.each(['13800138000', '15912345678', '19999999999', '14700000000'])('accepts %s', (phone) => {
    expect(isMainlandMobile(phone)).toBe(true)
  })

  it.each([
    ['', 'empty'],
    ['1380013800', '10 digits'],
    ['138001380000', '12 digits'],
    ['12800138000', 'second digit 2'],
    ['10800138000', 'second digit 0'],
    ['23800138000', 'does not start with 1'],
    ['1380013800a', 'a letter'],
    ['+8613800138000', 'country prefix'],
    ['138 0013 8000', 'spaces inside'],
    ['１３８００１３８０００', 'full-width digits'],
  ])('rejects %s (%s)', (phone) => {
    expect(isMainlandMobile(phone)).toBe(false)
  })
})

describe('checkPhone', () => {
  it('reports a missing number as required', () => {
    expect(checkPhone('')).toBe('required')
    expect(checkPhone('   ')).toBe('required')
  })

  it('reports a malformed number as format, while typing', () => {
    expect(checkPhone('138')).toBe('format')
    expect(checkPhone('11111111111')).toBe('format')
  })

  it('accepts a valid number, ignoring surrounding spaces', () => {
    expect(checkPhone('13800138000')).toBeNull()
    expect(checkPhone(' 13800138000 ')).toBeNull()
  })
})

describe('SMS code', () => {
  it('needs exactly six digits', () => {
    expect(isSmsCode('123456')).toBe(true)
    expect(isSmsCode('12345')).toBe(false)
    expect(isSmsCode('1234567')).toBe(false)
    expect(isSmsCode('12345a')).toBe(false)
    expect(checkSmsCode('')).toBe('required')
    expect(checkSmsCode('12')).toBe('format')
    expect(checkSmsCode('000000')).toBeNull()
  })
})
