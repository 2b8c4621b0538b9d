import { afterEach, describe, expect, it, vi } from 'vitest'
import { documentKind, fileProblem, fileUrl, formatBytes, MAX_FILE_BYTES, uploadFile } from './files'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('uploadFile', () => {
  it('posts the raw bytes with the name in the query and the file type', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        seen.push({ url: String(input), init })
        return new Response(JSON.stringify({ id: 'f1', name: '通知.pdf', type: 'application/pdf', size: 5, sha256: 'x', created_at: '' }), {
          status: 201,
          headers: { 'Content-Type': 'application/json' },
        })
      }),
    )
    const blob = new Blob(['%PDF-'], { type: 'application/pdf' })
    await expect(uploadFile(blob, '通知.pdf')).resolves.toMatchObject({ id: 'f1' })
    expect(decodeURIComponent(seen[0]!.url)).toBe('/api/v1/files?name=通知.pdf')
    expect(seen[0]!.init?.method).toBe('POST')
    expect(seen[0]!.init?.body).toBe(blob)
    expect((seen[0]!.init?.headers as Record<string, string>)['Content-Type']).toBe('application/pdf')
  })
})

describe('file checks', () => {
  it('knows the kinds the server stores', () => {
    expect(documentKind({ name: 'a.PDF' })).toBe('pdf')
    expect(documentKind({ name: 'scan', type: 'image/jpeg' })).toBe('image')
    expect(documentKind({ name: 'a.docx', type: '' })).toBe('docx')
    expect(documentKind({ name: 'a.doc' })).toBeNull()
    expect(documentKind({ name: 'a.xlsx', type: 'application/vnd.ms-excel' })).toBeNull()
  })

  it('refuses other kinds, empty files and files over 20 MB', () => {
    expect(fileProblem({ name: 'a.pdf', size: 10 })).toBeNull()
    expect(fileProblem({ name: 'a.exe', size: 10 })).toBe('type')
    expect(fileProblem({ name: 'a.png', size: 0 })).toBe('empty')
    expect(fileProblem({ name: 'a.png', size: MAX_FILE_BYTES + 1 })).toBe('size')
    expect(fileProblem({ name: 'a.png', size: MAX_FILE_BYTES })).toBeNull()
  })

  it('formats sizes and URLs', () => {
    expect(formatBytes(12)).toBe('12 B')
    expect(formatBytes(2048)).toBe('2 KB')
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB')
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB')
    expect(fileUrl('a/b')).toBe('/api/v1/files/a%2Fb')
  })
})
