import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Delivery, DeliverySchema } from '../../schemas/ticket';
import { Keys, TTL_ATTRIBUTE } from '../contracts/table';
import { PLATFORM_REPORTED_FAILURE } from '../domain/outbound/delivery-errors';
import { advances, STATES_BEFORE } from '../domain/outbound/delivery-order';
import type {
  ClaimResult,
  DeliveryError,
  OutboundMessageRef,
  OutboundStore,
  StatusResult,
  StatusUpdate,
} from '../domain/outbound/ports';
import { applied } from './conditional-write';

/**
 * A claim older than this was abandoned (its sender crashed or timed out) and may be taken
 * again. It must outlast the sender's longest run (Graph client retries included), or a slow
 * send and its retry could both reach the guest.
 */
export const CLAIM_LEASE_MILLIS = 2 * 60_000;
/** A status for a platform id nobody linked (yet) is kept this long, then expires. */
const STUB_SECONDS = 4 * 24 * 3600;
/**
 * A link outlives its message's statuses (the platform reports them within days) by far, then
 * expires: a WhatsApp id encodes the guest's number, and the link is kept no longer than needed.
 */
const LINK_SECONDS = 30 * 24 * 3600;
/** Conflicting writers on one link item settle in a few rounds. */
const MAX_ROUNDS = 5;

interface LinkItem {
  ticketId?: string;
  messageId?: string;
  messageSk?: string;
  status?: StatusUpdate['status'];
  statusAt?: string;
  error?: DeliveryError;
  version?: number;
}

const messageKey = (ref: OutboundMessageRef) =>
  Keys.ticketMessage(ref.tenantId, ref.ticketId, ref.messageAt, ref.messageId);

/** The condition that a message is still claimed by this attempt. */
const HELD = {
  ConditionExpression: 'delivery.#status = :sending AND sendAttemptId = :attempt',
  names: { '#status': 'status' },
};

/**
 * Deliveries live on the ticket message (`delivery`); a link item per platform message id
 * (`OUTBOUND#<wamid or mid>`) finds the message for statuses. A status that arrives before
 * the link (Meta's `sent` can beat the sender's own write) is kept on a stub at the link's
 * key, which the sender's transaction merges; a stub nobody claims (a message sent from the
 * WhatsApp Business app) simply expires.
 */
