import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Csat,
  type CsatStatus,
  type Ticket,
  type TicketMessage,
  TicketMessageSchema,
  TicketSchema,
} from '../../schemas/ticket';
import { Keys } from '../contracts/table';
import type { Conversation, OpenTicketResult, OpenTicketsPage, TicketStore } from '../domain/tickets/ports';
import { recordNumberOf } from '../domain/tickets/record-number';
import { applied } from './conditional-write';
import { queryAll } from './dynamodb-pages';
import { appendThreadMessage, listThreadMessages } from './dynamodb-thread-messages';
import { fieldChanges, updateExpressionOf } from './field-changes';

const KEY_ATTRIBUTES = [
  ...['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk'],
  'queueKey',
];
const MAX_COUNTER_ROUNDS = 20;

const withoutKeys = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.includes(k)));

const ticketIdOfPlace = (place: string) => place.slice(place.lastIndexOf('#') + 1);

const toTicket = (item: Record<string, unknown>): Ticket =>
  TicketSchema.parse({
    ...withoutKeys(item),
    ...(typeof item.gsi1sk === 'string' && { queueKey: item.gsi1sk }),
  });

/**
 * Tickets in the hotel's partition. A ticket is opened in one transaction that takes the
 * next record number (optimistically, so numbers have no gaps), points the conversation at
 * the ticket if nobody else did first, and writes the ticket.
 */
