import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSurveyStore } from '../../functions/adapters/dynamodb-survey-store';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { kpiSourceOf } from '../../functions/adapters/kpi-export-deps';
import { FolderLakeStore } from '../../functions/adapters/lake-store';
import { encodeParquet } from '../../functions/adapters/parquet-encoder';
import { lakeObjectKey } from '../../functions/contracts/lake';
import { exportKpis, type KpiExportDeps } from '../../functions/domain/kpi/export-kpis';
import { createKpiExportHandler } from '../../functions/kpi-export/handler';
import type { Survey } from '../../schemas/surveys';
import type { Ticket } from '../../schemas/ticket';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { HOTELS } from '../support/ingest';

// The export's reads on DynamoDB Local: a hotel's day of tickets through gsi3 (in the hotel's
// time zone, Istanbul is UTC+3), their threads, the day's surveys; files DuckDB reads back.

const HOTEL = HOTELS.find((h) => h.tenantId === 'aurora-belek') as (typeof HOTELS)[number];
const EXPORTED_AT = new Date('2026-07-22T05:00:00Z');
const PHONE = '+905321112233';

let table: TestTable;
let tickets: DynamoDbTicketStore;
let surveys: DynamoDbSurveyStore;
let lakeDir: string;
let deps: KpiExportDeps;
let conversations = 0;

beforeAll(async () => {
  table = await createTestTable();
  tickets = new DynamoDbTicketStore(table.doc, table.tableName);
  surveys = new DynamoDbSurveyStore(table.doc, table.tableName);
  lakeDir = mkdtempSync(join(tmpdir(), 'lake-'));
  deps = {
    source: kpiSourceOf(table.doc, table.tableName),
    lake: new FolderLakeStore(lakeDir),
    encode: encodeParquet,
    salt: 'test-salt',
    now: () => EXPORTED_AT,
  };
});
afterAll(() => table.client.destroy());

async function ticketOpenedAt(openedAt: string, changes: Partial<Ticket> = {}): Promise<Ticket> {
  const result = await tickets.openTicket(
    {
      tenantId: HOTEL.tenantId,
      conversationKey: `cv_kpi_${++conversations}`,
      guestId: `g_kpi_${conversations}`,
      channel: 'whatsapp',
      status: 'open',
      openedAt,
      updatedAt: openedAt,
      lastInboundAt: openedAt,
      messageCount: 1,
      firstMessageId: `wamid.kpi.${conversations}`,
      topics: ['wifi'],
      tags: [],
      reputationRisk: false,
      escalationLevel: 0,
      reopenCount: 0,
      pauses: [],
    },
    HOTEL.hotelCode,
    undefined,
  );
  if (!result.opened) throw new Error('not opened');
  const { ticket } = result;
  await tickets.appendMessage(HOTEL.tenantId, ticket.ticketId, {
    messageId: ticket.firstMessageId,
    direction: 'inbound',
    author: 'guest',
    channel: 'whatsapp',
    type: 'text',
    text: `My number is ${PHONE}, the wifi is down`,
    at: openedAt,
  });
  if (Object.keys(changes).length > 0) await tickets.updateTicket(HOTEL.tenantId, ticket.ticketId, changes);
  return { ...ticket, ...changes };
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJson();
  connection.closeSync();
  return rows as Record<string, unknown>[];
}

const tableGlob = (name: string) =>
  `read_parquet('${lakeDir}/kpi/${name}/dt=*/*.parquet', hive_partitioning=true, hive_types={'dt': VARCHAR})`;

