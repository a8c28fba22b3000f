import * as z from 'zod';
import { ConsentTextVersionSchema } from '../../schemas/consent';
import type { Channel } from '../../schemas/events';
import { RoutingRuleSchema } from '../../schemas/routing';
import { SlaPolicyConfigSchema } from '../../schemas/sla-policy';
import { HotelLexiconSchema } from '../../schemas/triage';

/** Seed 002's timing rules for the post-stay survey, per hotel. */
export const NpsSettingsSchema = z.strictObject({
  /** Hours after check-out the survey goes out (2–24). */
  delayHours: z.number().min(2).max(24).default(4),
  /** Hotel local times between which no survey is sent; one falling inside waits for `to`. */
  quietHours: z
    .strictObject({
      from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
      to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
    })
    .default({ from: '21:00', to: '09:00' }),
  /** No second survey to the same guest within this many days. */
  frequencyCapDays: z.number().int().min(0).max(365).default(90),
  /** How long an answer is waited for. */
  answerWindowHours: z.number().min(1).max(168).default(48),
  /** Hours after a promoter's answer before the review invitation (seed 002: within 72). */
  reviewInvitationDelayHours: z.number().min(0).max(72).default(24),
  /** Where promoters are invited to review; UTM tags are added to each link. */
  reviewLinks: z.array(z.url()).default([]),
});
export type NpsSettings = z.infer<typeof NpsSettingsSchema>;

/** How long the raw webhook archive keeps a body when neither the hotel nor the stack says otherwise. */
export const DEFAULT_RAW_ARCHIVE_RETENTION_DAYS = 30;

/**
 * How long each class of guest data is kept, per hotel (KVKK art. 4(2)(d) and 7, GDPR art.
 * 5(1)(e)): the words guests and staff wrote, the webhook bodies they arrived in, and the audit
 * log. What the KPIs need of a ticket, message or survey (times, counts, basket, scores) carries
 * no personal data and is kept.
 */
export const RetentionSettingsSchema = z.strictObject({
  /** Days after a ticket is resolved, or a survey ends, that its messages' words are kept. */
  messageTextDays: z.number().int().min(1).max(3650).default(180),
  /** Days the raw webhook archive keeps a delivery body (the stack's `rawArchiveRetentionDays` when left out). */
  rawArchiveDays: z.number().int().min(1).max(365).optional(),
  /** Days an audit entry is kept: the accountability record outlives the data it is about. */
  auditLogDays: z.number().int().min(365).max(3650).default(730),
});
export type RetentionSettings = Required<z.infer<typeof RetentionSettingsSchema>>;

/**
 * A hotel (tenant) and the platform accounts that route to it.
 * @example { "tenantId": "aurora-belek", "hotelCode": "AUB", "name": "Aurora Belek Resort",
 *   "channels": { "whatsapp": { "phoneNumberId": "106540352242922", "businessAccountId": "102290129340398" } } }
 */
