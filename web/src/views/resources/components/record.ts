/** Radius of the drawer's 周边资源 list. */
export const NEARBY_RADIUS_M = 10_000

/** `user:42 张三` → 张三; `system:0 fenghuo demo-data` → fenghuo demo-data. */
export function actorName(updatedBy: string): string {
  const m = /^\w+:\d+\s+(.*)$/.exec(updatedBy.trim())
  return m ? (m[1] ?? '') : updatedBy
}
