import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventJsonSchemas } from '../../schemas/json-schemas';

const directory = join(import.meta.dirname, '..', '..', 'schemas', 'json');

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