describe('the KPI export on DynamoDB Local', () => {
  it("writes each ticket to the hotel's local day it opened, with its messages, and no personal data", async () => {
    // Prepare: 20:59 UTC is 23:59 in Istanbul on the 20th; 21:00 UTC is already the 21st there.
    const late = await ticketOpenedAt('2026-07-20T20:59:00.000Z');
    const answered = await ticketOpenedAt('2026-07-20T21:00:00.000Z', {
      firstResponseAt: '2026-07-20T21:10:00.000Z',
      firstResponseSeconds: 600,
      updatedAt: '2026-07-20T21:10:00.000Z',
    });
    await tickets.appendMessage(HOTEL.tenantId, answered.ticketId, {
      messageId: 'reply-1',
      direction: 'outbound',
      author: 'agent',
      channel: 'whatsapp',
      type: 'text',
      text: 'We are on it',
      at: '2026-07-20T21:10:00.000Z',
    });
    const survey: Survey = {
      tenantId: HOTEL.tenantId,
      surveyId: 'sv_kpi_1',
      kind: 'nps',
      reservationId: 'R-1',
      guestId: late.guestId,
      language: 'en',
      status: 'answered',
      scheduledFor: '2026-07-21T06:00:00.000Z',
      segment: { channel: 'whatsapp', market: 'GB' },
      score: 9,
      category: 'promoter',
      answeredAt: '2026-07-21T07:00:00.000Z',
      createdAt: '2026-07-20T10:00:00.000Z',
      updatedAt: '2026-07-21T07:00:00.000Z',
    };
    await surveys.createSurvey(survey);

    // Act
    const days = await exportKpis(deps, [HOTEL], { days: ['2026-07-20', '2026-07-21'] }, 14);

    // Assert
    expect(days.map((d) => [d.dt, d.rows.tickets, d.rows.messages, d.rows.surveys])).toEqual([
      ['2026-07-20', 1, 1, 0],
      ['2026-07-21', 1, 2, 1],
    ]);
    const rows = await query(
      `SELECT dt, ticket_id, first_response_seconds FROM ${tableGlob('tickets')} ORDER BY dt`,
    );
    expect(rows).toEqual([
      { dt: '2026-07-20', ticket_id: late.ticketId, first_response_seconds: null },
      { dt: '2026-07-21', ticket_id: answered.ticketId, first_response_seconds: 600 },
    ]);
    const answers = await query(
      `SELECT response_seconds FROM ${tableGlob('messages')} WHERE direction = 'outbound'`,
    );
    expect(answers).toEqual([{ response_seconds: 600 }]);
    for (const file of lakeFiles()) {
      const bytes = readFileSync(file, 'latin1');
      expect(bytes).not.toContain(PHONE.slice(1));
      expect(bytes).not.toContain('wifi is down');
      expect(bytes).not.toContain(late.guestId);
    }
  });

  it('replaces a day on every run: the same rows, never twice, and no file for a day without rows', async () => {
    // Prepare
    const day = '2026-07-23';
    await ticketOpenedAt('2026-07-23T09:00:00.000Z');
    await exportKpis(deps, [HOTEL], { days: [day] }, 14);
    const first = readFileSync(join(lakeDir, lakeObjectKey('tickets', day, HOTEL.tenantId)));

    // Act
    await exportKpis(deps, [HOTEL], { days: [day] }, 14);

    // Assert
    expect(readFileSync(join(lakeDir, lakeObjectKey('tickets', day, HOTEL.tenantId)))).toEqual(first);
    const [count] = await query(`SELECT count(*) AS n FROM ${tableGlob('tickets')} WHERE dt = '${day}'`);
    expect(count).toEqual({ n: '1' });
    expect(readdirSync(join(lakeDir, 'kpi', 'surveys'))).not.toContain(`dt=${day}`);
  });

  it("takes the schedules' input and refuses anything else", async () => {
    // Prepare
    const handler = createKpiExportHandler(
      async () => deps,
      () => [HOTEL],
      () => 2,
    );

    // Act
    const summary = await handler({ mode: 'daily' });

    // Assert: yesterday and the day before it, in Istanbul, on 22 July 08:00.
    expect(summary.days).toBe(2);
    await expect(handler({ mode: 'weekly' })).rejects.toThrow(/mode/);
  });
});

function lakeFiles(): string[] {
  return readdirSync(join(lakeDir, 'kpi'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.parquet'))
    .map((path) => join(lakeDir, 'kpi', path));
}
