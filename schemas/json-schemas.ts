import * as z from 'zod';
import { AGENT_API, type AgentRouteSpec, ERROR_BODY_SCHEMAS, type ErrorStatus } from './agent-api';
import { EVENT_CATALOGUE } from './events';

const fileNameOf = (detailType: string) => `${detailType.toLowerCase().replaceAll(' ', '-')}.schema.json`;

/** The committed JSON Schema of each canonical event, keyed by file name under `schemas/json/`. */
export function eventJsonSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [detailType, schema] of Object.entries(EVENT_CATALOGUE)) {
    const jsonSchema = {
      $id: `urn:hotel-inbox:event:${fileNameOf(detailType).replace('.schema.json', '')}`,
      title: detailType,
      ...z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }),
    };
    files.set(fileNameOf(detailType), `${JSON.stringify(jsonSchema, null, 2)}\n`);
  }
  return files;
}

/** Where the agent API's OpenAPI document is committed, from the project folder. */
export const AGENT_OPENAPI_FILE = 'openapi/agent-api.json';

type JsonObject = Record<string, unknown>;

const ERROR_RESPONSES: Record<ErrorStatus, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'The request fails its schema; `path` names the field' },
  401: {
    name: 'Unauthorized',
    description: "No valid staff token: API Gateway's JWT authorizer answers before the function runs",
  },
  403: { name: 'Forbidden', description: "The caller's role may not do this" },
  404: {
    name: 'NotFound',
    description: "No such ticket, or one of a hotel or department the caller doesn't work for",
  },
  409: { name: 'Conflict', description: "The ticket's state does not allow it (e.g. already resolved)" },
  422: {
    name: 'MessagingWindowClosed',
    description: "The platform's messaging window does not allow this message now; nothing was queued",
  },
};

/**
 * The OpenAPI 3.1 document of the agent API, generated from the registry in schemas/agent-api.ts.
 * Schemas with an `id` become shared components; everything else is inlined where it is used.
 */
export function agentOpenApi(): JsonObject {
  const components = new Map<string, string>();
  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
    const { $schema, $defs, ...rest } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonObject & { $defs?: Record<string, unknown> };
    for (const [id, definition] of Object.entries($defs ?? {})) {
      const json = JSON.stringify(retarget(definition));
      const known = components.get(id);
      if (known !== undefined && known !== json) throw new Error(`Two different schemas are named ${id}`);
      components.set(id, json);
    }
    return retarget(rest) as JsonObject;
  };

  const paths: Record<string, JsonObject> = {};
  for (const [key, spec] of Object.entries(AGENT_API) as [string, AgentRouteSpec][]) {
    const [method = '', path = ''] = key.split(' ');
    const parameters = [
      ...parametersOf(spec.params, 'path', toSchema),
      ...parametersOf(spec.query, 'query', toSchema),
    ];
    paths[path] ??= {};
    (paths[path] as JsonObject)[method.toLowerCase()] = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description && { description: spec.description }),
      tags: ['agent'],
      'x-roles': spec.roles,
      ...(parameters.length > 0 && { parameters }),
      ...(spec.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: toSchema(spec.body, 'input') } },
        },
      }),
      responses: {
        [spec.success.status]: {
          description: spec.success.description,
          content: { 'application/json': { schema: toSchema(spec.success.schema, 'output') } },
        },
        ...Object.fromEntries(
          spec.errors.map((status) => [
            status,
            { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` },
          ]),
        ),
      },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'hotel-inbox agent API',
      version: '1',
      description:
        "The staff inbox: the queue, tickets, replies and actions. Every route needs a staff ID token; a caller sees only the tickets of their hotels (and an owner only their department's).",
    },
    security: [{ staffToken: [] }],
    tags: [{ name: 'agent', description: 'Routes of the staff inbox' }],
    paths,
    components: {
      securitySchemes: {
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Cognito ID token (claims custom:hotels, custom:role, custom:department), or locally `npx hotel-inbox token`',
        },
      },
      schemas: Object.fromEntries(
        [...components].sort(([a], [b]) => a.localeCompare(b)).map(([id, json]) => [id, JSON.parse(json)]),
      ),
      responses: Object.fromEntries(
        (Object.keys(ERROR_RESPONSES).map(Number) as ErrorStatus[]).map((status) => [
          ERROR_RESPONSES[status].name,
          {
            description: ERROR_RESPONSES[status].description,
            content: { 'application/json': { schema: toSchema(ERROR_BODY_SCHEMAS[status], 'output') } },
          },
        ]),
      ),
    },
  };
}

/** The document as committed: formatted the way the project's formatter (Biome) formats JSON. */
export const agentOpenApiJson = (): string => `${formatJson(agentOpenApi())}\n`;

function parametersOf(
  schema: z.ZodType | undefined,
  location: 'path' | 'query',
  toSchema: (schema: z.ZodType, io: 'input' | 'output') => JsonObject,
): JsonObject[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' && { description }),
      schema: propertySchema,
    };
  });
}

/** `#/$defs/X` (zod's references) → `#/components/schemas/X`. */
function retarget(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(retarget);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string'
        ? inner.replace('#/$defs/', '#/components/schemas/')
        : retarget(inner),
    ]),
  );
}

const LINE_WIDTH = 110;
const INDENT = '  ';

/**
 * JSON as Biome formats it: objects one member a line, arrays of plain values on one line when
 * they fit in the line width (with what precedes them and a trailing comma), else one a line.
 */
export function formatJson(value: unknown, indent = '', prefixWidth = 0, trailing = 0): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) {
      const inline = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
      if (prefixWidth + inline.length + trailing <= LINE_WIDTH) return inline;
    }
    const inner = indent + INDENT;
    const items = value.map(
      (item, i) => `${inner}${formatJson(item, inner, inner.length, i < value.length - 1 ? 1 : 0)}`,
    );
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + INDENT;
    const members = entries.map(([key, v], i) => {
      const head = `${inner}${JSON.stringify(key)}: `;
      return `${head}${formatJson(v, inner, head.length, i < entries.length - 1 ? 1 : 0)}`;
    });
    return `{\n${members.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
