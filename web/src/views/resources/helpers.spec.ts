import { describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import type { ResourceKind, ResourceRecord } from '@/api/resources'
import { satisfies, type Permission, type Requirement } from '@/utils/permissions'
import kindsFixture from './testdata/resource-kinds.json'
import { actorName } from './components/record'
import { describePlaybackError, streamHost } from './components/playback'
import { unzip } from './import/fflateNoWorker'
import { listQuery, sortFromTable, type ListFilters } from './list/useResourceList'
import { layerRows } from './map/useResourceMapPage'
import { byStaleness, staleShare } from './quality/useResourceQuality'
import { RESOURCE_SECTIONS } from './sections'
import { sectionAt, visibleOf } from '@/utils/sections'

const KINDS = (kindsFixture as { items: ResourceKind[] }).items

describe('the layer tree', () => {
  it('lists every located kind with its categories and their counts; hidden kinds unticked', () => {
    const rows = layerRows(
      KINDS,
      [
        { kind: 'team', category: 'social', count: 3 },
        { kind: 'team', category: 'professional', count: 4 },
        { kind: 'team_member', category: 'medic', count: 9 },
        { kind: 'shelter', category: 'legacy', count: 2 },
      ],
      new Set(['shelter']),
      'zh-CN',
    )
    expect(rows.map((r) => r.kind)).toEqual(KINDS.filter((k) => k.located).map((k) => k.key))
    const team = rows.find((r) => r.kind === 'team')!
    expect(team).toMatchObject({ name: '应急队伍', count: 7, visible: true })
    expect(team.categories.find((c) => c.code === 'social')).toEqual({ code: 'social', name: '社会应急救援队伍', count: 3 })
    expect(team.categories.filter((c) => c.count === 0).length).toBe(team.categories.length - 2)
    // A category the schema does not list still counts; hidden kinds are unticked.
    expect(rows.find((r) => r.kind === 'shelter')).toMatchObject({ count: 2, visible: false })
    expect(rows.some((r) => r.kind === 'team_member')).toBe(false)
  })
})

describe('the list', () => {
  const filters: ListFilters = {
    kind: 'team',
    region: '140100',
    category: '',
    q: ' 矿山 ',
    quality_below: null,
    stale: false,
    sort: 'id',
    order: 'asc',
  }

  it('asks only for the filters that are set', () => {
    expect(listQuery(filters)).toEqual({
      kind: 'team',
      region: '140100',
      category: undefined,
      q: '矿山',
      quality_below: undefined,
      stale: undefined,
      sort: 'id',
      order: 'asc',
    })
    expect(listQuery({ ...filters, quality_below: 60, stale: true, category: 'social' })).toMatchObject({
      quality_below: 60,
      stale: true,
      category: 'social',
    })
  })

  it('turns the table’s sort into the server’s', () => {
    expect(sortFromTable('name', 'descending')).toEqual({ sort: 'name', order: 'desc' })
    expect(sortFromTable('quality', 'ascending')).toEqual({ sort: 'quality', order: 'asc' })
    expect(sortFromTable('name', null)).toEqual({ sort: 'id', order: 'asc' })
    expect(sortFromTable(undefined, 'ascending')).toEqual({ sort: 'id', order: 'asc' })
  })
})

describe('data quality', () => {
  it('orders the stalest first and gives the stale share', () => {
    const r = (id: string, days: number) => ({ id, days_since_verified: days }) as ResourceRecord
    expect([r('1', 10), r('2', 400), r('3', 400), r('4', 95)].sort(byStaleness).map((x) => x.id)).toEqual(['2', '3', '4', '1'])
    expect(staleShare({ records: 378, stale: 27 })).toBe(7.1)
    expect(staleShare({ records: 0, stale: 0 })).toBe(0)
  })
})

describe('the drawer and the camera player', () => {
  it('names who changed a record', () => {
    expect(actorName('user:42 张三')).toBe('张三')
    expect(actorName('system:0 fenghuo demo-data')).toBe('fenghuo demo-data')
    expect(actorName('somebody')).toBe('somebody')
  })

  it('says which host a stream could not be played from', () => {
    expect(streamHost('https://video.example.invalid/live/1.m3u8')).toBe('video.example.invalid')
    expect(streamHost('not a url')).toBe('not a url')
    expect(describePlaybackError('network', 'video.example.invalid')).toContain('无法连接视频服务器 video.example.invalid')
    expect(describePlaybackError('timeout', 'cam:8080')).toContain('超时')
  })
})

describe('the resource pages', () => {
  const as =
    (...perms: Permission[]) =>
    (required: Requirement) =>
      satisfies(perms, required)

  it('show the import page only to writers', () => {
    expect(visibleOf(RESOURCE_SECTIONS, as('resources.read')).map((s) => s.key)).toEqual(['map', 'list', 'quality'])
    expect(visibleOf(RESOURCE_SECTIONS, as('resources.read', 'resources.write')).map((s) => s.key)).toEqual(['map', 'list', 'import', 'quality'])
  })

  it('know which page a path is on', () => {
    expect(sectionAt(RESOURCE_SECTIONS, '/resources', '/resources/list/shelter')).toBe('list')
    expect(sectionAt(RESOURCE_SECTIONS, '/resources', '/resources/map')).toBe('map')
    expect(sectionAt(RESOURCE_SECTIONS, '/resources', '/resources')).toBeNull()
  })
})

describe('unzipping without Web Workers (the CSP forbids blob: workers)', () => {
  it('inflates big entries too, asynchronously, through the callback', async () => {
    // Over fflate's 512 KB threshold, where its own unzip would start a Worker.
    const big = 'x'.repeat(700_000) + Math.random()
    const zipped = zipSync({ 'xl/worksheets/sheet1.xml': strToU8(big), 'skip.bin': new Uint8Array([1, 2, 3]) })
    const files = await new Promise<Record<string, Uint8Array>>((resolve, reject) =>
      unzip(zipped, { filter: (f) => f.name.endsWith('.xml') }, (error, data) => (error ? reject(error) : resolve(data))),
    )
    expect(Object.keys(files)).toEqual(['xl/worksheets/sheet1.xml'])
    expect(files['xl/worksheets/sheet1.xml']!.length).toBe(big.length)
  })
})
