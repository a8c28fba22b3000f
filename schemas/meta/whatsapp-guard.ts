import { is } from '../fast-path';
import type { WhatsAppEnvelope } from './whatsapp';

/* Mirrors WhatsAppEnvelopeSchema check for check; test/unit/envelope-guards.test.ts holds them together. */

const isContact = (c: unknown) =>
  is.object(c) &&
  is.optionalString(c.wa_id) &&
  is.optionalString(c.user_id) &&
  is.optionalString(c.parent_user_id) &&
  (c.profile === undefined ||
    (is.object(c.profile) && is.optionalString(c.profile.name) && is.optionalString(c.profile.username)));

const isMessage = (m: unknown) =>
  is.object(m) &&
  is.id(m.id) &&
  is.optionalId(m.from) &&
  is.optionalId(m.from_user_id) &&
  is.timestamp(m.timestamp) &&
  is.id(m.type);

const isStatus = (s: unknown) =>
  is.object(s) &&
  is.id(s.id) &&
  is.id(s.status) &&
  is.timestamp(s.timestamp) &&
  is.optionalId(s.recipient_id) &&
  is.optionalId(s.recipient_user_id);

const isMetadata = (m: unknown) =>
  is.object(m) && is.id(m.phone_number_id) && is.optionalString(m.display_phone_number);

const isValue = (v: unknown) =>
  is.object(v) &&
  is.optionalString(v.messaging_product) &&
  (v.metadata === undefined || isMetadata(v.metadata)) &&
  is.optionalArrayOf(v.contacts, isContact) &&
  is.optionalArrayOf(v.messages, isMessage) &&
  is.optionalArrayOf(v.statuses, isStatus) &&
  (v.errors === undefined || Array.isArray(v.errors));

const isChange = (c: unknown) =>
  is.object(c) &&
  is.id(c.field) &&
  isValue(c.value) &&
  (c.field !== 'messages' || (c.value as { metadata?: unknown }).metadata !== undefined);

const isEntry = (e: unknown) =>
  is.object(e) &&
  is.id(e.id) &&
  (e.time === undefined || (typeof e.time === 'number' && Number.isFinite(e.time))) &&
  Array.isArray(e.changes) &&
  e.changes.every(isChange);

/** True only for bodies WhatsAppEnvelopeSchema accepts; checks without copying. */
export const isWhatsAppEnvelope = (v: unknown): v is WhatsAppEnvelope =>
  is.object(v) &&
  v.object === 'whatsapp_business_account' &&
  Array.isArray(v.entry) &&
  v.entry.every(isEntry);
