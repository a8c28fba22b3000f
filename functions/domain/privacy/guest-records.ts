import type { ConsentRecord } from '../../../schemas/consent';
import type { Channel } from '../../../schemas/events';
import type { PrivacySubject } from '../../../schemas/privacy';
import type { Survey } from '../../../schemas/surveys';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import type { WebchatTranscriptMessage } from '../../../schemas/webchat';
import type { StoredDeparture } from '../surveys/ports';
import type { SurveyThreadMessage } from '../surveys/survey-message';
import { normalizePhoneNumber } from '../tickets/guest-phone';
import type { WebchatSession } from '../webchat/ports';

/** A guest's profile item: what the guest directory and the departures wrote, as corrected since. */
export interface GuestProfile {
  guestId: string;
  name?: string;
  phoneNumber?: string;
  email?: string;
  createdAt?: string;
  correctedAt?: string;
}

/** A channel account that belongs to the guest (`Keys.guestIdentity`). */
export interface LinkedIdentity {
  guestId: string;
  channel: Channel;
  platformId: string;
  linkedAt?: string;
}

/** The guest's survey slot: the survey last sent (frequency cap) and the one awaiting an answer. */
export interface SurveyState {
  guestId: string;
  lastSurveyId?: string;
  lastSurveyAt?: string;
  pendingSurveyId?: string;
  pendingAnswerBy?: string;
}

/** A conversation of the guest (one per channel account) and the archive objects its events came in. */
export interface ConversationRecord {
  conversationKey: string;
  channel?: string;
  currentTicketId?: string;
  rawArchiveKeys: string[];
}

export interface TicketThread {
  ticket: Ticket;
  messages: TicketMessage[];
}

export interface SurveyThread {
  survey: Survey;
  messages: SurveyThreadMessage[];
}

export interface WebchatTranscript {
  session: WebchatSession;
  messages: WebchatTranscriptMessage[];
}

/**
 * Everything the table holds about one or more guests of a hotel (the guests a subject names:
 * usually one), read by key from their partitions and pointers. `phoneNumbers` are the phone
 * index entries that point at them; `emailDigests` the e-mail index entries.
 */
export interface GuestRecords {
  tenantId: string;
  guestIds: string[];
  profiles: GuestProfile[];
  identities: LinkedIdentity[];
  phoneNumbers: { guestId: string; phoneNumber: string }[];
  emailDigests: { guestId: string; digest: string }[];
  consent: ConsentRecord[];
  surveyStates: SurveyState[];
  conversations: ConversationRecord[];
  tickets: TicketThread[];
  departures: StoredDeparture[];
  surveys: SurveyThread[];
  webchat: WebchatTranscript[];
}

/** Who a request is about, as the domain reads it. */
export type Subject = PrivacySubject;

export const subjectKindOf = (subject: Subject) =>
  'phone' in subject ? 'phone' : 'email' in subject ? 'email' : 'guestId';

export const emptyRecords = (tenantId: string): GuestRecords => ({
  tenantId,
  guestIds: [],
  profiles: [],
  identities: [],
  phoneNumbers: [],
  emailDigests: [],
  consent: [],
  surveyStates: [],
  conversations: [],
  tickets: [],
  departures: [],
  surveys: [],
  webchat: [],
});

const unique = <T>(values: Iterable<T | undefined>): T[] => [
  ...new Set([...values].filter((v): v is T => v !== undefined)),
];

/** The raw archive objects the guest's deliveries are in. */
export const rawArchiveKeysOf = (records: GuestRecords): string[] =>
  unique(records.conversations.flatMap((c) => c.rawArchiveKeys)).sort();

/** The web-chat sessions the guest wrote from (their tickets, their identities `wc_<session>`). */
export const webchatSessionIdsOf = (records: GuestRecords): string[] =>
  unique([
    ...records.tickets.map((t) => t.ticket.webchatSessionId),
    ...records.identities
      .filter((i) => i.channel === 'webchat' && i.platformId.startsWith('wc_'))
      .map((i) => i.platformId.slice(3)),
    ...records.webchat.map((w) => w.session.sessionId),
  ]);

/** The platform message ids (wamid, mid) of the guest's outbound messages, each with a link item. */
export const outboundPlatformIdsOf = (records: GuestRecords): string[] =>
  unique(
    [...records.tickets, ...records.surveys].flatMap((thread) =>
      thread.messages.map((m) => m.delivery?.platformMessageId),
    ),
  );

/**
 * What identifies the guest in free text and files: phone numbers (E.164 and bare digits),
 * e-mail addresses and names, from every record that holds one. The outbox is searched for these,
 * and an audit reason is masked with them.
 */
export function contactPointsOf(records: GuestRecords): {
  phones: string[];
  emails: string[];
  names: string[];
} {
  const spelled = [
    ...records.phoneNumbers.map((p) => p.phoneNumber),
    ...records.profiles.map((p) => p.phoneNumber),
    ...records.departures.map((d) => d.departure.phone),
    ...records.webchat.map((w) => w.session.visitor.phoneNumber),
    ...records.identities.filter((i) => i.channel === 'whatsapp').map((i) => i.platformId),
  ];
  // As written, and in E.164 (a WhatsApp id is the number's digits).
  const phones = unique([...spelled, ...spelled.map(normalizePhoneNumber)]);
  const emails = unique([
    ...records.profiles.map((p) => p.email),
    ...records.departures.map((d) => d.departure.email),
    ...records.webchat.map((w) => w.session.visitor.email),
  ]);
  const names = unique([
    ...records.profiles.map((p) => p.name),
    ...records.departures.map((d) => d.departure.guestName),
    ...records.webchat.map((w) => w.session.visitor.name),
  ]);
  return { phones, emails, names };
}
