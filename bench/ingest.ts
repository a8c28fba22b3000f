/**
 * `npm run bench:ingest`: what the ingest path costs over the unavoidable floor, and what
 * each Lambda costs to load. Figures are ratios against baselines measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { MemoryChannelRegistry } from '../functions/adapters/memory-channel-registry';
import { MemoryDedupeStore } from '../functions/adapters/memory-dedupe-store';
import { FunctionName } from '../functions/contracts/routes';
import { type IngestDeps, ingestMetaDelivery } from '../functions/domain/ingest/ingest-meta-delivery';
import { META_NORMALIZERS, type MetaChannel } from '../functions/domain/ingest/normalizers';
import { signMetaBody } from '../functions/domain/ingest/signature';
import { LAMBDA_BUNDLING } from '../lib/bundling';
import { loadHotels } from '../local/runtime/runtime';

const ROOT = join(import.meta.dirname, '..');
const SECRET = 'bench-app-secret';
const DELIVERIES = 44_000;
const hotels = loadHotels(join(ROOT, 'config', 'hotels.json'));

/** N distinct deliveries (fresh message ids, so none is a duplicate) with their signatures. */
function deliveries(channel: MetaChannel, fixture: string, idMarker: string) {
  const template = readFileSync(join(ROOT, 'test', 'events', channel, `${fixture}.json`), 'utf8');
  return Array.from({ length: DELIVERIES }, (_, i) => {
    const body = Buffer.from(template.replaceAll(idMarker, `${idMarker}${i}x`));
    return { body, signature: signMetaBody(body, SECRET) };
  });
}

function ingestDeps(): IngestDeps {
  return {
    registry: new MemoryChannelRegistry(hotels),
    dedupe: new MemoryDedupeStore(),
    publisher: { publish: async () => ({ failedIndexes: [] }) },
    archive: { put: async () => undefined },
    metrics: { count: () => undefined },
    now: () => new Date(),
  };
}

const ROUNDS = 11;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function microsPerItem<T>(items: readonly T[], work: (item: T) => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  for (const item of items) await work(item);
  return Number(process.hrtime.bigint() - start) / items.length / 1000;
}

/**
 * Floor and ingest path are timed in alternating rounds over distinct deliveries, and the
 * median of each is kept, so a noisy neighbour on a 2-core machine skews both alike.
 */
async function ingestVersusFloor(channel: MetaChannel, fixture: string, idMarker: string) {
  const normalizer = META_NORMALIZERS[channel];
  const items = deliveries(channel, fixture, idMarker);
  const perRound = Math.floor(items.length / ROUNDS);
  const deps = ingestDeps();
  const floor = ({ body }: (typeof items)[number]) => {
    createHmac('sha256', SECRET).update(body).digest();
    return JSON.parse(body.toString('utf8'));
  };
  const ingest = ({ body, signature }: (typeof items)[number]) =>
    ingestMetaDelivery(deps, normalizer, { rawBody: body, signatureHeader: signature, appSecret: SECRET });
  await microsPerItem(items.slice(0, perRound), floor);
  await microsPerItem(items.slice(0, perRound), ingest);
  const floors: number[] = [];
  const ingests: number[] = [];
  const ratios: number[] = [];
  for (let round = 1; round < ROUNDS; round++) {
    const batch = items.slice(round * perRound, (round + 1) * perRound);
    const f = await microsPerItem(batch, floor);
    const i = await microsPerItem(batch, ingest);
    floors.push(f);
    ingests.push(i);
    ratios.push(i / f);
  }
  return {
    channel,
    bytes: items[0]?.body.length ?? 0,
    ingest: median(ingests),
    floor: median(floors),
    ratio: median(ratios),
  };
}

const outDir = join(ROOT, 'tmp', 'bench');

async function bundle(name: string, entry: string) {
  const result = await build({
    ...LAMBDA_BUNDLING,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    write: false,
    metafile: true,
    sourcemap: false,
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const file = join(outDir, `${name}.mjs`);
  writeFileSync(file, code);
  return { file, bytes: code.length };
}

/** Median time to import a module in a fresh Node process, the way Lambda loads a handler. */
function loadMillis(file: string, runs = 7): number {
  const script = `const t=process.hrtime.bigint();await import(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const times = Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT }).toString()),
  ).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? Number.NaN;
}

async function main() {
  const rows = [
    await ingestVersusFloor('whatsapp', 'text', 'wamid.'),
    await ingestVersusFloor('instagram', 'text', 'aWdfZAG1'),
  ];
  console.log('Ingest path per delivery (verify + parse + validate + normalize + dedupe in memory)');
  console.log(
    'channel     body B   ingest µs   floor µs (HMAC + JSON.parse)   ratio (target ≤ 3), medians of 10 rounds',
  );
  for (const r of rows) {
    console.log(
      `${r.channel.padEnd(10)} ${String(r.bytes).padStart(7)} ${r.ingest.toFixed(1).padStart(11)} ${r.floor.toFixed(1).padStart(10)} ${r.ratio.toFixed(2).padStart(34)}`,
    );
  }

  mkdirSync(outDir, { recursive: true });
  const empty = join(outDir, 'empty-handler.ts');
  writeFileSync(empty, 'export const handler = async () => ({ statusCode: 200 });\n');
  const baseline = await bundle('empty', empty);
  const baselineLoad = loadMillis(baseline.file);
  console.log('');
  console.log('Lambda bundles (esbuild, minified, @aws-sdk/* external as in the nodejs22.x runtime)');
  console.log('function        bundle KB   load ms   empty-handler load ms   load ratio');
  for (const name of Object.values(FunctionName)) {
    const { file, bytes } = await bundle(name, join(ROOT, 'functions', name, 'handler.ts'));
    const load = loadMillis(file);
    console.log(
      `${name.padEnd(14)} ${(bytes / 1024).toFixed(1).padStart(10)} ${load.toFixed(1).padStart(9)} ${baselineLoad.toFixed(1).padStart(23)} ${(load / baselineLoad).toFixed(2).padStart(12)}`,
    );
  }
}

await main();
