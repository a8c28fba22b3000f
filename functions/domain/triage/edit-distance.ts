const VOWELS = new Set('aeiouyаеиоуыэюя');

/**
 * Whether two words are at most one edit apart: one letter changed, added or dropped, or two
 * neighbours swapped ("avaliable" / "available", "reservaton" / "reservation", "recieve" /
 * "receive"). Short words (under `strictBelow` letters) only allow a swap or one vowel for another
 * ("fiyet" / "fiyat", "prise" / "price"), so that "store" is not "stole".
 */
export function withinOneEdit(a: string, b: string, strictBelow = 6): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const restA = endA - start;
  const restB = endB - start;
  const swapped = restA === 2 && restB === 2 && a[start] === b[start + 1] && a[start + 1] === b[start];
  if (swapped) return true;
  if (restA > 1 || restB > 1) return false;
  if (Math.min(a.length, b.length) >= strictBelow) return true;
  return restA === 1 && restB === 1 && VOWELS.has(a[start] ?? '') && VOWELS.has(b[start] ?? '');
}
