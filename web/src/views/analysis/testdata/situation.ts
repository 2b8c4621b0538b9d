/** Answers of the analysis API as docs/openapi.yaml (tag analysis) describes them, for the specs. */
import type { QuakePicture, Situation, SituationItem } from '@/api/analysis'

export function item(over: Partial<SituationItem> & Pick<SituationItem, 'kind' | 'name' | 'distance_m'>): SituationItem {
  return {
    category: '',
    category_name: '',
    region: '140105',
    lon: 112.55,
    lat: 37.85,
    ring_m: 5000,
    eta_min: null,
    other_region: false,
    ...over,
  }
}

export function situation(): Situation {
  return {
    point: { lon: 112.55, lat: 37.85, region: '140105', region_name: '小店区' },
    type: 'N01',
    incident_id: '7',
    rings_m: [5000, 10000, 20000, 50000],
    eta_method: 'straight_line',
    eta_note: '直线距离按队伍类型车速估算',
    kinds: [
      {
        kind: 'shelter',
        name: '避难场所',
        name_en: 'Shelter',
        within: [1, 2, 2, 5],
        other_within: [0, 0, 1, 3],
        nearest: [item({ id: '31', kind: 'shelter', name: '龙城公园', distance_m: 2100, capacity: 8000 })],
        neighbours: [],
      },
      {
        kind: 'team',
        name: '应急队伍',
        name_en: 'Rescue team',
        within: [0, 1, 3, 4],
        other_within: [1, 1, 2, 6],
        nearest: [
          item({
            id: '12',
            kind: 'team',
            name: '小店区消防救援大队',
            category: 'national_fire',
            category_name: '国家综合性消防救援队伍',
            distance_m: 6400,
            ring_m: 10000,
            eta_min: 9.6,
            size: 35,
            equipment: [
              { category: 'earthquake', category_name: '地震救援装备', quantity: 12 },
              { category: 'lighting', category_name: '照明装备', quantity: 4 },
            ],
          }),
          item({ id: '13', kind: 'team', name: '太原市矿山救护队', distance_m: 15000, ring_m: 20000, eta_min: 22.5 }),
        ],
        neighbours: [
          item({
            kind: 'team',
            name: '榆次区应急救援队',
            distance_m: 4200,
            ring_m: 5000,
            other_region: true,
            region: '140702',
            region_name: '榆次区',
            owner: '晋中市榆次区应急管理局',
            contact_phone: '0354-1234567',
          }),
        ],
      },
      {
        kind: 'depot',
        name: '物资库',
        name_en: 'Depot',
        within: [0, 0, 1, 1],
        other_within: [0, 0, 0, 0],
        nearest: [
          item({
            id: '21',
            kind: 'depot',
            name: '小店区物资储备库',
            distance_m: 12000,
            ring_m: 20000,
            stock: [
              { item: '棉帐篷', category: 'tent', category_name: '帐篷', quantity: 200, unit: '顶' },
              { item: '', category: 'water', category_name: '饮用水', quantity: 5000.5, unit: '箱' },
            ],
          }),
        ],
        neighbours: [],
      },
    ],
    rings: [
      {
        radius_m: 5000,
        population: { people: 210000.4, counties: [{ code: '140105', name: '小店区', overlap_km2: 78.5, density_per_km2: 2675, people: 210000 }] },
        shelter_capacity: 8000,
      },
      { radius_m: 10000, population: { people: 640000, counties: [] }, shelter_capacity: 8000 },
      { radius_m: 20000, population: { people: 1500000, counties: [] }, shelter_capacity: 2_000_000 },
      { radius_m: 50000, population: { people: 0, counties: [] }, shelter_capacity: 0 },
    ],
    population_method: 'census_density',
    population_note: '按第七次人口普查各县人口密度估算',
    warnings: [],
    incidents: [],
    stations: [],
    on_duty: [],
  }
}

export function quakePicture(): QuakePicture {
  const ring: [number, number][] = [
    [112.5, 37.8],
    [112.6, 37.8],
    [112.6, 37.9],
    [112.5, 37.8],
  ]
  return {
    point: { lon: 112.55, lat: 37.85 },
    magnitude: 6.5,
    depth_km: 10,
    strike_deg: 30,
    relation: '汪素云等(2000) 中国东部烈度衰减关系',
    zones: [
      {
        intensity: 6,
        long_axis_km: 80.1,
        short_axis_km: 40.2,
        outline: ring,
        people: 1200000,
        exposed: [
          item({ id: '90', kind: 'protection_target', name: '第五中学', distance_m: 30000 }),
          item({ id: '91', kind: 'enterprise', name: '尾矿库甲', distance_m: 45000 }),
          item({ id: '92', kind: 'enterprise', name: '危化企业乙', distance_m: 35000 }),
        ],
      },
      { intensity: 7, long_axis_km: 40, short_axis_km: 20, outline: ring, people: 300000, exposed: [] },
      {
        intensity: 8,
        long_axis_km: 15,
        short_axis_km: 8,
        outline: ring,
        people: 50000.6,
        exposed: [item({ id: '95', kind: 'water_facility', name: '汾河二库', distance_m: 9000 })],
      },
    ],
  }
}
