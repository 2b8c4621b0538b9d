/**
 * The four warning levels (预警级别, 突发事件应对法): 一级 red (highest), 二级 orange, 三级 yellow,
 * 四级 blue. Fixed colours everywhere (UI.md), always with the level's name in text beside them.
 */
import { ALERT_LEVELS, type AlertLevel } from '@/api/alerts'

export const ALERT_LEVEL_COLOURS: Readonly<Record<AlertLevel, string>> = {
  red: '#d9001b',
  orange: '#ff7d00',
  yellow: '#f7ba1e',
  blue: '#1e6fff',
}

/** Text on a filled badge: dark on yellow, white elsewhere. */
export const ALERT_LEVEL_TEXT_COLOURS: Readonly<Record<AlertLevel, string>> = {
  red: '#ffffff',
  orange: '#ffffff',
  yellow: '#3d2e00',
  blue: '#ffffff',
}

/** The level's name written in its colour on white (yellow darkened so it can be read). */
export const ALERT_LEVEL_LABEL_COLOURS: Readonly<Record<AlertLevel, string>> = {
  red: '#d9001b',
  orange: '#e06e00',
  yellow: '#a07400',
  blue: '#1e6fff',
}

export function isAlertLevel(value: unknown): value is AlertLevel {
  return typeof value === 'string' && (ALERT_LEVELS as readonly string[]).includes(value)
}

/** The colour of a level; grey for an unknown one. */
export function alertLevelColour(level: string | null | undefined): string {
  return isAlertLevel(level) ? ALERT_LEVEL_COLOURS[level] : '#909399'
}

/** 1 for red (most severe) … 4 for blue, 5 for unknown: for sorting. */
export function alertLevelRank(level: string | null | undefined): number {
  return isAlertLevel(level) ? ALERT_LEVELS.indexOf(level) + 1 : 5
}

const BY_SEVERITY: Readonly<Record<string, AlertLevel>> = {
  Extreme: 'red',
  Severe: 'orange',
  Moderate: 'yellow',
  Minor: 'blue',
}

/** CAP severity → level when a message names no level (DOMAIN.md); null for Unknown or anything else. */
export function levelFromSeverity(severity: string | null | undefined): AlertLevel | null {
  return (severity && BY_SEVERITY[severity]) || null
}

/** The CAP severity a level stands for (the manual entry form suggests it). */
export function severityOfLevel(level: AlertLevel): string {
  return Object.entries(BY_SEVERITY).find(([, l]) => l === level)![0]
}
