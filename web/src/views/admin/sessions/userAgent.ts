/** A short "browser on system" from a User-Agent header (`Chrome 131 · Windows`). */
export function describeUserAgent(ua: string | null | undefined): string {
  const text = ua ?? ''
  if (!text.trim()) return '—'
  const browser =
    match(text, /Edg\/(\d+)/, 'Edge') ??
    match(text, /(?:OPR|Opera)\/(\d+)/, 'Opera') ??
    match(text, /Firefox\/(\d+)/, 'Firefox') ??
    match(text, /(?:HeadlessChrome|Chromium|Chrome)\/(\d+)/, text.includes('HeadlessChrome') ? 'Headless Chrome' : 'Chrome') ??
    match(text, /Version\/(\d+).*Safari\//, 'Safari') ??
    match(text, /^curl\/(\d+)/, 'curl')
  const system = /Windows/.test(text)
    ? 'Windows'
    : /Android/.test(text)
      ? 'Android'
      : /iPhone|iPad|iOS/.test(text)
        ? 'iOS'
        : /Mac OS X|Macintosh/.test(text)
          ? 'macOS'
          : /Linux/.test(text)
            ? 'Linux'
            : null
  if (!browser) return text.length > 60 ? `${text.slice(0, 57)}...` : text
  return system ? `${browser} · ${system}` : browser
}

function match(text: string, re: RegExp, name: string): string | null {
  const m = re.exec(text)
  return m ? `${name} ${m[1]}` : null
}
