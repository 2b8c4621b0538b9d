import { describe, expect, it } from 'vitest'
import { bboxParam, exportUrl, templateUrl } from './resources'

describe('resource URLs', () => {
  it('sends a short bbox', () => {
    expect(bboxParam([110.123456789, 34.5, 114.6000001, 40.8])).toBe('110.12346,34.5,114.6,40.8')
  })

  it('downloads the template and the export of the list’s filters (without paging or stale)', () => {
    expect(templateUrl('team', 'xlsx')).toBe('/api/v1/resources/template?kind=team&format=xlsx')
    const url = exportUrl(
      { kind: 'shelter', region: '140100', q: '学校', category: '', stale: true, limit: 20, offset: 40, sort: 'name', order: 'desc' },
      'csv',
    )
    const params = new URL(url, 'http://x').searchParams
    expect(new URL(url, 'http://x').pathname).toBe('/api/v1/resources/export')
    expect(Object.fromEntries(params)).toEqual({ kind: 'shelter', region: '140100', q: '学校', sort: 'name', order: 'desc', format: 'csv' })
  })
})
