import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConsentRecordSchema } from '../../schemas/consent';
import { type Channel, ChannelSchema, surveyThreadId } from '../../schemas/events';
import type { ErasureCounts } from '../../schemas/privacy';
import type { Survey } from '../../schemas/surveys';
import type { Ticket } from '../../schemas/ticket';
import { WebchatTranscriptMessageSchema } from '../../schemas/webchat';
import { Keys } from '../contracts/table';
import { conversationKeyOf } from '../domain/ingest/keys';
import type { GuestDataStore, ThreadRewrite } from '../domain/privacy/data-subject-request';
import { emailDigestOf } from '../domain/privacy/email-digest';
import { ERASED_CONVERSATION, ERASED_ID_PREFIX } from '../domain/privacy/erasure-plan';
import { emptyRecords, type GuestRecords, type Subject } from '../domain/privacy/guest-records';
import type { StoredDeparture } from '../domain/surveys/ports';
import { emailGuestIdOf, surveyIdOf } from '../domain/surveys/survey-ids';
import { normalizePhoneNumber } from '../domain/tickets/guest-phone';
import { applied } from './conditional-write';
import { queryAll } from './dynamodb-pages';
import { DynamoDbSurveyStore } from './dynamodb-survey-store';
import { DynamoDbSurveyThread } from './dynamodb-survey-thread';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { DynamoDbWebchatStore } from './dynamodb-webchat-store';

type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;

const BATCH_WRITE_MAX = 25;
const MAX_BATCH_ROUNDS = 8;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** The item without attributes left undefined (a client without `removeUndefinedValues` refuses them). */
const defined = <T extends object>(item: T): T =>
  Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as T;
const keyOf = (item: Item): Key => ({ pk: item.pk as string, sk: item.sk as string });

/**
 * A guest's records in the single table, for data-subject requests. Everything is found by key:
 * the guest's partition holds their profile, consent records, survey state and pointers to their
 * tickets, identities, departures and e-mail index entries; identities lead to conversations (and
 * their archive index) and web-chat sessions; departures to surveys. Identities are also derived
 * from tickets and departures, so one whose pointer was never written is still found.
 */