export const HotelSchema = z.strictObject({
  tenantId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,39}$/, 'lower-case letters, digits and dashes, 3–40 long'),
  hotelCode: z.string().regex(/^[A-Z0-9]{2,8}$/, 'upper-case letters and digits, 2–8 long'),
  name: z.string().min(1),
  /** The number guests call (in templates' `{{phone}}`), E.164. */
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +902425550100')
    .optional(),
  timeZone: z.string().default('Europe/Istanbul'),
  /** SLA targets, business hours and holidays; the seed's table and 09:00–18:00 when left out. */
  sla: SlaPolicyConfigSchema.optional(),
  /** Which team owns which tickets, first match wins; the defaults of `DEFAULT_ROUTING` when left out. */
  routing: z.array(RoutingRuleSchema).optional(),
  /** The hotel's own triage words (its restaurant names, its OTA partners…), merged over the defaults. */
  triageLexicon: HotelLexiconSchema.optional(),
  /** Days after resolution during which a guest's message reopens the ticket. */
  reopenWindowDays: z.number().int().min(0).max(90).default(7),
  /** Minutes after a resolution before the one-question CSAT goes out (seed 003: 30–120). */
  csatDelayMinutes: z.number().int().min(30).max(120).default(60),
  /** Hours an answered sales lead may wait for a booking or a loss before it is a lost opportunity. */
  leadFollowUpHours: z.number().positive().max(720).default(48),
  /** The post-stay NPS survey (seed 002); see `npsSettingsOf` for the defaults. */
  nps: NpsSettingsSchema.partial().optional(),
  /**
   * The version of the privacy notice (KVKK aydınlatma metni) the hotel's registration card and
   * channels show, recorded with each consent decision; `DEFAULT_CONSENT_TEXT_VERSION` when left out.
   */
  consentTextVersion: ConsentTextVersionSchema.optional(),
  /** How long each class of guest data is kept; see `retentionOf` for the defaults. */
  retention: RetentionSettingsSchema.partial().optional(),
  channels: z.strictObject({
    whatsapp: z
      .strictObject({ phoneNumberId: z.string().min(1), businessAccountId: z.string().min(1) })
      .optional(),
    instagram: z
      .strictObject({
        accountId: z.string().min(1),
        pageId: z.string().min(1).optional().describe('Facebook Page id, for deliveries with object "page"'),
      })
      .optional(),
    webchat: z.strictObject({ siteKey: z.string().min(8) }).optional(),
  }),
});
export type Hotel = z.infer<typeof HotelSchema>;

/** A hotel's NPS settings with the defaults filled in. */
export const npsSettingsOf = (hotel: Pick<Hotel, 'nps'>): NpsSettings =>
  NpsSettingsSchema.parse(hotel.nps ?? {});

/** A hotel's retention periods with the defaults filled in; `rawArchiveDefaultDays` is the stack's. */
export function retentionOf(
  hotel: Pick<Hotel, 'retention'>,
  rawArchiveDefaultDays = DEFAULT_RAW_ARCHIVE_RETENTION_DAYS,
): RetentionSettings {
  const settings = RetentionSettingsSchema.parse(hotel.retention ?? {});
  return { ...settings, rawArchiveDays: settings.rawArchiveDays ?? rawArchiveDefaultDays };
}

/** Tenant ids and hotel codes are unique: a record number's code names exactly one hotel. */
export const HotelsFileSchema = z.strictObject({
  hotels: z
    .array(HotelSchema)
    .min(1)
    .superRefine((hotels, ctx) => {
      for (const field of ['tenantId', 'hotelCode'] as const) {
        const seen = new Set<string>();
        hotels.forEach((hotel, index) => {
          if (seen.has(hotel[field]))
            ctx.addIssue({
              code: 'custom',
              path: [index, field],
              message: `duplicate ${field} ${hotel[field]}`,
            });
          seen.add(hotel[field]);
        });
      }
    }),
});

export interface RegistryEntry {
  channel: Channel;
  accountId: string;
  tenantId: string;
}

/** The channel-registry entries a hotel's configuration implies. */
export function registryEntriesOf(hotel: Hotel): RegistryEntry[] {
  const { tenantId, channels } = hotel;
  const entries: RegistryEntry[] = [];
  if (channels.whatsapp) {
    entries.push({ channel: 'whatsapp', accountId: channels.whatsapp.phoneNumberId, tenantId });
    // Account-level WhatsApp fields (template status) name the business account, not a number.
    entries.push({ channel: 'whatsapp', accountId: channels.whatsapp.businessAccountId, tenantId });
  }
  if (channels.instagram)
    entries.push({ channel: 'instagram', accountId: channels.instagram.accountId, tenantId });
  if (channels.webchat) entries.push({ channel: 'webchat', accountId: channels.webchat.siteKey, tenantId });
  return entries;
}
