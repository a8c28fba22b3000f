/** What stands in for erased personal data in text that is kept. */
export const ERASED = '[erased]';

export interface ContactPoints {
  phones: readonly string[];
  emails: readonly string[];
  names: readonly string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A name's parts long enough not to be an ordinary word fragment ("Ayşe Yılmaz": both). */
const namePartsOf = (name: string) => name.split(/\s+/).filter((part) => part.length >= 3);

/**
 * Staff's free text (a root cause, a lost reason, a tag, an audit reason) with the guest's known
 * names, phone numbers and addresses replaced by `[erased]`, then anything else that looks like an
 * e-mail address or a phone number masked as the lake masks it. A name the records do not know
 * is left: such fields are meant to be short categories.
 */
export function maskPersonal(text: string, points: ContactPoints): string {
  const needles = [
    ...points.emails,
    ...points.phones.flatMap((phone) => [phone, phone.replace(/^\+/, '')]),
    ...points.names,
    ...points.names.flatMap(namePartsOf),
  ]
    .filter((needle) => needle.trim().length > 0)
    .sort((a, b) => b.length - a.length);
  let masked = text;
  for (const needle of new Set(needles))
    masked = masked.replace(new RegExp(escapeRegExp(needle), 'giu'), ERASED);
  return masked.replace(/[^\s[\]]+@[^\s[\]]+/g, '[email]').replace(/\+?\d[\d\s()-]{4,}\d/g, '[number]');
}
