/** The human-readable record number `<HOTELCODE>-<YYYY>-<sequence>`, sequence zero-padded to six digits. */
export const recordNumberOf = (hotelCode: string, year: number, sequence: number): string =>
  `${hotelCode}-${year}-${String(sequence).padStart(6, '0')}`;

const RECORD_NUMBER = /^([A-Z0-9]{2,8})-(\d{4})-(\d{6,})$/;

export function parseRecordNumber(
  value: string,
): { hotelCode: string; year: number; sequence: number } | undefined {
  const match = RECORD_NUMBER.exec(value.trim().toUpperCase());
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { hotelCode: match[1], year: Number(match[2]), sequence: Number(match[3]) };
}
