/**
 * fflate for read-excel-file without Web Workers. fflate's asynchronous `unzip` inflates
 * every entry over 512 KB (the sheet of a few thousand rows) in a Worker made from a
 * `blob:` URL; the server's CSP (`script-src 'self'`) forbids such workers, and the
 * import would wait forever. The build points read-excel-file's `fflate` import here
 * (vite.config.ts, `fflateWithoutWorkers`): the same API, with `unzip` done synchronously
 * (a spreadsheet of a few MB inflates in well under a second).
 */
import { unzipSync, type AsyncUnzipOptions, type UnzipCallback } from 'fflate'

export * from 'fflate'

export function unzip(data: Uint8Array, opts: AsyncUnzipOptions | UnzipCallback, cb?: UnzipCallback): () => void {
  const callback = (typeof opts === 'function' ? opts : cb) as UnzipCallback
  const options = typeof opts === 'function' ? {} : opts
  let cancelled = false
  setTimeout(() => {
    if (cancelled) return
    try {
      const files = options.filter ? unzipSync(data, { filter: options.filter }) : unzipSync(data)
      callback(null, files)
    } catch (error) {
      callback(error as Parameters<UnzipCallback>[0], {})
    }
  }, 0)
  return () => {
    cancelled = true
  }
}
