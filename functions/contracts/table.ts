/**
 * The single DynamoDB table: key names, indexes and item keys, defined once for the CDK
 * stack, the local runtime and the adapters. The tenant (hotel) id is part of every key
 * that holds guest data.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;
export const TTL_ATTRIBUTE = 'expiresAt';

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export const GLOBAL_INDEXES: readonly IndexDefinition[] = [
  { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
];

/** Item keys. Each function returns the full primary key of one item kind. */
export const Keys = {
  channelAccount: (channel: string, accountId: string) => ({
    pk: `CHANNEL#${channel}#${accountId}`,
    sk: 'CHANNEL',
  }),
  dedupe: (scope: string, dedupeKey: string) => ({ pk: `DEDUPE#${scope}#${dedupeKey}`, sk: 'DEDUPE' }),
  guest: (tenantId: string, guestId: string) => ({
    pk: `TENANT#${tenantId}#GUEST#${guestId}`,
    sk: 'PROFILE',
  }),
  guestIdentity: (tenantId: string, channel: string, platformId: string) => ({
    pk: `TENANT#${tenantId}#IDENTITY#${channel}#${platformId}`,
    sk: 'IDENTITY',
  }),
  guestPhone: (tenantId: string, phoneNumber: string) => ({
    pk: `TENANT#${tenantId}#PHONE#${phoneNumber}`,
    sk: 'PHONE',
  }),
  conversation: (tenantId: string, conversationKey: string) => ({
    pk: `TENANT#${tenantId}#CONV#${conversationKey}`,
    sk: 'CONVERSATION',
  }),
  ticket: (tenantId: string, ticketId: string) => ({
    pk: `TENANT#${tenantId}#TICKET#${ticketId}`,
    sk: 'TICKET',
  }),
  ticketMessage: (tenantId: string, ticketId: string, at: string, messageId: string) => ({
    pk: `TENANT#${tenantId}#TICKET#${ticketId}`,
    sk: `MSG#${at}#${messageId}`,
  }),
  /** Marks a message id taken on a ticket, so a redelivered event is appended once. */
  ticketMessageId: (tenantId: string, ticketId: string, messageId: string) => ({
    pk: `TENANT#${tenantId}#TICKET#${ticketId}`,
    sk: `MSGID#${messageId}`,
  }),
  ticketCounter: (tenantId: string, year: number) => ({
    pk: `TENANT#${tenantId}#COUNTER#ticket#${year}`,
    sk: 'COUNTER',
  }),
  /** GSI1: a hotel's open tickets, ordered by their nearest SLA deadline. */
  openTicketsIndex: (tenantId: string, sortKey: string) => ({
    gsi1pk: `TENANT#${tenantId}#OPEN`,
    gsi1sk: sortKey,
  }),
  /** GSI2: a hotel's sales tickets answered and awaiting a booking or a loss, by follow-up deadline. */
  leadFollowUpIndex: (tenantId: string, dueAt: string, ticketId: string) => ({
    gsi2pk: `TENANT#${tenantId}#LEADS`,
    gsi2sk: `${dueAt}#${ticketId}`,
  }),
  /** GSI3: a hotel's tickets by the UTC day and time they opened (the KPI export's day of tickets). */
  ticketsOpenedIndex: (tenantId: string, openedAt: string, ticketId: string) => ({
    gsi3pk: `TENANT#${tenantId}#OPENED#${openedAt.slice(0, 10)}`,
    gsi3sk: `${openedAt}#${ticketId}`,
  }),
  /**
   * GSI4: a hotel's finished threads (resolved tickets, answered or expired surveys) whose words
   * are still kept, by the time they finished: the retention purge's list. Sparse: a thread leaves
   * it when reopened or purged.
   */
  keptWordsIndex: (tenantId: string, finishedAt: string, threadId: string) => ({
    gsi4pk: `TENANT#${tenantId}#KEPT-WORDS`,
    gsi4sk: `${finishedAt}#${threadId}`,
  }),
  /** Finds the ticket message a platform message id (wamid, mid) belongs to, for delivery statuses. */
  outboundMessage: (tenantId: string, platformMessageId: string) => ({
    pk: `TENANT#${tenantId}#OUTBOUND#${platformMessageId}`,
    sk: 'OUTBOUND',
  }),
  /** One departure per hotel and reservation: importing it again changes nothing. */
  departure: (tenantId: string, reservationId: string) => ({
    pk: `TENANT#${tenantId}#DEPARTURE#${reservationId}`,
    sk: 'DEPARTURE',
  }),
  survey: (tenantId: string, surveyId: string) => ({
    pk: `TENANT#${tenantId}#SURVEY#${surveyId}`,
    sk: 'SURVEY',
  }),
  /** GSI1: a hotel's surveys by scheduled time (for the sweep, the CLI and the NPS report). */
  surveysIndex: (tenantId: string, scheduledFor: string, surveyId: string) => ({
    gsi1pk: `TENANT#${tenantId}#SURVEYS`,
    gsi1sk: `${scheduledFor}#${surveyId}`,
  }),
  /** The survey a guest was last sent (frequency cap) and the one awaiting their answer. */
  guestSurveys: (tenantId: string, guestId: string) => ({
    pk: `TENANT#${tenantId}#GUEST#${guestId}`,
    sk: 'SURVEYS',
  }),
  /**
   * A guest's consent decisions, one item each (never changed), under the guest's partition by
   * purpose and time: the current one is a Query of `CONSENT#<purpose>#` backwards, Limit 1
   * (`consent(t, g, purpose)` gives that prefix). `ref` (the message, reservation or staff id)
   * tells apart two decisions of the same millisecond and makes a retried write the same item.
   */
  consent: (tenantId: string, guestId: string, purpose: string, at = '', ref = '') => ({
    pk: `TENANT#${tenantId}#GUEST#${guestId}`,
    sk: `CONSENT#${purpose}#${at}${ref && `#${ref}`}`,
  }),
  /**
   * Pointers under the guest's partition, written with what they point at, so a data-subject
   * request finds every ticket, channel identity and departure of a guest with one Query.
   */
  guestTicket: (tenantId: string, guestId: string, ticketId: string) => ({
    pk: `TENANT#${tenantId}#GUEST#${guestId}`,
    sk: `TICKET#${ticketId}`,
  }),
  guestIdentityLink: (tenantId: string, guestId: string, channel: string, platformId: string) => ({
    pk: `TENANT#${tenantId}#GUEST#${guestId}`,
    sk: `IDENTITY#${channel}#${platformId}`,
  }),
  guestDeparture: (tenantId: string, guestId: string, reservationId: string) => ({
    pk: `TENANT#${tenantId}#GUEST#${guestId}`,
    sk: `DEPARTURE#${reservationId}`,
  }),
  guestEmailLink: (tenantId: string, guestId: string, emailDigest: string) => ({
    pk: `TENANT#${tenantId}#GUEST#${guestId}`,
    sk: `EMAIL#${emailDigest}`,
  }),
  /**
   * The guests of a hotel an e-mail address belongs to (one item each); the address is in the key
   * only as a digest (`emailDigestOf`).
   */
  guestEmail: (tenantId: string, emailDigest: string, guestId: string) => ({
    pk: `TENANT#${tenantId}#EMAIL#${emailDigest}`,
    sk: `GUEST#${guestId}`,
  }),
  /**
   * A raw archive object that carried an event of the conversation (message, echo or status),
   * so erasing a guest finds their webhook bodies; it expires with the archive's objects.
   */
  conversationDelivery: (tenantId: string, conversationKey: string, rawArchiveKey: string) => ({
    pk: `TENANT#${tenantId}#CONV#${conversationKey}`,
    sk: `RAW#${rawArchiveKey}`,
  }),
  /**
   * One audit entry, in the hotel's partition of its month (a hotel writes a few thousand a day,
   * far below a partition's limits); `auditId` is `<at>#<id>`, so a month reads in time order.
   */
  auditEntry: (tenantId: string, auditId: string) => ({
    pk: `TENANT#${tenantId}#AUDIT#${auditId.slice(0, 7)}`,
    sk: auditId,
  }),
  webchatSession: (tenantId: string, sessionId: string) => ({
    pk: `TENANT#${tenantId}#WEBCHAT#${sessionId}`,
    sk: 'SESSION',
  }),
  webchatMessage: (tenantId: string, sessionId: string, sortableId: string) => ({
    pk: `TENANT#${tenantId}#WEBCHAT#${sessionId}`,
    sk: `MSG#${sortableId}`,
  }),
  /** Marks a web-chat message id as taken, so a retried send is appended once. */
  webchatMessageId: (tenantId: string, sessionId: string, messageId: string) => ({
    pk: `TENANT#${tenantId}#WEBCHAT#${sessionId}`,
    sk: `MSGID#${messageId}`,
  }),
  webchatRateWindow: (tenantId: string, sessionId: string, windowStart: number) => ({
    pk: `TENANT#${tenantId}#WEBCHAT#${sessionId}`,
    sk: `RATE#${windowStart}`,
  }),
} as const;
