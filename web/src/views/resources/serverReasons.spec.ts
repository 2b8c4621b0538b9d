import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import { setLocale } from '@/locales'
import { childrenCount, describeFailure, stripFieldPrefix, translateReason, type ReasonContext } from './serverReasons'

const LABELS: Record<string, string> = { size: '队伍人数（人）', region: '行政区划', lon: '经度', parent_id: '所属记录', 名称: '名称' }
const ctx: ReasonContext = {
  label: (key) => LABELS[key] ?? key,
  regionName: (code) => ({ '140105': '小店区', '140106': '迎泽区' })[code] ?? code,
  kindName: (key) => ({ team: '应急队伍', depot: '物资库' })[key] ?? key,
}

afterEach(() => setLocale('zh-CN'))

describe('the server’s refusals in the user’s language', () => {
  it('strips the field prefix', () => {
    expect(stripFieldPrefix('size: must be a number', 'size')).toBe('must be a number')
    expect(stripFieldPrefix('lon/lat: the point lies outside the province')).toBe('the point lies outside the province')
  })

  it('names the field in every known reason (the messages of server/src/resources/model.cpp)', () => {
    expect(translateReason('size', 'size: is required', ctx)).toBe('请填写队伍人数（人）')
    expect(translateReason('size', 'size: must be a number', ctx)).toBe('队伍人数（人）应为数字')
    expect(translateReason('size', 'size: must be a whole number', ctx)).toBe('队伍人数（人）应为整数')
    expect(translateReason('size', 'size: must be between 1 and 100000', ctx)).toBe('队伍人数（人）应在 1 到 100000 之间')
    expect(translateReason('size', 'size: is longer than 200 bytes', ctx)).toBe('队伍人数（人）不能超过 200 字节（约 66 个汉字）')
    expect(
      translateReason('region', 'region: the point lies in county 140105, not in region 140106; correct the region or the coordinates', ctx),
    ).toBe('坐标位于小店区（140105），不在所填的迎泽区（140106）内；请更正行政区划或坐标')
    expect(translateReason('lon', 'lon/lat: the point lies outside the province; check the coordinates (WGS-84, longitude first)', ctx)).toContain(
      '坐标不在本省范围内',
    )
    expect(translateReason('名称', '名称: is not a field of team', ctx)).toBe('“名称”不是应急队伍的字段，请删除该列或改为模板中的列名')
    expect(translateReason('parent_id', 'parent_id: no depot with id 99', ctx)).toBe('找不到编号为 99 的物资库（或不在您的管辖范围内）')
    expect(translateReason('region', 'region: unknown region 149999', ctx)).toBe('行政区划代码 149999 不存在')
  })

  it('falls back to a plain "check" in Chinese and the server’s words in English', () => {
    expect(translateReason('size', 'size: something new', ctx)).toBe('队伍人数（人）填写有误，请检查后重试')
    expect(translateReason('', 'something new', ctx)).toBe('此行数据有误，请检查')
    setLocale('en')
    expect(translateReason('size', 'size: something new', ctx)).toBe('队伍人数（人）: something new')
  })

  it('puts a field refusal under its field and anything else above the form', () => {
    const refused = new ApiError({ status: 400, code: 'validation_failed', message: 'size: must be a number', field: 'size' })
    expect(describeFailure(refused, ctx)).toEqual({ field: 'size', message: '队伍人数（人）应为数字' })
    const forbidden = new ApiError({ status: 403, code: 'forbidden', message: 'region 140200 is outside your jurisdiction', field: 'region' })
    expect(describeFailure(forbidden, ctx)).toEqual({ field: 'region', message: '所填行政区划超出您的管辖范围' })
    const stale = new ApiError({ status: 409, code: 'conflict', message: 'changed', field: 'version' })
    expect(describeFailure(stale, ctx).field).toBeNull()
  })

  it('reads how many records block a delete', () => {
    expect(
      childrenCount(
        new ApiError({
          status: 409,
          code: 'conflict',
          message: '7 records (members, equipment or stock) belong to this one; move or delete them first',
        }),
      ),
    ).toBe(7)
    expect(childrenCount(new ApiError({ status: 409, code: 'conflict', message: 'changed' }))).toBeNull()
    expect(childrenCount(new Error('x'))).toBeNull()
  })
})
