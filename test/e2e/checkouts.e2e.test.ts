import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPmsBody } from '../../functions/domain/surveys/pms-signature';
import { type RuntimeProcess, runCli, startRuntimeProcess } from '../support/local-runtime-process';

const PMS_SECRET = 'e2e-pms-secret';
const FIXTURES = join(import.meta.dirname, '..', 'checkouts');
const DEPARTURES_CSV = join(FIXTURES, 'departures.csv');
const RESERVATIONS = ['E2E-1001', 'E2E-1002', 'E2E-1003', 'E2E-1004', 'E2E-2001'];

let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntimeProcess({ PMS_WEBHOOK_SECRET: PMS_SECRET });
});
afterAll(() => runtime?.stop());

const cli = (...args: string[]) => runCli(args, { env: runtime.env });
const schedules = () =>
  (
    JSON.parse(readFileSync(join(runtime.dataDir, 'schedules.json'), 'utf8')) as {
      schedules: { name: string }[];
    }
  ).schedules;

describe('check-outs into the local pipeline', () => {
  it('imports a PMS export, and importing it again skips every row as already imported', async () => {
    const first = await cli('import-checkouts', DEPARTURES_CSV);
    const second = await cli('import-checkouts', DEPARTURES_CSV);

    expect(first.code).toBe(0);
    expect(first.stdout).toContain('5 imported, 0 skipped, 0 invalid');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 imported, 5 skipped, 0 invalid');
    for (const reservation of RESERVATIONS)
      expect(second.stdout).toMatch(new RegExp(`line \\d+\\s+${reservation}\\s+already imported`));
    // Not a terminal: plain counts on stderr instead of a bar.
    expect(first.stderr).toContain('5/5 rows');
  });

  it('schedules each survey once with the local scheduler, and publishes Survey Scheduled once', async () => {
    const { stdout } = await cli('events', '--json');
    const scheduled = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .filter((e) => e['detail-type'] === 'Survey Scheduled');

    expect(scheduled).toHaveLength(5);
    expect(
      schedules()
        .map((s) => s.name)
        .sort(),
    ).toEqual([
      'nps-aurora-belek-E2E-1001',
      'nps-aurora-belek-E2E-1002',
      'nps-aurora-belek-E2E-1003',
      'nps-aurora-belek-E2E-1004',
      'nps-side-palace-E2E-2001',
    ]);
  });

  it('lists the surveys with their segments and no guest data', async () => {
    const all = await cli('surveys');
    const side = await cli('surveys', '--hotel', 'side-palace', '--status', 'scheduled');

    expect(all.code).toBe(0);
    for (const reservation of RESERVATIONS)
      expect(all.stdout).toMatch(new RegExp(`scheduled\\s+\\w+\\s+${reservation}`));
    expect(all.stdout).toMatch(
      /2031-07-19 15:30\s+scheduled\s+AUB\s+E2E-1001\s+whatsapp\s+-\s+-\s+tr\s+TR\s+Deluxe Sea View/,
    );
    expect(all.stdout).toContain('5 survey(s): 5 scheduled');
    expect(all.stdout).not.toMatch(/Ayşe|Müller|Ivanova|Smith|Kaya|example\.com|532 123|\+90/);
    expect(side.stdout).toContain('E2E-2001');
    expect(side.stdout).not.toContain('E2E-1001');
  });

  it('reports the invalid rows of a file by line and field, imports the rest and exits 1', async () => {
    const result = await cli('import-checkouts', join(FIXTURES, 'with-invalid-rows.csv'));

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('2 imported, 0 skipped, 4 invalid');
    expect(result.stdout).toMatch(/line 3\s+BAD-2\s+checkOutDate:/);
    expect(result.stdout).toMatch(/line 4\s+BAD-3\s+hotel: no hotel "no-such-hotel"/);
    expect(result.stdout).toMatch(/line 5\s+BAD-4\s+consent\.surveys:/);
    expect(result.stdout).toMatch(/line 6\s+BAD-5\s+\(row\): 8 fields where the header has 9/);
  });

  it('prints the NPS report of a hotel', async () => {
    const result = await cli('nps', '--hotel', 'aurora-belek', '--from', '2031-07-01', '--to', '2031-07-31');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('NPS n/a');
    expect(result.stdout).toContain('Surveys 6: 6 scheduled, 0 sent, 0 answered, 0 expired, 0 skipped');
  });

  it('takes signed departures on POST /pms/checkouts and refuses unsigned ones', async () => {
    const body = JSON.stringify({
      departures: [
        {
          hotel: 'lykia-kemer',
          reservationId: 'E2E-3001',
          guestName: 'Deniz Arslan',
          phone: '+905301112233',
          checkInDate: '2031-08-01',
          checkOutDate: '2031-08-08',
          consent: { service: true, surveys: true, marketing: false },
        },
      ],
    });
    const post = (headers: Record<string, string>) =>
      fetch(`${runtime.url}/pms/checkouts`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });

    const unsigned = await post({});
    const signed = await post({ 'x-hotel-inbox-signature-256': signPmsBody(body, PMS_SECRET) });

    expect(unsigned.status).toBe(401);
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(schedules().map((s) => s.name)).toContain('nps-lykia-kemer-E2E-3001');
  });
});
