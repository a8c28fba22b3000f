import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Hotel } from '../../functions/domain/hotels';
import { daysOfIsoWeek, isoWeekOf, localDateOf } from '../../functions/domain/kpi/lake-days';
import { type DuckDbLake, openDuckDbLake } from '../../local/kpi/duckdb-lake';
import { type KpiRow, loadKpiQueries, runKpiQuery } from '../../local/kpi/kpi-queries';
import { reportFromLake } from '../../local/kpi/lake-report';
import { reportDays } from '../../local/kpi/weekly-report';
import { generateKpiDataset, KPI_HOTELS, WEEKS } from './kpi-dataset';
import { exportDataset } from './kpi-lake';
import { referenceKpis } from './reference-kpis';

const data = generateKpiDataset();
const queries = loadKpiQueries();
let lakeDir: string;
let lake: DuckDbLake;

beforeAll(async () => {
  lakeDir = mkdtempSync(join(tmpdir(), 'kpi-lake-'));
  await exportDataset(data, lakeDir);
  lake = await openDuckDbLake(lakeDir);
});

afterAll(() => {
  lake?.close();
  rmSync(lakeDir, { recursive: true, force: true });
});

/** Durations agree to the second (the lake rounds, SQL counts second boundaries); everything else exactly. */
function expectAgreement(actual: KpiRow[], expected: KpiRow[]) {
  const aligned = actual.map((row, i) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => {
        const want = expected[i]?.[column];
        const close =
          column.endsWith('_seconds') &&
          typeof value === 'number' &&
          typeof want === 'number' &&
          Math.abs(value - want) <= 1;
        return [column, close ? want : value];
      }),
    ),
  );
  expect(aligned).toEqual(expected);
}

const references = new Map<string, ReturnType<typeof referenceKpis>>();
const reference = (hotel: Hotel, from: string, to: string) => {
  const key = `${hotel.tenantId} ${from} ${to}`;
  if (!references.has(key)) references.set(key, referenceKpis(data, hotel, from, to));
  return references.get(key) as ReturnType<typeof referenceKpis>;
};

const scopes = KPI_HOTELS.flatMap((hotel) => [
  ...WEEKS.map((week) => {
    const days = daysOfIsoWeek(week);
    return { hotel, label: week, from: days[0] as string, to: days[6] as string };
  }),
  { hotel, label: 'the 8 report weeks to 2026-W31', ...reportDays('2026-W31') },
]);

describe.each(queries.map((q) => ({ name: q.name, query: q })))('$name', ({ query }) => {
  test.each(scopes.map((s) => ({ ...s, tenant: s.hotel.tenantId })))(
    'agrees with the domain records for $tenant, $label',
    async ({ hotel, from, to }) => {
      const expected = reference(hotel, from, to)[query.name];
      if (!expected) throw new Error(`no reference for ${query.name}`);
      const actual = await runKpiQuery(lake.connection, query, { hotel: hotel.tenantId, from, to });
      expect(expected.length).toBeGreaterThan(0);
      expectAgreement(actual.rows, expected);
    },
  );
});

test("the weekly report shows the asked week's figures of every query, and eight weeks of trend", async () => {
  const hotel = KPI_HOTELS[1] as Hotel;
  const report = await reportFromLake(lakeDir, hotel, '2026-W30');
  const days = daysOfIsoWeek('2026-W30');
  const expected = reference(hotel, days[0] as string, days[6] as string);

  expect(report.sections.map((s) => s.name).sort()).toEqual(queries.map((q) => q.name).sort());
  for (const section of report.sections) {
    const withoutWeek = (rows: KpiRow[]) => rows.map(({ week: _week, ...row }) => row);
    expectAgreement(withoutWeek(section.rows), withoutWeek(expected[section.name] ?? []));
    for (const row of section.trend) expect(row.values).toHaveLength(8);
  }
});

test('every query has a reference computation', () => {
  const reference = referenceKpis(
    data,
    KPI_HOTELS[0] as (typeof KPI_HOTELS)[number],
    '2026-07-13',
    '2026-07-19',
  );
  expect(Object.keys(reference).sort()).toEqual(queries.map((q) => q.name).sort());
});

