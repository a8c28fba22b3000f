import * as z from 'zod';
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
