import { is } from '../fast-path';
import type { InstagramEnvelope } from './instagram';

/* Mirrors InstagramEnvelopeSchema check for check; test/unit/envelope-guards.test.ts holds them together. */

const isParticipant = (p: unknown) => is.object(p) && is.id(p.id);

const isMessagingEvent = (e: unknown) =>
  is.object(e) && isParticipant(e.sender) && isParticipant(e.recipient) && is.timestamp(e.timestamp);

// The schema's `value: z.unknown()` still requires the key to be present.
const isChange = (c: unknown) => is.object(c) && is.id(c.field) && 'value' in c;

const isEntry = (e: unknown) =>
  is.object(e) &&
  is.id(e.id) &&
  (e.time === undefined || is.timestamp(e.time)) &&
  is.optionalArrayOf(e.messaging, isMessagingEvent) &&
  is.optionalArrayOf(e.changes, isChange) &&
  (e.standby === undefined || Array.isArray(e.standby));

/** True only for bodies InstagramEnvelopeSchema accepts; checks without copying. */
export const isInstagramEnvelope = (v: unknown): v is InstagramEnvelope =>
  is.object(v) &&
  (v.object === 'instagram' || v.object === 'page') &&
  Array.isArray(v.entry) &&
  v.entry.every(isEntry);
