import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbConsentStore } from '../../../functions/adapters/dynamodb-consent-store';
import { DynamoDbDedupeStore } from '../../../functions/adapters/dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from '../../../functions/adapters/dynamodb-guest-directory';
import { DynamoDbGuestProfiles } from '../../../functions/adapters/dynamodb-guest-profiles';
import { DynamoDbSurveyStore } from '../../../functions/adapters/dynamodb-survey-store';
import { EventBridgePublisher } from '../../../functions/adapters/eventbridge-publisher';
import { EventBridgeSurveyScheduler } from '../../../functions/adapters/eventbridge-survey-scheduler';
import { EVENT_BUS_NAME } from '../../../functions/contracts/bus';
import type { Hotel } from '../../../functions/domain/hotels';
import {
  type DepartureDeps,
  type DepartureOutcome,
  recordDepartures,
} from '../../../functions/domain/surveys/departures';
import {
  type DepartureColumn,
  departureColumns,
  departureFromRow,
  parseCsv,
} from '../../../functions/domain/surveys/departures-csv';
import type { Departure } from '../../../schemas/surveys';
import { type LocalConfig, loadConfig } from '../../runtime/config';
import { EVENTBRIDGE_PATH } from '../../runtime/eventbridge-endpoint';
import { LOCAL_SURVEY_SCHEDULES } from '../../runtime/local-scheduler';
import { LOCAL_TABLE_NAME, loadHotels, runtimeFileOf } from '../../runtime/runtime';
import { SCHEDULER_PATH } from '../../runtime/scheduler-endpoint';

export const IMPORT_CHECKOUTS_USAGE = `Usage: npx hotel-inbox import-checkouts FILE.csv [--hotel H]

Records the departures of a PMS check-out export in the running local pipeline (npm start)
and schedules their NPS surveys, as POST /pms/checkouts does. Importing a file again changes
nothing: each (hotel, reservation id) is recorded once.

The first row names the columns (any order; case, spaces, _ and - do not matter):
  hotel              tenant id or hotel code (may be left out with --hotel H)
  reservationId      the PMS reservation id (required)
  guestName          (required)
  phone, email       the guest's phone (any format) and/or e-mail
  language           tr, en, de or ru (default: tr)
  market             ISO country code: TR, DE, RU, GB…
  roomType           as the hotel names it
  stayPurpose        leisure, family, couple, business, event or other
  checkInDate        YYYY-MM-DD (required)
  checkOutDate       YYYY-MM-DD (required)
  checkOutTime       HH:MM, hotel time (default 12:00)
  preferredChannel   whatsapp, instagram, webchat, email or sms
  consent_service, consent_surveys, consent_marketing
                     yes/no, true/false or 1/0 (empty: no)
Fields follow RFC 4180: quote a field holding commas, quotes or line breaks ("" for a quote).

Exit status: 0 when every row was imported or skipped, 1 when a row was invalid or failed.`;

interface RowReport {
  line: number;
  reservationId?: string;
  reason: string;
}

