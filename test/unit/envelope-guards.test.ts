import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessagePart } from '../../functions/domain/ingest/instagram-message-content';
import { isPlainText } from '../../functions/domain/ingest/instagram-normalizer';
import { InstagramEnvelopeSchema } from '../../schemas/meta/instagram';
import { isInstagramEnvelope } from '../../schemas/meta/instagram-guard';
import { WhatsAppEnvelopeSchema } from '../../schemas/meta/whatsapp';
import { isWhatsAppEnvelope } from '../../schemas/meta/whatsapp-guard';
import { fixture } from '../support/meta';
import { mutate } from '../support/mutate';

const GUARDS = {
  whatsapp: { guard: isWhatsAppEnvelope, schema: WhatsAppEnvelopeSchema },
  instagram: { guard: isInstagramEnvelope, schema: InstagramEnvelopeSchema },
} as const;

const fixtures = (channel: keyof typeof GUARDS) =>
  readdirSync(join(import.meta.dirname, '..', 'events', channel))
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(fixture(channel, file.replace(/\.json$/, '')).toString()) as unknown);

describe.each(Object.keys(GUARDS) as (keyof typeof GUARDS)[])('the %s envelope fast path', (channel) => {
  const { guard, schema } = GUARDS[channel];

  it('takes every stored delivery without parsing', () => {
    for (const body of fixtures(channel)) expect(guard(body)).toBe(true);
  });

  it('accepts nothing the full schema rejects, whatever is changed in a delivery', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures(channel)),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.jsonValue({ maxDepth: 2 }),
        fc.boolean(),
        (body, path, replacement, remove) => {
          const mutated = mutate(body, path, replacement, remove);
          if (guard(mutated)) expect(schema.safeParse(mutated).success).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('the Instagram plain-text message fast path', () => {
  it('is taken for a plain text message', () => {
    expect(isPlainText({ mid: 'aWdf', text: 'Merhaba' })).toBe(true);
    expect(isPlainText({ mid: 'aWdf', text: 'Merhaba', is_echo: true })).toBe(false);
  });

  it('is taken only for what MessagePart accepts', () => {
    fc.assert(
      fc.property(
        fc.record(
          { mid: fc.oneof(fc.string(), fc.integer()), text: fc.oneof(fc.string(), fc.constant(null)) },
          {
            requiredKeys: [],
          },
        ),
        (message) => {
          if (isPlainText(message)) expect(MessagePart.safeParse(message).success).toBe(true);
        },
      ),
    );
  });
});
