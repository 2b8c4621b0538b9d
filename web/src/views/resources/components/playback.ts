import { t } from '@/locales'

/** How long a stream may take to start before the player gives up. */
export const PLAYBACK_TIMEOUT_MS = 15_000

export type PlaybackProblem = 'network' | 'timeout' | 'media' | 'unsupported' | 'other'

/** The host of a stream address, for the message (`cam.example.net:8080`). */
export function streamHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** What to tell the user when a camera's stream does not play. */
export function describePlaybackError(problem: PlaybackProblem, host: string): string {
  switch (problem) {
    case 'network':
      return t('res.camera.network', { host })
    case 'timeout':
      return t('res.camera.timeout', { host })
    case 'media':
      return t('res.camera.media')
    case 'unsupported':
      return t('res.camera.unsupported')
    default:
      return t('res.camera.other', { host })
  }
}
