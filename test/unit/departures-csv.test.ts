import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CsvRow,
  departureColumns,
  departureFromRow,
  parseCsv,
} from '../../functions/domain/surveys/departures-csv';

const rows = (text: string): CsvRow[] => [...parseCsv(text)];
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'checkouts', name), 'utf8');

describe('the CSV reader (RFC 4180)', () => {
  it('splits records on CRLF and fields on commas, numbering each record by its first line', () => {
    expect(rows('a,b,c\r\n1,2,3\r\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  it('accepts LF line ends and a last record without one', () => {
    expect(rows('a,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    expect(rows('name,room\r\n"Müller, Hans","Suite ""Garden""\r\nfloor 2"\r\nnext,row\r\n')).toEqual([
      { line: 1, fields: ['name', 'room'] },
      { line: 2, fields: ['Müller, Hans', 'Suite "Garden"\r\nfloor 2'] },
      { line: 4, fields: ['next', 'row'] },
    ]);
  });

  it('keeps empty fields, quoted or not', () => {
    expect(rows('a,,"",d\r\n')).toEqual([{ line: 1, fields: ['a', '', '', 'd'] }]);
  });

  it('ignores a UTF-8 byte order mark and blank lines', () => {
    expect(rows('\uFEFFa,b\r\n\r\n1,2\r\n\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('reports a malformed record with its line and goes on with the next one', () => {
    expect(rows('a,b\r\n"x"y,2\r\n3,4\r\nab"c,5\r\n6,7\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringMatching(/after a closing quote/) },
      { line: 3, fields: ['3', '4'] },
      { line: 4, error: expect.stringMatching(/quote inside an unquoted field/) },
      { line: 5, fields: ['6', '7'] },
    ]);
  });

  it('reports a quoted field that is never closed', () => {
    expect(rows('a,b\r\n1,"open\r\n2,3\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'a quoted field is never closed' },
    ]);
  });
});

describe('a check-out CSV row', () => {
  const header = [
    'hotel',
    'reservationId',
    'guestName',
    'phone',
    'checkInDate',
    'checkOutDate',
    'consent_service',
    'consent_surveys',
    'consent_marketing',
  ];
  const columns = departureColumns(header, false);
  const row = (changes: Record<string, string> = {}) => {
    const values: Record<string, string> = {
      hotel: 'aurora-belek',
      reservationId: 'R-1',
      guestName: 'Ayşe Yılmaz',
      phone: '+90 532 123 45 67',
      checkInDate: '2026-07-12',
      checkOutDate: '2026-07-19',
      consent_service: 'yes',
      consent_surveys: 'true',
      consent_marketing: '0',
      ...changes,
    };
    return header.map((name) => values[name] ?? '');
  };

  it('becomes a departure, consent read from yes/no, true/false or 1/0 and empty cells left out', () => {
    expect(departureFromRow(columns, row())).toEqual({
      departure: {
        hotel: 'aurora-belek',
        reservationId: 'R-1',
        guestName: 'Ayşe Yılmaz',
        phone: '+90 532 123 45 67',
        checkInDate: '2026-07-12',
        checkOutDate: '2026-07-19',
        consent: { service: true, surveys: true, marketing: false },
      },
    });
  });

  it('names the failing field of an invalid row', () => {
    expect(departureFromRow(columns, row({ checkOutDate: '19.07.2026' }))).toMatchObject({
      field: 'checkOutDate',
    });
    expect(departureFromRow(columns, row({ consent_surveys: 'maybe' }))).toMatchObject({
      field: 'consent.surveys',
    });
    expect(departureFromRow(columns, row().slice(1))).toMatchObject({ field: '(row)' });
  });

  it('takes the hotel from --hotel when the row names none, and refuses a row naming another', () => {
    const options = { hotel: 'aurora-belek' };

    expect(departureFromRow(columns, row({ hotel: '' }), options)).toMatchObject({
      departure: { hotel: 'aurora-belek' },
    });
    expect(departureFromRow(columns, row({ hotel: 'side-palace' }), options)).toMatchObject({
      field: 'hotel',
    });
  });

  it('maps a hotel code to its tenant id', () => {
    const tenantIdOf = (value: string) => (value === 'AUB' ? 'aurora-belek' : undefined);

    expect(departureFromRow(columns, row({ hotel: 'AUB' }), { tenantIdOf })).toMatchObject({
      departure: { hotel: 'aurora-belek' },
    });
  });

  it('matches header names ignoring case, spaces, _ and -', () => {
    expect(
      departureColumns(['Hotel', 'reservation_id', 'Guest Name', 'check-in-date', 'CHECKOUTDATE'], false),
    ).toEqual(['hotel', 'reservationId', 'guestName', 'checkInDate', 'checkOutDate']);
  });

  it('refuses a header with an unknown, a repeated or a missing column', () => {
    expect(() => departureColumns([...header, 'roomNumber'], false)).toThrow(/unknown column "roomNumber"/);
    expect(() => departureColumns([...header, 'Hotel'], false)).toThrow(/hotel appears twice/);
    expect(() => departureColumns(header.slice(1), false)).toThrow(/missing column\(s\) hotel/);
    expect(departureColumns(header.slice(1), true)).not.toContain('hotel');
  });
});

describe('the check-out fixtures', () => {
  it('reads every departure of departures.csv', () => {
    const [head, ...data] = rows(fixture('departures.csv'));
    const columns = departureColumns(head && 'fields' in head ? head.fields : [], false);
    const tenantIdOf = (value: string) => (value === 'AUB' ? 'aurora-belek' : value);

    const results = data.map((r) =>
      'fields' in r ? departureFromRow(columns, r.fields, { tenantIdOf }) : r,
    );

    expect(results.every((r) => 'departure' in r)).toBe(true);
    expect(results[1]).toMatchObject({
      departure: {
        guestName: 'Müller, Hans',
        roomType: 'Family Suite, Garden',
        email: 'hans.mueller@example.com',
      },
    });
    expect(results[4]).toMatchObject({ departure: { guestName: 'Elif "Eli" Kaya' } });
  });

  it('finds the bad rows of with-invalid-rows.csv by line, and the good ones around them', () => {
    const [head, ...data] = rows(fixture('with-invalid-rows.csv'));
    const columns = departureColumns(head && 'fields' in head ? head.fields : [], false);

    const verdicts = data.map((r) => {
      const result = 'fields' in r ? departureFromRow(columns, r.fields) : { field: '(row)' };
      return [r.line, 'departure' in result ? 'ok' : result.field];
    });

    expect(verdicts).toEqual([
      [2, 'ok'],
      [3, 'checkOutDate'],
      [4, 'ok'], // the unknown hotel is the pipeline's to refuse: only it knows the hotels
      [5, 'consent.surveys'],
      [6, '(row)'],
      [7, 'ok'],
    ]);
  });
});
