import { indicatorTypeInputs } from '../../../../shared/evidence/indicators';
import { accountKinds, accountStates, malwareCategories, systemStates, tlpLevels, type RecordKind } from '../../../../shared/evidence/record-payloads';

/** The choices of an enum column, the first being the default of a new record. */
export function enumOptions(kind: RecordKind, key: string): readonly string[] {
  if (key === 'type') return ['auto', ...indicatorTypeInputs.filter((t) => t !== 'auto')];
  if (key === 'tlp') return ['amber', ...tlpLevels.filter((t) => t !== 'amber')];
  if (key === 'state') return kind === 'system' ? systemStates : accountStates;
  if (key === 'kind') return ['other', ...accountKinds.filter((k) => k !== 'other')];
  if (key === 'category') return malwareCategories;
  return [];
}

export function optionLabel(key: string, value: string): string {
  if (key === 'type' && value === 'auto') return 'Guess from the value';
  if (key === 'tlp') return `TLP:${value.toUpperCase()}`;
  return value;
}
