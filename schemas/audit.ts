import * as z from 'zod';
import { RoleSchema } from '../functions/domain/auth/principal';

/**
 * What an audit entry records (KVKK/GDPR accountability): reads of guests' messages, and every
 * data-subject request and correction. Never the data itself: no message text, phone or e-mail.
 */
export const AuditActionSchema = z.enum([
  /** A staff member opened a ticket's messages. */
  'ticket.messages.read',
  /** A staff member with the `sensitive` grant read a message's special-category text. */
  'ticket.sensitive.read',
  /** A guest's profile field was corrected (the field names, not their values). */
  'guest.profile.corrected',
  'privacy.export',
  'privacy.erase',
  /** An admin or DPO read the audit log itself. */
  'audit.read',
  /** The scheduled retention purge removed words past the hotel's period (counts, never the words). */
  'retention.purge',
]);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/**
 * One entry of a hotel's append-only audit log: who (user, role), which hotel, what, when, on
 * what. `target` names records by their ids (ticket, guest id, request id), `details` holds
 * non-personal facts (changed field names, counts, the erase scope).
 * @example { "tenantId": "aurora-belek", "auditId": "2026-07-20T09:00:00.000Z#4f1c…", "at": "2026-07-20T09:00:00.000Z",
 *   "actor": { "userId": "ayse", "role": "frontline" }, "action": "ticket.messages.read",
 *   "target": { "ticketId": "AUB-2026-000042" } }
 */
export const AuditEntrySchema = z.strictObject({
  tenantId: z.string(),
  /** `<at>#<random id>`: sorts by time, unique. */
  auditId: z.string(),
  at: z.string(),
  actor: z.strictObject({
    userId: z.string(),
    /** A staff role, or `system` for the pipeline's own purges and `operator` for the local CLI. */
    role: z.union([RoleSchema, z.enum(['system', 'operator'])]),
  }),
  action: AuditActionSchema,
  target: z.strictObject({
    ticketId: z.string().optional(),
    guestId: z.string().optional(),
    requestId: z.string().optional(),
  }),
  details: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
    .optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
