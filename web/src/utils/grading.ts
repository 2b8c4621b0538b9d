/**
 * The rule behind an incident's level, worded in the user's language from the parts the server
 * sends (`level_basis`): "死亡(含失踪) 3人 ≥ 3人：较大(III)；依据 …" / "Deaths (incl. missing)
 * 3 people ≥ 3 people: Level III (serious); under …". The regulation's title stays as cited.
 */
import type { Level, LevelBasis } from '@/api/incidents'
import { t, te } from '@/locales'
import { amountText } from './units'

/** A grading column's name: known fields in the UI's language, others as the table names them. */
export function gradingFieldLabel(field: string, label: string): string {
  const key = `incidents.gradingFields.${field}`
  return te(key) ? t(key) : label
}

export function levelBasisText(basis: LevelBasis, family?: string | null): string {
  const name = (level: Level) => t(family === 'geological' ? `incidents.levelWordsGeological.${level}` : `incidents.levelWords.${level}`)
  if (!basis.table_name) return t('incidents.basis.noTable', { level: name('IV') })
  if (basis.reached.length === 0) {
    return t('incidents.basis.below', { threshold: name('III'), level: name('IV'), table: basis.table_name })
  }
  const parts = basis.reached
    .map((r) => `${gradingFieldLabel(r.field, r.label)} ${amountText(r.value, r.unit)} ≥ ${amountText(r.bound, r.unit)}`)
    .join(t('incidents.basis.separator'))
  return t('incidents.basis.reached', { parts, level: name(basis.level), code: basis.level, table: basis.table_name })
}
