/** The parts of an UpdateExpression that write an item's changed fields. */
export interface FieldChanges {
  names: Record<string, string>;
  values: Record<string, unknown>;
  /** `#f0 = :f0`: a field given a value. */
  sets: string[];
  /** `#f1`: a field given as `undefined`, removed. */
  removes: string[];
}

/** SET for each field with a value, REMOVE for each given as `undefined`, under placeholder names. */
export function fieldChanges(changes: Record<string, unknown>): FieldChanges {
  const parts: FieldChanges = { names: {}, values: {}, sets: [], removes: [] };
  Object.entries(changes).forEach(([field, value], i) => {
    parts.names[`#f${i}`] = field;
    if (value === undefined) parts.removes.push(`#f${i}`);
    else {
      parts.values[`:f${i}`] = value;
      parts.sets.push(`#f${i} = :f${i}`);
    }
  });
  return parts;
}

/** `SET …` and `REMOVE …` joined, leaving out an empty one; empty when there is nothing to write. */
export const updateExpressionOf = ({ sets, removes }: Pick<FieldChanges, 'sets' | 'removes'>): string =>
  [sets.length > 0 && `SET ${sets.join(', ')}`, removes.length > 0 && `REMOVE ${removes.join(', ')}`]
    .filter(Boolean)
    .join(' ');
