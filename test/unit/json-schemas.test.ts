import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_ROUTES } from '../../functions/contracts/routes';
import { AGENT_API } from '../../schemas/agent-api';
import {
  AGENT_OPENAPI_FILE,
  agentOpenApi,
  agentOpenApiJson,
  eventJsonSchemas,
} from '../../schemas/json-schemas';

const root = join(import.meta.dirname, '..', '..');
const directory = join(root, 'schemas', 'json');

describe('the committed JSON Schemas', () => {
  it('are exactly what the zod schemas generate (run `npm run schemas` after changing an event)', () => {
    const generated = eventJsonSchemas();
    const committed = new Map(
      readdirSync(directory).map((file) => [file, readFileSync(join(directory, file), 'utf8')]),
    );

    expect([...committed.keys()].sort()).toEqual([...generated.keys()].sort());
    for (const [file, content] of generated) expect(committed.get(file), file).toBe(content);
  });
});

describe("the agent API's OpenAPI document", () => {
  const document = agentOpenApi() as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: unknown[] }>>;
    components: { securitySchemes: Record<string, { scheme: string }> };
  };

  it('is exactly what the registry generates (run `npm run schemas` after changing schemas/agent-api.ts)', () => {
    expect(readFileSync(join(root, AGENT_OPENAPI_FILE), 'utf8')).toBe(agentOpenApiJson());
  });

  it('is OpenAPI 3.1 with a bearer JWT security scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.staffToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('has every route of AGENT_ROUTES, with its path parameters, and nothing else', () => {
    for (const { method, path } of AGENT_ROUTES) {
      const operation = document.paths[path]?.[method.toLowerCase()];
      expect(operation, `${method} ${path}`).toBeDefined();
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        expect(operation?.parameters, `${method} ${path}`).toContainEqual(
          expect.objectContaining({ name: name.slice(1, -1), in: 'path', required: true }),
        );
      }
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods));
    expect(operations).toHaveLength(AGENT_ROUTES.length);
    expect(Object.keys(AGENT_API).sort()).toEqual(AGENT_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('documents the error answers of every route that can give them', () => {
    const reply = document.paths['/agent/tickets/{ticketId}/replies']?.post?.responses ?? {};
    expect(Object.keys(reply).sort()).toEqual(['202', '400', '401', '403', '404', '409', '422']);
  });
});
