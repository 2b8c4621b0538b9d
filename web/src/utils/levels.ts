/**
 * The four incident levels and their fixed colours (UI.md): the same everywhere, always
 * with the level's name in text beside the colour for colour-blind users.
 */
import type { Level } from '@/api/incidents'

export const LEVEL_COLOURS: Readonly<Record<Level, string>> = {
  I: '#d9001b',
  II: '#ff7d00',
  III: '#f7ba1e',
  IV: '#1e6fff',
}

/** Text on a filled level badge: dark on yellow, white elsewhere (readable contrast). */
export const LEVEL_TEXT_COLOURS: Readonly<Record<Level, string>> = {
  I: '#ffffff',
  II: '#ffffff',
  III: '#3d2e00',
  IV: '#ffffff',
}

/** The level's name written in its colour on white (yellow darkened so it can be read). */
export const LEVEL_LABEL_COLOURS: Readonly<Record<Level, string>> = {
  I: '#d9001b',
  II: '#e06e00',
  III: '#a07400',
  IV: '#1e6fff',
}

/** Roman numerals as people write them (Ⅰ Ⅱ Ⅲ Ⅳ). */
export const LEVEL_NUMERALS: Readonly<Record<Level, string>> = { I: 'Ⅰ', II: 'Ⅱ', III: 'Ⅲ', IV: 'Ⅳ' }

export function isLevel(value: unknown): value is Level {
  return value === 'I' || value === 'II' || value === 'III' || value === 'IV'
}

/** The colour of a level; grey for an unknown one. */
export function levelColour(level: string | null | undefined): string {
  return isLevel(level) ? LEVEL_COLOURS[level] : '#909399'
}

/** 1 for I (most severe) … 4 for IV, 5 for unknown: for sorting. */
export function levelRank(level: string | null | undefined): number {
  return isLevel(level) ? { I: 1, II: 2, III: 3, IV: 4 }[level] : 5
}

/**
 * The i18n key of a level's name in its type's family: geological disasters name their levels
 * by size (特大型/大型/中型/小型, 地质灾害防治条例 art. 4), the rest 特别重大 … 一般.
 */
export function levelNameKey(level: Level, family?: string | null): string {
  return family === 'geological' ? `incidents.levelsGeological.${level}` : `incidents.levels.${level}`
}