describe('the generated dataset covers', () => {
  const { tickets, surveys } = data;
  const weekOf = (at: string, tenantId: string) =>
    isoWeekOf(localDateOf(at, KPI_HOTELS.find((h) => h.tenantId === tenantId)?.timeZone ?? 'UTC'));

  test('reopened tickets, open again and resolved again, and both escalation levels', () => {
    expect(
      tickets.some((t) => t.reopenCount > 0 && t.status === 'open' && t.resolutionSeconds !== undefined),
    ).toBe(true);
    expect(tickets.some((t) => t.reopenCount > 0 && t.status === 'resolved')).toBe(true);
    expect(new Set(tickets.map((t) => t.escalationLevel))).toEqual(new Set([0, 1, 2]));
  });

  test('SLA clocks met and breached, on every clock', () => {
    for (const clock of ['firstResponse', 'resolution', 'interimUpdate'] as const)
      expect(new Set(tickets.map((t) => t.sla?.[clock]?.outcome).filter(Boolean))).toEqual(
        new Set(['met', 'breached']),
      );
  });

  test('leads in every stage, lost after an offer and without, and lost opportunities', () => {
    expect(new Set(tickets.map((t) => t.leadStage).filter(Boolean))).toEqual(
      new Set(['lead', 'offer-sent', 'booked', 'lost']),
    );
    expect(tickets.some((t) => t.leadStage === 'lost' && t.leadStageChange?.from === 'offer-sent')).toBe(
      true,
    );
    expect(tickets.some((t) => t.leadStage === 'lost' && t.leadStageChange?.from === 'lead')).toBe(true);
    expect(tickets.some((t) => t.lostOpportunityAt !== undefined)).toBe(true);
  });

  test('root causes tied at the top-5 line, and written in different case and spacing', () => {
    const tiedAtTheLine = KPI_HOTELS.some((hotel) =>
      WEEKS.some((week) => {
        const days = daysOfIsoWeek(week);
        const top = reference(hotel, days[0] as string, days[6] as string);
        const counts = new Map<string, number>();
        for (const t of tickets.filter(
          (t) => t.tenantId === hotel.tenantId && t.rootCause && weekOf(t.openedAt, t.tenantId) === week,
        )) {
          const cause = (t.rootCause as string).trim().toLowerCase();
          counts.set(cause, (counts.get(cause) ?? 0) + 1);
        }
        const sorted = [...counts.values()].sort((a, b) => b - a);
        return top.top_root_causes?.length === 5 && sorted.length > 5 && sorted[4] === sorted[5];
      }),
    );
    expect(tiedAtTheLine).toBe(true);
    expect(
      tickets.some((t) => t.rootCause !== undefined && t.rootCause !== t.rootCause.trim().toLowerCase()),
    ).toBe(true);
  });

  test('every NPS category, unknown segments, skipped and expired surveys', () => {
    expect(new Set(surveys.map((s) => s.category).filter(Boolean))).toEqual(
      new Set(['detractor', 'passive', 'promoter']),
    );
    expect(surveys.some((s) => s.status === 'answered' && s.segment.market === undefined)).toBe(true);
    expect(surveys.some((s) => s.status === 'answered' && s.segment.roomType === undefined)).toBe(true);
    expect(surveys.some((s) => s.status === 'answered' && s.segment.stayPurpose === undefined)).toBe(true);
    expect(surveys.some((s) => s.status === 'skipped')).toBe(true);
    expect(surveys.some((s) => s.status === 'expired')).toBe(true);
  });

  test('detractor call-backs on a follow-up ticket opened in an earlier week, and detractors never called back', () => {
    const earlier = surveys.filter((s) => {
      const followUp = tickets.find((t) => t.ticketId === s.followUpTicketId);
      return (
        s.category === 'detractor' &&
        followUp !== undefined &&
        weekOf(followUp.openedAt, followUp.tenantId) < weekOf(s.scheduledFor, s.tenantId)
      );
    });
    expect(earlier.length).toBeGreaterThan(0);
    expect(surveys.some((s) => s.category === 'detractor' && s.followUpTicketId === undefined)).toBe(true);
    const calledBackAtTheAnswer = surveys.some((s) =>
      (data.messages.get(s.followUpTicketId ?? '') ?? []).some(
        (m) =>
          s.category === 'detractor' &&
          m.author === 'agent' &&
          m.direction === 'outbound' &&
          m.at === s.answeredAt,
      ),
    );
    expect(calledBackAtTheAnswer).toBe(true);
    expect(
      surveys.some(
        (s) =>
          s.category === 'detractor' &&
          s.followUpTicketId !== undefined &&
          !(data.messages.get(s.followUpTicketId) ?? []).some(
            (m) => m.author === 'agent' && m.direction === 'outbound' && m.at >= (s.answeredAt as string),
          ),
      ),
    ).toBe(true);
  });

  test("tickets in the last and first minute of a week in the hotel's time, on another UTC date", () => {
    for (const hotel of KPI_HOTELS) {
      const mine = tickets.filter((t) => t.tenantId === hotel.tenantId);
      const local = (t: (typeof mine)[number]) => localDateOf(t.openedAt, hotel.timeZone);
      const sundayNight = mine.filter(
        (t) => new Date(`${local(t)}T00:00:00Z`).getUTCDay() === 0 && local(t) !== t.openedAt.slice(0, 10),
      );
      const mondayMorning = mine.filter(
        (t) => new Date(`${local(t)}T00:00:00Z`).getUTCDay() === 1 && local(t) !== t.openedAt.slice(0, 10),
      );
      expect(sundayNight.length + mondayMorning.length).toBeGreaterThan(0);
    }
  });
});
