import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LAKE_TABLE_NAMES } from '../../functions/contracts/lake';
import { openDuckDbLake } from '../../local/kpi/duckdb-lake';
import { GUESTS, generateKpiDataset, type KpiDataset } from './kpi-dataset';
import { exportDataset } from './kpi-lake';

/** The dataset, with staff having typed a guest's phone and e-mail into some root causes too. */
function datasetWithPersonalData(): KpiDataset {
  const data = generateKpiDataset(7);
  let n = 0;
  const tickets = data.tickets.map((ticket) => {
    if (!ticket.rootCause) return ticket;
    const guest = GUESTS[n++ % GUESTS.length] as (typeof GUESTS)[number];
    return { ...ticket, rootCause: `${ticket.rootCause}, call ${guest.phone} or ${guest.email}` };
  });
  return { ...data, tickets };
}

/** What must never be in the lake: the guests' names, numbers, addresses, and what anyone wrote. */
const NEEDLES = [
  ...GUESTS.flatMap((g) => [
    g.name,
    ...g.name.split(' '),
    g.phone,
    g.phone.slice(1),
    g.email,
    g.email.split('@')[0] as string,
  ]),
  'Merhaba, ben',
  'Sayın',
  'hemen bakıyoruz',
  'Yine sorun var',
  'aranacak',
  'Özür dileriz',
  'Sizi arayacağız',
  'air conditioning broken',
  'sleepless night',
  'too expensive',
];

let lakeDir: string;

beforeAll(async () => {
  lakeDir = mkdtempSync(join(tmpdir(), 'kpi-privacy-'));
  await exportDataset(datasetWithPersonalData(), lakeDir);
});

afterAll(() => rmSync(lakeDir, { recursive: true, force: true }));

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((path) => join(dir, path))
    .filter((path) => path.endsWith('.parquet'));

test('no byte sequence of any lake file spells a name, phone number, e-mail address or message text', () => {
  const files = filesUnder(lakeDir);
  expect(files.length).toBeGreaterThan(100);
  const found: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const needle of NEEDLES)
      for (const variant of new Set([needle, needle.toLowerCase()]))
        if (bytes.includes(Buffer.from(variant, 'utf8'))) found.push(`${variant} in ${file}`);
  }
  expect(found).toEqual([]);
  // The scan does see text through the compression: a ticket's record number is there.
  const tickets = files.filter((file) => file.includes('/tickets/'));
  expect(tickets.some((file) => readFileSync(file).includes(Buffer.from('AUB-2026-000001')))).toBe(true);
});

test('no value DuckDB reads back from any table holds personal data; typed-in numbers and addresses are masked', async () => {
  const lake = await openDuckDbLake(lakeDir);
  try {
    const values: string[] = [];
    for (const table of LAKE_TABLE_NAMES) {
      const reader = await lake.connection.runAndReadAll(`SELECT * FROM ${table}`);
      expect(reader.currentRowCount).toBeGreaterThan(0);
      for (const row of reader.getRowsJson())
        for (const value of row) if (value !== null) values.push(String(value).toLowerCase());
    }
    const found = NEEDLES.map((n) => n.toLowerCase()).filter((needle) =>
      values.some((value) => value.includes(needle)),
    );
    expect(found).toEqual([]);
    expect(values.some((value) => value.includes('[number]') && value.includes('[email]'))).toBe(true);
  } finally {
    lake.close();
  }
});
