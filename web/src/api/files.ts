/**
 * Stored files (attachments, faxes): `POST /api/v1/files?name=…` with the raw bytes as the
 * body, `GET /api/v1/files/{id}` for the bytes. The server takes PDF, PNG, JPEG and DOCX
 * (checked from the content), at most 20 MB.
 */
import { http } from './http'

export interface UploadedFile {
  id: string
  name: string
  type: string
  size: number
  sha256: string
  created_at: string
}

/** A file as other records refer to it. */
export interface FileRef {
  id: string
  name: string
  type: string
  size: number
}

export const MAX_FILE_BYTES = 20 * 1024 * 1024

export type DocumentKind = 'pdf' | 'image' | 'docx'

const BY_EXTENSION: Record<string, DocumentKind> = { pdf: 'pdf', png: 'image', jpg: 'image', jpeg: 'image', docx: 'docx' }
const BY_TYPE: Record<string, DocumentKind> = {
  'application/pdf': 'pdf',
  'image/png': 'image',
  'image/jpeg': 'image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
}

/** The `accept` of a file input for what the server stores. */
export const DOCUMENT_ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,' + Object.keys(BY_TYPE).join(',')

/** PDF, image or DOCX by MIME type, else by the name's extension; null for anything else. */
export function documentKind(file: { name: string; type?: string | undefined }): DocumentKind | null {
  const type = (file.type ?? '').toLowerCase().split(';')[0]!.trim()
  if (type && BY_TYPE[type]) return BY_TYPE[type]!
  const ext = file.name.toLowerCase().split('.').pop() ?? ''
  return BY_EXTENSION[ext] ?? null
}

/** Why a file cannot be sent, before uploading: wrong kind, empty or too large; null when fine. */
export function fileProblem(file: { name: string; type?: string | undefined; size: number }, max = MAX_FILE_BYTES): 'type' | 'empty' | 'size' | null {
  if (!documentKind(file)) return 'type'
  if (file.size <= 0) return 'empty'
  if (file.size > max) return 'size'
  return null
}

/** `1.2 MB`, `350 KB`, `12 B`. */
export function formatBytes(size: number): string {
  if (!Number.isFinite(size) || size < 0) return ''
  if (size < 1024) return `${size} B`
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`
  return `${Number((size / (1024 * 1024)).toFixed(1))} MB`
}

/** Uploads the bytes of `file` under `name` (default: the file's own name). */
export function uploadFile(file: Blob, name?: string, options: { signal?: AbortSignal } = {}): Promise<UploadedFile> {
  const fileName = name ?? (file instanceof File ? file.name : 'file')
  return http.request<UploadedFile>('POST', '/api/v1/files', {
    query: { name: fileName },
    content: { data: file, type: file.type || 'application/octet-stream' },
    silent: true,
    ...options,
  })
}

/** Where the browser fetches or downloads the file. */
export function fileUrl(id: string): string {
  return `/api/v1/files/${encodeURIComponent(id)}`
}
