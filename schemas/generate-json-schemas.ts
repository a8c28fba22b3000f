import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AGENT_OPENAPI_FILE, agentOpenApiJson, eventJsonSchemas } from './json-schemas';

/**
 * `npm run schemas`: rewrites schemas/json/ from the event schemas and openapi/agent-api.json from
 * the agent API's registry (a test fails when either is stale).
 */
const directory = join(import.meta.dirname, 'json');
mkdirSync(directory, { recursive: true });
for (const file of readdirSync(directory)) rmSync(join(directory, file));
for (const [file, content] of eventJsonSchemas()) writeFileSync(join(directory, file), content);
process.stdout.write(`Wrote ${eventJsonSchemas().size} JSON Schemas to schemas/json/\n`);

const openApiFile = join(import.meta.dirname, '..', AGENT_OPENAPI_FILE);
mkdirSync(dirname(openApiFile), { recursive: true });
writeFileSync(openApiFile, agentOpenApiJson());
process.stdout.write(`Wrote the agent API's OpenAPI document to ${AGENT_OPENAPI_FILE}\n`);
