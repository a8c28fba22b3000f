import { type Departure, DepartureSchema } from '../../../schemas/surveys';

/** One CSV record and the line it starts on (1 = the header), or why it could not be read. */
export type CsvRow = { line: number; fields: string[] } | { line: number; error: string };

/**
 * RFC 4180 records: comma-separated fields, `"quoted"` ones holding commas, line breaks and
 * `""` for a quote; CRLF, LF or CR line ends; a UTF-8 BOM is ignored and blank lines skipped.
 * A malformed record is yielded as an error with its line and reading goes on at the next line.
 */
export function* parseCsv(text: string): Generator<CsvRow> {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = input.length;
  let i = 0;
  let line = 1;
  const endOfLine = () => {
    if (input[i] === '\r' && input[i + 1] === '\n') i += 2;
    else i++;
    line++;
  };
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let error: string | undefined;
    for (;;) {
      let field = '';
      if (input[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) {
            yield { line: start, error: 'a quoted field is never closed' };
            return;
          }
          const c = input[i] as string;
          if (c === '"' && input[i + 1] === '"') {
            field += '"';
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else {
            if (c === '\n' || (c === '\r' && input[i + 1] !== '\n')) line++;
            field += c;
            i++;
          }
        }
        if (i < n && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n')
          error = 'text after a closing quote (write a quote inside a quoted field as "")';
      } else {
        while (i < n && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n') {
          if (input[i] === '"')
            error ??= 'a quote inside an unquoted field (quote the field, write the quote as "")';
          field += input[i];
          i++;
        }
      }
      if (error) break;
      fields.push(field);
      if (input[i] === ',') {
        i++;
        continue;
      }
      if (i < n) endOfLine();
      break;
    }
    if (error) {
      while (i < n && input[i] !== '\r' && input[i] !== '\n') i++;
      if (i < n) endOfLine();
      yield { line: start, error };
    } else if (!(fields.length === 1 && fields[0] === '')) {
      yield { line: start, fields };
    }
  }
}

/**
 * The columns of a check-out CSV: the departure's field names, the consent flags as three
 * columns. Header names are matched ignoring case, spaces, `_` and `-` (`reservation_id` works).
 */
export const DEPARTURE_COLUMNS = [
  'hotel',
  'reservationId',
  'guestName',
  'phone',
  'email',
  'language',
  'market',
  'roomType',
  'stayPurpose',
  'checkInDate',
  'checkOutDate',
  'checkOutTime',
  'preferredChannel',
  'consent_service',
  'consent_surveys',
  'consent_marketing',
] as const;
export type DepartureColumn = (typeof DEPARTURE_COLUMNS)[number];

const REQUIRED: readonly DepartureColumn[] = ['reservationId', 'guestName', 'checkInDate', 'checkOutDate'];
const comparable = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const BY_COMPARABLE = new Map<string, DepartureColumn>(DEPARTURE_COLUMNS.map((c) => [comparable(c), c]));

/** The column each header cell names; throws naming an unknown, repeated or missing column. */
export function departureColumns(header: readonly string[], hotelGiven: boolean): DepartureColumn[] {
  const columns = header.map((name) => {
    const column = BY_COMPARABLE.get(comparable(name));
    if (!column) throw new Error(`unknown column "${name}" (columns: ${DEPARTURE_COLUMNS.join(', ')})`);
    return column;
  });
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated) throw new Error(`column ${repeated} appears twice`);
  const missing = [...REQUIRED, ...(hotelGiven ? [] : (['hotel'] as const))].filter(
    (c) => !columns.includes(c),
  );
  if (missing.length > 0) throw new Error(`missing column(s) ${missing.join(', ')}`);
  return columns;
}

export interface RowOptions {
  /** `--hotel`: the hotel of rows that name none; a row naming another is invalid. */
  hotel?: string;
  /** A hotel as the file names it (tenant id or hotel code) to its tenant id. */
  tenantIdOf?: (value: string) => string | undefined;
}

export type RowResult = { departure: Departure } | { field: string; reason: string };

const YES = new Set(['yes', 'true', '1', 'y', 'evet']);
const NO = new Set(['no', 'false', '0', 'n', 'hayır', 'hayir', '']);

/** One data row as a departure, or the first field that is not valid and why. */
export function departureFromRow(
  columns: readonly DepartureColumn[],
  fields: readonly string[],
  options: RowOptions = {},
): RowResult {
  if (fields.length !== columns.length)
    return { field: '(row)', reason: `${fields.length} fields where the header has ${columns.length}` };
  const cells = new Map<DepartureColumn, string>();
  columns.forEach((column, i) => {
    cells.set(column, (fields[i] ?? '').trim());
  });
  const cell = (column: DepartureColumn) => cells.get(column) || undefined;

  const named = cell('hotel');
  const hotel = named ? (options.tenantIdOf?.(named) ?? named) : options.hotel;
  if (named && options.hotel && hotel !== options.hotel)
    return { field: 'hotel', reason: `"${named}" is not the hotel given with --hotel` };

  const consent: Record<string, boolean> = {};
  for (const flag of ['service', 'surveys', 'marketing'] as const) {
    const value = (cells.get(`consent_${flag}`) ?? '').toLowerCase();
    if (YES.has(value)) consent[flag] = true;
    else if (NO.has(value)) consent[flag] = false;
    else return { field: `consent.${flag}`, reason: 'expected yes/no, true/false or 1/0' };
  }

  const candidate = {
    hotel,
    reservationId: cell('reservationId'),
    guestName: cell('guestName'),
    phone: cell('phone'),
    email: cell('email'),
    language: cell('language')?.toLowerCase(),
    market: cell('market')?.toUpperCase(),
    roomType: cell('roomType'),
    stayPurpose: cell('stayPurpose')?.toLowerCase(),
    checkInDate: cell('checkInDate'),
    checkOutDate: cell('checkOutDate'),
    checkOutTime: cell('checkOutTime'),
    preferredChannel: cell('preferredChannel')?.toLowerCase(),
    consent,
  };
  const parsed = DepartureSchema.safeParse(
    Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined)),
  );
  if (parsed.success) return { departure: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    field: issue?.path.map(String).join('.') || '(row)',
    reason: issue?.message ?? 'invalid',
  };
}