export class DynamoDbOutboundStore implements OutboundStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly leaseMillis = CLAIM_LEASE_MILLIS,
  ) {}

  async getDelivery(ref: OutboundMessageRef): Promise<Delivery | undefined> {
    return this.deliveryAt(messageKey(ref));
  }

  async claim(ref: OutboundMessageRef, attemptId: string, now: Date): Promise<ClaimResult> {
    const claimed = await applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: messageKey(ref),
          UpdateExpression:
            'SET delivery.#status = :sending, delivery.updatedAt = :now, sendAttemptId = :attempt',
          ConditionExpression:
            'delivery.#status = :queued OR (delivery.#status = :sending AND delivery.updatedAt < :abandonedBefore)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':queued': 'queued',
            ':sending': 'sending',
            ':now': now.toISOString(),
            ':attempt': attemptId,
            ':abandonedBefore': new Date(now.getTime() - this.leaseMillis).toISOString(),
          },
        }),
      ),
    );
    return claimed ? { claimed: true } : { claimed: false, delivery: await this.getDelivery(ref) };
  }

  async release(ref: OutboundMessageRef, attemptId: string, now: Date): Promise<void> {
    await this.finish(ref, attemptId, now, 'SET delivery.#status = :queued, delivery.updatedAt = :now', {
      ':queued': 'queued',
    });
  }

  markDelivered(ref: OutboundMessageRef, attemptId: string, now: Date): Promise<boolean> {
    return this.finish(ref, attemptId, now, 'SET delivery.#status = :delivered, delivery.updatedAt = :now', {
      ':delivered': 'delivered',
    });
  }

  markFailed(ref: OutboundMessageRef, attemptId: string, error: DeliveryError, now: Date): Promise<boolean> {
    return this.finish(
      ref,
      attemptId,
      now,
      'SET delivery.#status = :failed, delivery.updatedAt = :now, delivery.#error = :error',
      { ':failed': 'failed', ':error': error },
      { '#error': 'error' },
    );
  }

  async recordAccepted(
    ref: OutboundMessageRef,
    attemptId: string,
    platformMessageId: string,
    now: Date,
  ): Promise<Delivery | undefined> {
    const linkKey = Keys.outboundMessage(ref.tenantId, platformMessageId);
    const message = messageKey(ref);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const stub = await this.link(linkKey);
      if (stub?.ticketId) {
        // Linked already: this very attempt's transaction went through before a retry of it.
        return stub.messageSk === message.sk ? this.getDelivery(ref) : undefined;
      }
      const delivery = mergedDelivery(platformMessageId, now, stub);
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: message,
                  UpdateExpression: 'SET delivery = :delivery REMOVE sendAttemptId',
                  ConditionExpression: HELD.ConditionExpression,
                  ExpressionAttributeNames: HELD.names,
                  ExpressionAttributeValues: {
                    ':delivery': delivery,
                    ':sending': 'sending',
                    ':attempt': attemptId,
                  },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...linkKey,
                    ticketId: ref.ticketId,
                    messageId: ref.messageId,
                    messageSk: message.sk,
                    linkedAt: now.toISOString(),
                    [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + LINK_SECONDS,
                  },
                  // The stub must be as read: a status that landed since is merged in the next round.
                  ConditionExpression: stub
                    ? 'attribute_not_exists(ticketId) AND version = :version'
                    : 'attribute_not_exists(pk)',
                  ...(stub && { ExpressionAttributeValues: { ':version': stub.version ?? 0 } }),
                },
              },
            ],
          }),
        );
        return delivery;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [messageReason, linkReason] = error.CancellationReasons ?? [];
        if (messageReason?.Code === 'ConditionalCheckFailed') return undefined;
        if (linkReason?.Code !== 'ConditionalCheckFailed' && round === MAX_ROUNDS - 1) throw error;
      }
    }
    throw new Error('The platform message id kept changing while it was being linked; the send is retried');
  }

  async applyStatus(
    tenantId: string,
    platformMessageId: string,
    update: StatusUpdate,
  ): Promise<StatusResult> {
    const linkKey = Keys.outboundMessage(tenantId, platformMessageId);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const link = await this.link(linkKey);
      if (link?.ticketId && link.messageSk && link.messageId) {
        const key = { pk: Keys.ticket(tenantId, link.ticketId).pk, sk: link.messageSk };
        const changed = await this.advanceMessage(key, update);
        const delivery = await this.deliveryAt(key);
        if (!delivery) throw new Error(`Ticket ${link.ticketId} has no message for a linked platform id`);
        return { linked: true, ticketId: link.ticketId, messageId: link.messageId, changed, delivery };
      }
      if (link && !advances(link.status, update.status)) return { linked: false };
      if (await this.advanceStub(linkKey, update)) return { linked: false };
      // The sender linked the id meanwhile, or another status moved the stub: read again.
    }
    throw new Error('The platform message id kept changing while its status was applied; retried');
  }

  /** Ends this attempt's claim with `update`; false when the claim was no longer this attempt's. */
  private finish(
    ref: OutboundMessageRef,
    attemptId: string,
    now: Date,
    update: string,
    values: Record<string, unknown>,
    names: Record<string, string> = {},
  ): Promise<boolean> {
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: messageKey(ref),
          UpdateExpression: `${update} REMOVE sendAttemptId`,
          ConditionExpression: HELD.ConditionExpression,
          ExpressionAttributeNames: { ...HELD.names, ...names },
          ExpressionAttributeValues: {
            ...values,
            ':now': now.toISOString(),
            ':sending': 'sending',
            ':attempt': attemptId,
          },
        }),
      ),
    );
  }

  private advanceMessage(key: { pk: string; sk: string }, update: StatusUpdate): Promise<boolean> {
    const before = STATES_BEFORE[update.status];
    const values: Record<string, unknown> = { ':status': update.status, ':at': update.at };
    before.forEach((state, i) => {
      values[`:b${i}`] = state;
    });
    let expression = 'SET delivery.#status = :status, delivery.updatedAt = :at';
    if (update.status === 'failed') {
      expression += ', delivery.#error = :error';
      values[':error'] = update.error ?? PLATFORM_REPORTED_FAILURE;
    } else {
      expression += ' REMOVE delivery.#error';
    }
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: expression,
          ConditionExpression: `delivery.#status IN (${before.map((_, i) => `:b${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  private advanceStub(key: { pk: string; sk: string }, update: StatusUpdate): Promise<boolean> {
    const before = STATES_BEFORE[update.status];
    const values: Record<string, unknown> = {
      ':status': update.status,
      ':at': update.at,
      ':one': 1,
      ':expires': Math.floor(Date.parse(update.at) / 1000) + STUB_SECONDS,
    };
    before.forEach((state, i) => {
      values[`:b${i}`] = state;
    });
    let expression = `SET #status = :status, statusAt = :at, ${TTL_ATTRIBUTE} = :expires`;
    if (update.error) {
      expression += ', #error = :error';
      values[':error'] = update.error;
    }
    expression += update.error ? ' ADD version :one' : ' REMOVE #error ADD version :one';
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: expression,
          ConditionExpression: `attribute_not_exists(ticketId) AND (attribute_not_exists(#status) OR #status IN (${before.map((_, i) => `:b${i}`).join(', ')}))`,
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  private async link(key: { pk: string; sk: string }): Promise<LinkItem | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item as LinkItem | undefined;
  }

  private async deliveryAt(key: { pk: string; sk: string }): Promise<Delivery | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: 'delivery',
      }),
    );
    return Item?.delivery ? DeliverySchema.parse(Item.delivery) : undefined;
  }
}

/** `sent` with the platform id, or a status that arrived first and is further along. */
function mergedDelivery(platformMessageId: string, now: Date, stub: LinkItem | undefined): Delivery {
  const sent: Delivery = { status: 'sent', updatedAt: now.toISOString(), platformMessageId };
  if (!stub?.status || stub.status === 'sent') return sent;
  return {
    status: stub.status,
    updatedAt: stub.statusAt ?? sent.updatedAt,
    platformMessageId,
    ...(stub.status === 'failed' && {
      error: stub.error ?? PLATFORM_REPORTED_FAILURE,
    }),
  };
}