export class DynamoDbTicketStore implements TicketStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep = (millis: number) => new Promise((r) => setTimeout(r, millis)),
  ) {}

  async getConversation(tenantId: string, conversationKey: string): Promise<Conversation | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: Keys.conversation(tenantId, conversationKey),
        ConsistentRead: true,
      }),
    );
    return Item ? { conversationKey, currentTicketId: Item.currentTicketId } : undefined;
  }

  async getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: Keys.ticket(tenantId, ticketId),
        ConsistentRead: true,
      }),
    );
    return Item ? toTicket(Item) : undefined;
  }

  async openTicket(
    draft: Omit<Ticket, 'ticketId' | 'number'>,
    hotelCode: string,
    expectedCurrentTicketId: string | undefined,
  ): Promise<OpenTicketResult> {
    const { tenantId, conversationKey } = draft;
    const year = new Date(draft.openedAt).getUTCFullYear();
    const counterKey = Keys.ticketCounter(tenantId, year);
    for (let round = 0; round < MAX_COUNTER_ROUNDS; round++) {
      const { Item: counter } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: counterKey, ConsistentRead: true }),
      );
      const last = Number(counter?.sequence ?? 0);
      const number = recordNumberOf(hotelCode, year, last + 1);
      const ticket: Ticket = { ...draft, ticketId: number, number };
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: counterKey,
                  UpdateExpression: 'SET #sequence = :next',
                  ConditionExpression: counter ? '#sequence = :last' : 'attribute_not_exists(pk)',
                  ExpressionAttributeNames: { '#sequence': 'sequence' },
                  ExpressionAttributeValues: { ':next': last + 1, ...(counter && { ':last': last }) },
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: Keys.conversation(tenantId, conversationKey),
                  UpdateExpression: 'SET currentTicketId = :ticket, guestId = :guest, channel = :channel',
                  ConditionExpression: expectedCurrentTicketId
                    ? 'currentTicketId = :expected'
                    : 'attribute_not_exists(currentTicketId)',
                  ExpressionAttributeValues: {
                    ':ticket': number,
                    ':guest': draft.guestId,
                    ':channel': draft.channel,
                    ...(expectedCurrentTicketId && { ':expected': expectedCurrentTicketId }),
                  },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...Keys.ticket(tenantId, number),
                    ...Keys.openTicketsIndex(tenantId, `${draft.openedAt}#${number}`),
                    ...Keys.ticketsOpenedIndex(tenantId, draft.openedAt, number),
                    ...ticket,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                // The guest's pointer to it: a data-subject request finds all their tickets.
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...Keys.guestTicket(tenantId, draft.guestId, number),
                    ticketId: number,
                    openedAt: draft.openedAt,
                  },
                },
              },
            ],
          }),
        );
        return { opened: true, ticket };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [counterReason, conversationReason] = error.CancellationReasons ?? [];
        if (conversationReason?.Code === 'ConditionalCheckFailed') {
          return {
            opened: false,
            currentTicketId: (await this.getConversation(tenantId, conversationKey))?.currentTicketId,
          };
        }
        // Another ticket of the hotel took this number, or the transactions collided: take the next.
        if (counterReason?.Code !== 'ConditionalCheckFailed')
          await this.sleep(Math.random() * 20 * (round + 1));
      }
    }
    throw new Error('Could not allocate a ticket number; the message will be retried');
  }

  async appendMessage(tenantId: string, ticketId: string, message: TicketMessage): Promise<boolean> {
    return appendThreadMessage(this.client, this.tableName, tenantId, ticketId, message);
  }

  async updateTicket(
    tenantId: string,
    ticketId: string,
    changes: Partial<Ticket>,
    ifStatusIn?: readonly Ticket['status'][],
  ): Promise<boolean> {
    const { names, values, sets, removes } = fieldChanges(changes);
    names['#pk'] = 'pk';
    if (changes.status === 'resolved' || changes.status === 'closed') {
      // Out of the queue, onto the retention purge's list from the time it finished.
      removes.push('gsi1pk', 'gsi1sk');
      const finishedAt = changes.resolvedAt ?? changes.closedAt ?? changes.updatedAt;
      if (!finishedAt)
        throw new Error(`Ticket ${ticketId} finishes without resolvedAt, closedAt or updatedAt`);
      Object.assign(names, { '#wpk': 'gsi4pk', '#wsk': 'gsi4sk' });
      const kept = Keys.keptWordsIndex(tenantId, finishedAt, ticketId);
      Object.assign(values, { ':wpk': kept.gsi4pk, ':wsk': kept.gsi4sk });
      sets.push('#wpk = :wpk', '#wsk = :wsk');
    }
    if (changes.status === 'open' || changes.status === 'pending-guest') {
      removes.push('gsi4pk', 'gsi4sk');
      // Back in the queue (a reopen): first in line until the workflow sets its new deadline.
      Object.assign(names, { '#gpk': 'gsi1pk', '#gsk': 'gsi1sk' });
      Object.assign(values, {
        ':gpk': Keys.openTicketsIndex(tenantId, '').gsi1pk,
        ':gsk': `${changes.updatedAt ?? ''}#${ticketId}`,
      });
      sets.push('#gpk = if_not_exists(#gpk, :gpk)', '#gsk = if_not_exists(#gsk, :gsk)');
    }
    let condition = 'attribute_exists(#pk)';
    if (ifStatusIn) {
      names['#status'] = 'status';
      ifStatusIn.forEach((status, i) => {
        values[`:s${i}`] = status;
      });
      condition += ` AND #status IN (${ifStatusIn.map((_, i) => `:s${i}`).join(', ')})`;
    }
    const expression = updateExpressionOf({ sets, removes });
    if (!expression) return true;
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.ticket(tenantId, ticketId),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
        }),
      ),
    );
  }

  async recordInbound(tenantId: string, ticketId: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.ticket(tenantId, ticketId),
        UpdateExpression: 'ADD messageCount :one SET updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1, ':at': at },
      }),
    );
    await applied(
      this.client.send(
        // Deliveries may come out of order: lastInboundAt only moves forward.
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.ticket(tenantId, ticketId),
          UpdateExpression: 'SET lastInboundAt = :at',
          ConditionExpression: 'lastInboundAt < :at',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  async recordFirstResponse(
    tenantId: string,
    ticketId: string,
    at: string,
    seconds: number,
  ): Promise<boolean> {
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.ticket(tenantId, ticketId),
          UpdateExpression: 'SET firstResponseAt = :at, firstResponseSeconds = :seconds, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(firstResponseAt)',
          ExpressionAttributeValues: { ':at': at, ':seconds': seconds },
        }),
      ),
    );
  }

  async recordOutbound(tenantId: string, ticketId: string, at: string): Promise<boolean> {
    return applied(
      this.client.send(
        // Two answers (or a retried one) may finish out of order: lastOutboundAt only moves forward.
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.ticket(tenantId, ticketId),
          UpdateExpression: 'SET lastOutboundAt = :at, updatedAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(lastOutboundAt) OR lastOutboundAt < :at)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  async raiseEscalation(
    tenantId: string,
    ticketId: string,
    level: number,
    at: string,
    by?: string,
  ): Promise<boolean> {
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.ticket(tenantId, ticketId),
          UpdateExpression: by
            ? 'SET escalationLevel = :level, updatedAt = :at, escalatedAt = :at, escalatedBy = :by'
            : 'SET escalationLevel = :level, updatedAt = :at, escalatedAt = :at REMOVE escalatedBy',
          ConditionExpression: 'attribute_exists(pk) AND escalationLevel < :level',
          ExpressionAttributeValues: { ':level': level, ':at': at, ...(by && { ':by': by }) },
        }),
      ),
    );
  }

  async relistWords(tenantId: string, ticketId: string, at: string): Promise<void> {
    const listed = Keys.keptWordsIndex(tenantId, at, ticketId);
    await applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.ticket(tenantId, ticketId),
          UpdateExpression: 'SET gsi4pk = :wpk, gsi4sk = :wsk',
          ConditionExpression: '#status IN (:resolved, :closed) AND attribute_not_exists(gsi4pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':wpk': listed.gsi4pk,
            ':wsk': listed.gsi4sk,
            ':resolved': 'resolved',
            ':closed': 'closed',
          },
        }),
      ),
    );
  }

  async setQueuePosition(tenantId: string, ticketId: string, sortKey: string): Promise<void> {
    await applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.ticket(tenantId, ticketId),
          UpdateExpression: 'SET gsi1sk = :sk',
          // Only tickets still in the queue (resolved ones left the index).
          ConditionExpression: 'attribute_exists(gsi1pk)',
          ExpressionAttributeValues: { ':sk': `${sortKey}#${ticketId}` },
        }),
      ),
    );
  }

  async setLeadFollowUp(tenantId: string, ticketId: string, dueAt: string | undefined): Promise<void> {
    const index = dueAt ? Keys.leadFollowUpIndex(tenantId, dueAt, ticketId) : undefined;
    await applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.ticket(tenantId, ticketId),
          UpdateExpression: index
            ? 'SET leadFollowUpDueAt = :due, gsi2pk = :gpk, gsi2sk = :gsk'
            : 'REMOVE leadFollowUpDueAt, gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk)',
          ...(index && {
            ExpressionAttributeValues: { ':due': dueAt, ':gpk': index.gsi2pk, ':gsk': index.gsi2sk },
          }),
        }),
      ),
    );
  }

  async listLeadFollowUpsDue(tenantId: string, now: string): Promise<Ticket[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :leads AND gsi2sk < :now',
      ExpressionAttributeValues: { ':leads': Keys.leadFollowUpIndex(tenantId, '', '').gsi2pk, ':now': now },
    });
    return items.map(toTicket);
  }

  async updateCsat(
    tenantId: string,
    ticketId: string,
    csat: Csat,
    expected: readonly CsatStatus[] | 'none',
  ): Promise<boolean> {
    const condition =
      expected === 'none'
        ? 'attribute_exists(pk) AND (attribute_not_exists(csat) OR csat.#cycle < :cycle)'
        : `attribute_exists(pk) AND csat.#cycle = :cycle AND csat.#status IN (${expected.map((_, i) => `:e${i}`).join(', ')})`;
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.ticket(tenantId, ticketId),
          UpdateExpression: 'SET csat = :csat',
          ConditionExpression: condition,
          ExpressionAttributeNames: {
            '#cycle': 'cycle',
            ...(expected !== 'none' && { '#status': 'status' }),
          },
          ExpressionAttributeValues: {
            ':csat': csat,
            ':cycle': csat.cycle,
            ...(expected !== 'none' && Object.fromEntries(expected.map((status, i) => [`:e${i}`, status]))),
          },
        }),
      ),
    );
  }

  async listOpenTickets(tenantId: string): Promise<Ticket[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :open',
      ExpressionAttributeValues: { ':open': Keys.openTicketsIndex(tenantId, '').gsi1pk },
    });
    return items.map(toTicket);
  }

  async readOpenTickets(
    tenantId: string,
    options: { after?: string; limit: number },
  ): Promise<OpenTicketsPage> {
    const index = Keys.openTicketsIndex(tenantId, options.after ?? '');
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :open',
        ExpressionAttributeValues: { ':open': index.gsi1pk },
        Limit: options.limit,
        // A place is `<sort key>#<ticketId>`: the index entry it was, whether or not it moved since.
        ...(options.after && {
          ExclusiveStartKey: { ...Keys.ticket(tenantId, ticketIdOfPlace(options.after)), ...index },
        }),
      }),
    );
    return { tickets: (page.Items ?? []).map(toTicket), more: page.LastEvaluatedKey !== undefined };
  }

  /** Tickets opened in [from, to) (ISO instants), in opening order. */
  async listTicketsOpenedBetween(tenantId: string, from: string, to: string): Promise<Ticket[]> {
    const tickets: Ticket[] = [];
    for (let day = from.slice(0, 10); day <= to.slice(0, 10); day = nextUtcDay(day)) {
      const items = await queryAll(this.client, {
        TableName: this.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :day AND gsi3sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':day': Keys.ticketsOpenedIndex(tenantId, day, '').gsi3pk,
          ':from': from,
          // Before `to` itself: every key at `to` is `<to>#…`, above the bare `to`.
          ':to': to,
        },
      });
      tickets.push(...items.map(toTicket).filter((ticket) => ticket.openedAt < to));
    }
    return tickets;
  }

  async listMessages(tenantId: string, ticketId: string): Promise<TicketMessage[]> {
    // A retried request looks for the message it appended a moment ago.
    const items = await listThreadMessages(this.client, this.tableName, tenantId, ticketId);
    return items.map((item) => TicketMessageSchema.parse(withoutKeys(item)));
  }
}

const nextUtcDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
