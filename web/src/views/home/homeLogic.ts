/**
 * The home page's arithmetic, free of Vue: bars scaled to the largest count, the live feed of
 * incidents (newest first, one row per incident), relative times and deadline spans.
 */
import type { ActiveIncident } from '@/api/dashboard'
import { LEVELS, type Level } from '@/api/incidents'
import { splitDuration } from '@/utils/time'

export interface Bar {
  key: string
  name: string
  count: number
  /** Width in percent of the largest count (at least 2 when the count is not 0, so it shows). */
  pct: number
}

/** The `limit` largest counts, largest first (ties by name), as bars. */
export function topBars(items: readonly { key: string; name: string; count: number }[], limit = 6): Bar[] {
  const sorted = [...items].filter((i) => i.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'))
  const top = sorted.slice(0, limit)
  const max = top[0]?.count ?? 0
  return top.map((i) => ({ ...i, pct: max > 0 ? Math.max(2, Math.round((i.count / max) * 100)) : 0 }))
}

/** Level counts in order I → IV, with each level's share of the total in percent. */
export function levelShares(byLevel: Partial<Record<Level, number>>): { level: Level; count: number; pct: number }[] {
  const total = LEVELS.reduce((sum, l) => sum + (byLevel[l] ?? 0), 0)
  return LEVELS.map((level) => {
    const count = byLevel[level] ?? 0
    return { level, count, pct: total > 0 ? Math.round((count / total) * 100) : 0 }
  })
}

export interface FeedItem extends ActiveIncident {
  /** Arrived live since the page loaded. */
  live?: boolean
}

/** Newest first by occurrence; one row per incident (a later copy replaces an earlier one); at most `limit`. */
export function mergeFeed(current: readonly FeedItem[], incoming: readonly FeedItem[], limit = 40): FeedItem[] {
  const byId = new Map<string, FeedItem>()
  for (const item of current) byId.set(item.id, item)
  for (const item of incoming) byId.set(item.id, { ...byId.get(item.id), ...item })
  return [...byId.values()]
    .filter((i) => i.status !== 'merged')
    .sort((a, b) => Date.parse(b.occurred_at) - Date.parse(a.occurred_at))
    .slice(0, limit)
}

/** The part of an incident event's data the feed and the map use, or null when it is not an incident. */
export function feedItemOf(data: unknown): FeedItem | null {
  if (!data || typeof data !== 'object') return null
  const o = data as Record<string, unknown>
  if (o.id === undefined || typeof o.title !== 'string' || typeof o.occurred_at !== 'string') return null
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  return {
    id: String(o.id),
    title: o.title,
    level: (typeof o.level === 'string' ? o.level : 'IV') as Level,
    type: typeof o.type === 'string' ? o.type : '',
    type_name: typeof o.type_name === 'string' ? o.type_name : '',
    lon: num(o.lon),
    lat: num(o.lat),
    region: typeof o.region === 'string' ? o.region : '',
    status: typeof o.status === 'string' ? o.status : 'received',
    occurred_at: o.occurred_at,
    drill: o.drill === true,
    live: true,
  }
}

export type Relative = { key: 'justNow' } | { key: 'minutesAgo'; n: number } | { key: 'hoursAgo'; n: number } | { key: 'daysAgo'; n: number }

/** "刚刚", "12 分钟前", "3 小时前", "2 天前" as a key and a number. */
export function relativeTime(at: string, now: number): Relative {
  const seconds = Math.max(0, Math.floor((now - Date.parse(at)) / 1000))
  if (!Number.isFinite(seconds) || seconds < 60) return { key: 'justNow' }
  if (seconds < 3600) return { key: 'minutesAgo', n: Math.floor(seconds / 60) }
  if (seconds < 86_400) return { key: 'hoursAgo', n: Math.floor(seconds / 3600) }
  return { key: 'daysAgo', n: Math.floor(seconds / 86_400) }
}

/** `1:05:09`, `12:30` (minutes and seconds), or `2 天 3 小时` for long spans; seconds ≥ 0. */
export function clockSpan(seconds: number): { days: number; text: string } {
  const d = splitDuration(seconds)
  const pad = (n: number) => String(n).padStart(2, '0')
  if (d.days > 0) return { days: d.days, text: `${d.hours}:${pad(d.minutes)}:${pad(d.seconds)}` }
  return { days: 0, text: d.hours > 0 ? `${d.hours}:${pad(d.minutes)}:${pad(d.seconds)}` : `${pad(d.minutes)}:${pad(d.seconds)}` }
}

/** Incidents that can be drawn: with a position, not merged or closed. */
export function placed(items: readonly ActiveIncident[]): (ActiveIncident & { lon: number; lat: number })[] {
  return items.filter(
    (i): i is ActiveIncident & { lon: number; lat: number } =>
      typeof i.lon === 'number' && typeof i.lat === 'number' && Number.isFinite(i.lon) && Number.isFinite(i.lat) && i.status !== 'merged' && i.status !== 'closed',
  )
}
