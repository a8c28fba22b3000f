import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventJsonSchemas } from './json-schemas';

/** `npm run schemas`: rewrites schemas/json/ from the zod schemas (a test fails when it is stale). */
const directory = join(import.meta.dirname, 'json');
mkdirSync(directory, { recursive: true });
for (const file of readdirSync(directory)) rmSync(join(directory, file));
for (const [file, content] of eventJsonSchemas()) writeFileSync(join(directory, file), content);
process.stdout.write(`Wrote ${eventJsonSchemas().size} JSON Schemas to schemas/json/\n`);
