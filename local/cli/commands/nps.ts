import { parseArgs } from 'node:util';
import { DynamoDbSurveyStore } from '../../../functions/adapters/dynamodb-survey-store';
import { addDays, fromZoned } from '../../../functions/domain/sla/time-zone';
import { type NpsReport, npsReport } from '../../../functions/domain/surveys/nps-report';
import { LOCAL_TABLE_NAME } from '../../runtime/runtime';
import { openLocalData } from '../local-data';
import { hotelsNamed } from './surveys';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `hotel-inbox nps --hotel H --from YYYY-MM-DD --to YYYY-MM-DD`: the NPS of the surveys
 * scheduled on those days (both included, hotel time), counts per category and the response
 * rate per channel.
 */
export async function npsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { hotel: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  const from = DATE.exec(values.from ?? '');
  const to = DATE.exec(values.to ?? '');
  if (!values.hotel || !from || !to)
    throw new Error('usage: hotel-inbox nps --hotel H --from YYYY-MM-DD --to YYYY-MM-DD');
  const data = openLocalData();
  try {
    const [hotel] = hotelsNamed(data.hotels, values.hotel, data.config.hotelsFile);
    if (!hotel) return 1;
    const day = (m: RegExpExecArray) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
    const start = new Date(fromZoned(day(from), hotel.timeZone)).toISOString();
    const end = new Date(fromZoned(addDays(day(to), 1), hotel.timeZone)).toISOString();
    const surveys = await new DynamoDbSurveyStore(data.client, LOCAL_TABLE_NAME).listSurveys(
      hotel.tenantId,
      start,
      end,
    );
    process.stdout.write(
      `${formatNpsReport(npsReport(surveys), `${hotel.name} (${hotel.tenantId}), surveys scheduled ${values.from} to ${values.to}`)}\n`,
    );
    return 0;
  } finally {
    data.close();
  }
}

const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`);
const signed = (nps: number | undefined) =>
  nps === undefined ? 'n/a' : `${nps > 0 ? '+' : ''}${Math.round(nps)}`;

/** The report as a person reads it. */
export function formatNpsReport(report: NpsReport, title: string): string {
  const { byCategory: c, answered, byStatus: s } = report;
  const lines = [
    title,
    '',
    `NPS ${signed(report.nps)}  (${answered} answered: ${c.promoter} promoters ${percent(c.promoter, answered)}, ` +
      `${c.passive} passives ${percent(c.passive, answered)}, ${c.detractor} detractors ${percent(c.detractor, answered)})`,
    `Surveys ${report.surveys}: ${s.scheduled} scheduled, ${s.sent} sent, ${s.answered} answered, ${s.expired} expired, ${s.skipped} skipped`,
    '',
    'Response rate per channel (answered / sent):',
    ...(report.responseByChannel.length === 0
      ? ['  nothing sent yet']
      : report.responseByChannel.map(
          (r) =>
            `  ${r.channel.padEnd(10)} ${String(r.answered).padStart(4)} / ${String(r.sent).padEnd(4)} ${percent(r.answered, r.sent)}`,
        )),
  ];
  for (const [dimension, segments] of Object.entries(report.bySegment)) {
    if (segments.length === 0) continue;
    lines.push('', `NPS per ${dimension}:`);
    for (const segment of segments)
      lines.push(
        `  ${segment.value.padEnd(14)} ${signed(segment.nps).padStart(4)}  (${segment.answered} answered)`,
      );
  }
  return lines.join('\n');
}