export class DynamoDbGuestData implements GuestDataStore {
  private readonly tickets: DynamoDbTicketStore;
  private readonly surveys: DynamoDbSurveyStore;
  private readonly surveyThread: DynamoDbSurveyThread;
  private readonly webchat: DynamoDbWebchatStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.tickets = new DynamoDbTicketStore(client, tableName);
    this.surveys = new DynamoDbSurveyStore(client, tableName);
    this.surveyThread = new DynamoDbSurveyThread(client, tableName);
    this.webchat = new DynamoDbWebchatStore(client, tableName);
  }

  async findGuests(tenantId: string, subject: Subject): Promise<string[]> {
    const found = new Set<string>();
    const add = (guestId: string | undefined) => guestId && found.add(guestId);
    if ('phone' in subject) {
      const phone = normalizePhoneNumber(subject.phone);
      if (!phone) return [];
      add(await this.guestIdAt(Keys.guestPhone(tenantId, phone)));
      add(await this.guestIdAt(Keys.guestIdentity(tenantId, 'whatsapp', phone.slice(1))));
    } else if ('email' in subject) {
      const digest = emailDigestOf(subject.email);
      const entries = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': Keys.guestEmail(tenantId, digest, '').pk },
        ConsistentRead: true,
      });
      for (const entry of entries) add(str(entry.guestId));
      const byAddress = emailGuestIdOf(tenantId, subject.email);
      if (await this.hasPartition(Keys.guest(tenantId, byAddress).pk)) add(byAddress);
    } else if (await this.hasPartition(Keys.guest(tenantId, subject.guestId).pk)) {
      add(subject.guestId);
    }
    return [...found];
  }

  async collect(tenantId: string, guestIds: readonly string[]): Promise<GuestRecords> {
    const records = { ...emptyRecords(tenantId), guestIds: [...guestIds] };
    const ours = new Set(guestIds);
    // A record a failed erasure already re-keyed is still the guest's: its pointer says so.
    const isOurs = (guestId: string) => ours.has(guestId) || guestId.startsWith(ERASED_ID_PREFIX);
    const ticketIds = new Set<string>();
    const reservationIds = new Set<string>();
    const identities = new Map<string, { channel: Channel; platformId: string }>();
    const candidate = (channel: string, platformId: string | undefined) => {
      const parsed = ChannelSchema.safeParse(channel);
      if (parsed.success && platformId)
        identities.set(`${channel}#${platformId}`, { channel: parsed.data, platformId });
    };

    for (const guestId of guestIds) {
      for (const item of await this.partition(Keys.guest(tenantId, guestId).pk)) {
        const sk = item.sk as string;
        if (sk === 'PROFILE') {
          records.profiles.push(
            defined({
              guestId,
              name: str(item.name),
              phoneNumber: str(item.phoneNumber),
              email: str(item.email),
              createdAt: str(item.createdAt),
              correctedAt: str(item.correctedAt),
            }),
          );
        } else if (sk === 'SURVEYS') {
          records.surveyStates.push(
            defined({
              guestId,
              lastSurveyId: str(item.lastSurveyId),
              lastSurveyAt: str(item.lastSurveyAt),
              pendingSurveyId: str(item.pendingSurveyId),
              pendingAnswerBy: str(item.pendingAnswerBy),
            }),
          );
        } else if (sk.startsWith('CONSENT#')) {
          const { pk: _pk, sk: _sk, ...record } = item;
          const parsed = ConsentRecordSchema.safeParse(record);
          if (parsed.success) records.consent.push(parsed.data);
        } else if (sk.startsWith('TICKET#')) ticketIds.add(sk.slice('TICKET#'.length));
        else if (sk.startsWith('DEPARTURE#')) reservationIds.add(sk.slice('DEPARTURE#'.length));
        else if (sk.startsWith('IDENTITY#')) candidate(str(item.channel) ?? '', str(item.platformId));
        else if (sk.startsWith('EMAIL#'))
          records.emailDigests.push({ guestId, digest: sk.slice('EMAIL#'.length) });
      }
    }

    for (const ticketId of ticketIds) {
      const ticket = await this.tickets.getTicket(tenantId, ticketId);
      if (!ticket || !isOurs(ticket.guestId)) continue;
      records.tickets.push({ ticket, messages: await this.tickets.listMessages(tenantId, ticketId) });
      if (ticket.webchatSessionId) candidate('webchat', `wc_${ticket.webchatSessionId}`);
      else candidate(ticket.channel, ticket.recipientId);
    }
    for (const reservationId of reservationIds) {
      const stored = await this.surveys.getDeparture(tenantId, reservationId);
      if (!stored || !isOurs(stored.guestId)) continue;
      records.departures.push(stored);
      const phone = normalizePhoneNumber(stored.departure.phone);
      if (phone) candidate('whatsapp', phone.slice(1));
    }
    for (const profile of records.profiles) {
      const phone = normalizePhoneNumber(profile.phoneNumber);
      if (phone) candidate('whatsapp', phone.slice(1));
    }

    for (const { channel, platformId } of identities.values()) {
      const item = await this.get(Keys.guestIdentity(tenantId, channel, platformId));
      const guestId = str(item?.guestId);
      if (guestId && ours.has(guestId))
        records.identities.push(
          defined({
            guestId,
            channel,
            platformId,
            linkedAt: str(item?.linkedAt),
          }),
        );
    }

    const sessionIds = new Set([
      ...records.tickets.map((t) => t.ticket.webchatSessionId),
      ...records.identities.filter((i) => i.platformId.startsWith('wc_')).map((i) => i.platformId.slice(3)),
    ]);
    for (const sessionId of sessionIds) {
      if (!sessionId) continue;
      const session = await this.webchat.getSession(tenantId, sessionId);
      if (!session) continue;
      const items = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
        ExpressionAttributeValues: { ':pk': Keys.webchatSession(tenantId, sessionId).pk, ':msg': 'MSG#' },
        ConsistentRead: true,
      });
      const messages = items.flatMap((item) => {
        const parsed = WebchatTranscriptMessageSchema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
      records.webchat.push({ session, messages });
    }

    const phones = new Set<string | undefined>([
      ...records.profiles.map((p) => p.phoneNumber),
      ...records.departures.map((d) => d.departure.phone),
      ...records.webchat.map((w) => w.session.visitor.phoneNumber),
      ...records.identities.filter((i) => i.channel === 'whatsapp').map((i) => `+${i.platformId}`),
    ]);
    const normalized = new Set([...phones].map(normalizePhoneNumber));
    for (const phoneNumber of normalized) {
      if (!phoneNumber) continue;
      const guestId = await this.guestIdAt(Keys.guestPhone(tenantId, phoneNumber));
      if (guestId && ours.has(guestId)) records.phoneNumbers.push({ guestId, phoneNumber });
    }

    const conversationKeys = new Set([
      ...records.tickets.map((t) => t.ticket.conversationKey).filter((key) => key !== ERASED_CONVERSATION),
      ...records.identities.map((i) => conversationKeyOf(tenantId, i.channel, i.platformId)),
    ]);
    for (const conversationKey of conversationKeys) {
      const items = await this.partition(Keys.conversation(tenantId, conversationKey).pk);
      if (items.length === 0) continue;
      const conversation = items.find((item) => item.sk === 'CONVERSATION');
      records.conversations.push(
        defined({
          conversationKey,
          channel: str(conversation?.channel),
          currentTicketId: str(conversation?.currentTicketId),
          rawArchiveKeys: items.flatMap((item) => {
            const key = str(item.rawArchiveKey);
            return String(item.sk).startsWith('RAW#') && key ? [key] : [];
          }),
        }),
      );
    }

    const surveyIds = new Set([
      ...records.departures.map((d) => surveyIdOf(tenantId, d.departure.reservationId)),
      ...records.surveyStates.flatMap((s) => [s.lastSurveyId, s.pendingSurveyId]),
    ]);
    for (const surveyId of surveyIds) {
      if (!surveyId) continue;
      const survey = await this.surveys.getSurvey(tenantId, surveyId);
      if (!survey || !isOurs(survey.guestId)) continue;
      records.surveys.push({
        survey,
        messages: await this.surveyThread.list(tenantId, surveyThreadId(surveyId)),
      });
    }
    return records;
  }

  async deleteWebchatSessions(tenantId: string, sessionIds: readonly string[]): Promise<number> {
    let sessions = 0;
    for (const sessionId of sessionIds)
      if ((await this.deletePartition(Keys.webchatSession(tenantId, sessionId).pk)) > 0) sessions++;
    return sessions;
  }

  async deleteOutboundLinks(tenantId: string, platformMessageIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const id of platformMessageIds)
      if (await this.deleteItem(Keys.outboundMessage(tenantId, id))) deleted++;
    return deleted;
  }

  async deleteConversations(tenantId: string, conversationKeys: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const key of conversationKeys)
      if ((await this.deletePartition(Keys.conversation(tenantId, key).pk)) > 0) deleted++;
    return deleted;
  }

  /**
   * Each message in one transaction: the old item and its id marker go, the rewrite comes under
   * its new id (a message already rewritten is written over in place).
   */
  async rewriteThread(tenantId: string, threadId: string, rewrites: readonly ThreadRewrite[]): Promise<void> {
    for (const { before, after } of rewrites) {
      const put = {
        Put: {
          TableName: this.tableName,
          Item: defined({ ...Keys.ticketMessage(tenantId, threadId, after.at, after.messageId), ...after }),
        },
      };
      const same = before.messageId === after.messageId && before.at === after.at;
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: same
            ? [put]
            : [
                {
                  Delete: {
                    TableName: this.tableName,
                    Key: Keys.ticketMessage(tenantId, threadId, before.at, before.messageId),
                  },
                },
                {
                  Delete: {
                    TableName: this.tableName,
                    Key: Keys.ticketMessageId(tenantId, threadId, before.messageId),
                  },
                },
                put,
              ],
        }),
      );
    }
  }

  /** The ticket over the stored one: on its opening day's index, on the lead list only if still due. */
  async replaceTicket(ticket: Ticket): Promise<void> {
    const { tenantId, ticketId, openedAt, leadFollowUpDueAt, status } = ticket;
    const onLeadList = leadFollowUpDueAt !== undefined && status !== 'closed';
    await this.putExisting({
      ...Keys.ticket(tenantId, ticketId),
      ...Keys.ticketsOpenedIndex(tenantId, openedAt, ticketId),
      ...(onLeadList && Keys.leadFollowUpIndex(tenantId, leadFollowUpDueAt, ticketId)),
      ...ticket,
    });
  }

  async replaceSurvey(survey: Survey): Promise<void> {
    await this.putExisting({
      ...Keys.survey(survey.tenantId, survey.surveyId),
      ...Keys.surveysIndex(survey.tenantId, survey.scheduledFor, survey.surveyId),
      ...survey,
    });
  }

  async replaceDeparture(stored: StoredDeparture): Promise<void> {
    await this.putExisting({ ...Keys.departure(stored.tenantId, stored.departure.reservationId), ...stored });
  }

  async deleteIndexEntries(
    records: GuestRecords,
  ): Promise<Pick<ErasureCounts, 'identities' | 'phoneNumbers' | 'emailIndexEntries'>> {
    const { tenantId, guestIds } = records;
    let identities = 0;
    let phoneNumbers = 0;
    let emailIndexEntries = 0;
    for (const { channel, platformId } of records.identities)
      if (await this.deleteIfGuest(Keys.guestIdentity(tenantId, channel, platformId), guestIds)) identities++;
    for (const { phoneNumber } of records.phoneNumbers)
      if (await this.deleteIfGuest(Keys.guestPhone(tenantId, phoneNumber), guestIds)) phoneNumbers++;
    for (const { guestId, digest } of records.emailDigests)
      if (await this.deleteItem(Keys.guestEmail(tenantId, digest, guestId))) emailIndexEntries++;
    return { identities, phoneNumbers, emailIndexEntries };
  }

  async deleteGuests(tenantId: string, guestIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const guestId of guestIds)
      if ((await this.deletePartition(Keys.guest(tenantId, guestId).pk)) > 0) deleted++;
    return deleted;
  }

  // -------------------------------------------------------------------------------------------

  private async get(key: Key): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  private async guestIdAt(key: Key): Promise<string | undefined> {
    return str((await this.get(key))?.guestId);
  }

  private async hasPartition(pk: string): Promise<boolean> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: 1,
      }),
    );
    return (Items?.length ?? 0) > 0;
  }

  private partition(pk: string): Promise<Item[]> {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    });
  }

  /** Writes the item over an existing one (never creates one a concurrent erasure deleted). */
  private async putExisting(item: Item): Promise<void> {
    await applied(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: defined(item),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  }

  /** True when there was an item to delete. */
  private async deleteItem(key: Key): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: key, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  /** Deletes an index item only while it still points at one of the guests. */
  private deleteIfGuest(key: Key, guestIds: readonly string[]): Promise<boolean> {
    const values = Object.fromEntries(guestIds.map((id, i) => [`:g${i}`, id]));
    return applied(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: `guestId IN (${Object.keys(values).join(', ')})`,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /** Deletes every item of a partition; the number there was. */
  private async deletePartition(pk: string): Promise<number> {
    const keys = (
      await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      })
    ).map(keyOf);
    for (let i = 0; i < keys.length; i += BATCH_WRITE_MAX) {
      let requests = keys.slice(i, i + BATCH_WRITE_MAX).map((Key) => ({ DeleteRequest: { Key } }));
      for (let round = 0; requests.length > 0; round++) {
        if (round === MAX_BATCH_ROUNDS) throw new Error('DynamoDB kept items of a batch delete unprocessed');
        const { UnprocessedItems } = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      }
    }
    return keys.length;
  }
}
