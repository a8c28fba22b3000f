/** E.164 form (`+905321234567`) of a phone number written with spaces, dashes or without `+`. */
export function normalizePhoneNumber(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const digits = raw.replace(/[^\d]/g, '').replace(/^00/, '');
  return digits.length >= 7 && digits.length <= 15 ? `+${digits}` : undefined;
}
