/** Replaces, deletes or retypes one value somewhere inside a JSON document. */
export function mutate(document: unknown, path: number[], replacement: unknown, remove: boolean): unknown {
  if (document === null || typeof document !== 'object' || path.length === 0) return replacement;
  const [step = 0, ...rest] = path;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(document) ? [...document] : { ...document };
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[step % keys.length] as string;
  if (remove && rest.length === 0) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else {
    (copy as Record<string, unknown>)[key] = mutate(
      (copy as Record<string, unknown>)[key],
      rest,
      replacement,
      remove,
    );
  }
  return copy;
}