/** `hotel-inbox import-checkouts FILE.csv [--hotel H]`: a PMS export into the running pipeline. */
export async function importCheckoutsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { hotel: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    process.stderr.write(`${IMPORT_CHECKOUTS_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const hotels = loadHotels(config.hotelsFile);
  const tenantIdOf = (value: string) =>
    hotels.find((h) => h.tenantId === value || h.hotelCode === value.toUpperCase())?.tenantId;
  const hotel = values.hotel === undefined ? undefined : tenantIdOf(values.hotel);
  if (values.hotel !== undefined && !hotel)
    throw new Error(`No hotel ${values.hotel} in ${config.hotelsFile}`);

  const rows = parseCsv(readFileSync(file, 'utf8'));
  const header = rows.next();
  if (header.done) throw new Error(`${file} is empty`);
  if ('error' in header.value) throw new Error(`${file} line ${header.value.line}: ${header.value.error}`);
  const columns: DepartureColumn[] = departureColumns(header.value.fields, hotel !== undefined);

  const valid: { line: number; departure: Departure }[] = [];
  const invalid: RowReport[] = [];
  for (const row of rows) {
    if ('error' in row) {
      invalid.push({ line: row.line, reason: row.error });
      continue;
    }
    const result = departureFromRow(columns, row.fields, { ...(hotel && { hotel }), tenantIdOf });
    if ('departure' in result) valid.push({ line: row.line, departure: result.departure });
    else
      invalid.push({
        line: row.line,
        ...reservationOf(columns, row.fields),
        reason: `${result.field}: ${result.reason}`,
      });
  }

  const progress = progressReporter(valid.length + invalid.length);
  progress.advance(invalid.length);
  const pipeline = connectToRunningPipeline(config, hotels);
  let outcomes: DepartureOutcome[];
  try {
    outcomes = await recordDepartures(
      pipeline.deps,
      valid.map((v) => v.departure),
      new Date(),
      { onRecorded: () => progress.advance(1) },
    );
  } finally {
    progress.done();
    pipeline.close();
  }

  const skipped: RowReport[] = [];
  let imported = 0;
  outcomes.forEach((outcome, i) => {
    const { line, departure } = valid[i] as (typeof valid)[number];
    const row = { line, reservationId: departure.reservationId };
    if (outcome.outcome === 'recorded') imported++;
    else if (outcome.outcome === 'duplicate')
      skipped.push({ ...row, reason: `already imported (${outcome.receivedAt})` });
    else if (outcome.outcome === 'rejected')
      invalid.push({ ...row, reason: `${outcome.field}: ${outcome.reason}` });
    else invalid.push({ ...row, reason: `not recorded, import again: ${errorText(outcome.error)}` });
  });
  invalid.sort((a, b) => a.line - b.line);

  const out = (line: string) => process.stdout.write(`${line}\n`);
  const listed = (r: RowReport) =>
    `  line ${String(r.line).padEnd(5)} ${(r.reservationId ?? '-').padEnd(16)} ${r.reason}`;
  out(`${file}: ${imported} imported, ${skipped.length} skipped, ${invalid.length} invalid`);
  if (skipped.length > 0) {
    out(`Skipped (${skipped.length}):`);
    for (const row of skipped) out(listed(row));
  }
  if (invalid.length > 0) {
    out(`Invalid (${invalid.length}):`);
    for (const row of invalid) out(listed(row));
  }
  return invalid.length === 0 ? 0 : 1;
}

function reservationOf(columns: readonly DepartureColumn[], fields: readonly string[]) {
  const value = fields[columns.indexOf('reservationId')]?.trim();
  return value ? { reservationId: value } : {};
}

const errorText = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';

/**
 * The running `hotel-inbox start`: its DynamoDB Local, its bus and its scheduler, reached
 * through the endpoints it wrote to DATA_DIR/runtime.json, so an import is handled exactly as
 * the checkouts function handles a PMS delivery.
 */
function connectToRunningPipeline(config: LocalConfig, hotels: readonly Hotel[]) {
  const file = runtimeFileOf(config.dataDir);
  if (!existsSync(file)) throw new Error(`hotel-inbox is not running (no ${file}); start it with npm start`);
  const runtime = JSON.parse(readFileSync(file, 'utf8')) as {
    url: string;
    dynamoDbEndpoint: string;
    eventBridgeEndpoint?: string;
    schedulerEndpoint?: string;
    slaClockSpeed?: number;
  };
  const local = { region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const dynamo = new DynamoDBClient({ ...local, endpoint: runtime.dynamoDbEndpoint });
  const client = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const eventBridge = new EventBridgeClient({
    ...local,
    endpoint: runtime.eventBridgeEndpoint ?? `${runtime.url}${EVENTBRIDGE_PATH}`,
  });
  const scheduler = new SchedulerClient({
    ...local,
    endpoint: runtime.schedulerEndpoint ?? `${runtime.url}${SCHEDULER_PATH}`,
  });
  const byTenant = new Map(hotels.map((h) => [h.tenantId, h]));
  const deps: DepartureDeps = {
    surveys: new DynamoDbSurveyStore(client, LOCAL_TABLE_NAME),
    consent: new DynamoDbConsentStore(client, LOCAL_TABLE_NAME),
    guests: new DynamoDbGuestDirectory(client, LOCAL_TABLE_NAME),
    profiles: new DynamoDbGuestProfiles(client, LOCAL_TABLE_NAME),
    scheduler: new EventBridgeSurveyScheduler(scheduler, LOCAL_SURVEY_SCHEDULES),
    dedupe: new DynamoDbDedupeStore(client, LOCAL_TABLE_NAME),
    publisher: new EventBridgePublisher(eventBridge, EVENT_BUS_NAME),
    metrics: { count: () => undefined },
    now: () => new Date(),
    hotelOf: (tenantId) => byTenant.get(tenantId),
    newGuestId: () => `g_${randomUUID()}`,
    // The running pipeline's demo speed, whatever this shell's environment says.
    speed: runtime.slaClockSpeed ?? config.slaClockSpeed,
  };
  return {
    deps,
    close: () => {
      dynamo.destroy();
      eventBridge.destroy();
      scheduler.destroy();
    },
  };
}

const BAR_WIDTH = 30;

/** A bar redrawn on stderr when it is a terminal; plain counts every 100 rows otherwise. */
function progressReporter(total: number, stream: NodeJS.WriteStream = process.stderr) {
  let done = 0;
  const draw = () => {
    if (stream.isTTY) {
      const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} rows`);
    }
  };
  draw();
  return {
    advance(count: number) {
      if (count === 0) return;
      const before = done;
      done += count;
      if (stream.isTTY) draw();
      else if (Math.floor(before / 100) !== Math.floor(done / 100)) stream.write(`${done}/${total} rows\n`);
    },
    done() {
      stream.write(stream.isTTY ? '\n' : `${done}/${total} rows\n`);
    },
  };
}
