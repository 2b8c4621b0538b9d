/**
 * The text of a file: UTF-8 (with or without Excel's BOM), or GB18030 when it is not valid
 * UTF-8 (a CSV saved by Excel on a Chinese Windows).
 */
export function decodeText(buffer: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer)
  } catch {
    return new TextDecoder('gb18030').decode(buffer)
  }
}
