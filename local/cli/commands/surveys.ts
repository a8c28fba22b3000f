import { parseArgs } from 'node:util';
import { DynamoDbSurveyStore } from '../../../functions/adapters/dynamodb-survey-store';
import type { Hotel } from '../../../functions/domain/hotels';
import { toZoned } from '../../../functions/domain/sla/time-zone';
import { type Survey, SurveyStatusSchema } from '../../../schemas/surveys';
import { LOCAL_TABLE_NAME } from '../../runtime/runtime';
import { openLocalData } from '../local-data';

/** Every survey of the index: its sort keys start with an ISO time, all between these. */
export const ALL_TIMES = { from: '0000', to: '9999' } as const;

/** The hotels a `--hotel` option names (tenant id or hotel code), or all of them. */
export function hotelsNamed(hotels: readonly Hotel[], name: string | undefined, file: string): Hotel[] {
  const chosen = hotels.filter(
    (h) => name === undefined || h.tenantId === name || h.hotelCode === name.toUpperCase(),
  );
  if (chosen.length === 0) throw new Error(`No hotel ${name} in ${file}`);
  return chosen;
}

/** `2026-07-19 16:00` in the hotel's time zone. */
export function hotelTime(iso: string, timeZone: string): string {
  const t = toZoned(Date.parse(iso), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

/**
 * `hotel-inbox surveys [--hotel H] [--status S]`: the post-stay surveys by scheduled time, with
 * their outcome and segments; never a guest's name, phone or e-mail.
 */
export async function surveysCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { hotel: { type: 'string' }, status: { type: 'string' } } });
  const status = values.status === undefined ? undefined : SurveyStatusSchema.safeParse(values.status);
  if (status && !status.success)
    throw new Error(`--status must be one of ${SurveyStatusSchema.options.join(', ')}`);
  const data = openLocalData();
  try {
    const store = new DynamoDbSurveyStore(data.client, LOCAL_TABLE_NAME);
    const rows: { hotel: Hotel; survey: Survey }[] = [];
    for (const hotel of hotelsNamed(data.hotels, values.hotel, data.config.hotelsFile)) {
      for (const survey of await store.listSurveys(hotel.tenantId, ALL_TIMES.from, ALL_TIMES.to))
        if (!status || survey.status === status.data) rows.push({ hotel, survey });
    }
    rows.sort((a, b) => a.survey.scheduledFor.localeCompare(b.survey.scheduledFor));
    const line = (cells: string[]) => process.stdout.write(`${cells.join(' ').trimEnd()}\n`);
    const widths = [16, 18, 4, 16, 10, 5, 9, 4, 6, 14, 8] as const;
    const cells = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0));
    line(
      cells([
        'SCHEDULED',
        'STATUS',
        'HTL',
        'RESERVATION',
        'CHANNEL',
        'SCORE',
        'CATEGORY',
        'LANG',
        'MARKET',
        'ROOM',
        'PURPOSE',
      ]),
    );
    for (const { hotel, survey: s } of rows) {
      line(
        cells([
          hotelTime(s.scheduledFor, hotel.timeZone),
          s.status === 'skipped' && s.skippedReason ? `skipped:${s.skippedReason}` : s.status,
          hotel.hotelCode,
          s.reservationId,
          s.sentVia ?? s.segment.channel ?? '-',
          s.score === undefined ? '-' : `${s.score}/10`,
          s.category ?? '-',
          s.language,
          s.segment.market ?? '-',
          s.segment.roomType ?? '-',
          s.segment.stayPurpose ?? '-',
        ]),
      );
    }
    if (rows.length === 0) process.stdout.write('No surveys.\n');
    else {
      const counts = SurveyStatusSchema.options
        .map((name) => [name, rows.filter((r) => r.survey.status === name).length] as const)
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${n} ${name}`);
      process.stdout.write(`\n${rows.length} survey(s): ${counts.join(', ')}\n`);
    }
    return 0;
  } finally {
    data.close();
  }
}
