import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { WebchatTranscriptMessage } from '../../schemas/webchat';
import { Keys, TTL_ATTRIBUTE } from '../contracts/table';
import type { TranscriptPage, WebchatSession, WebchatStore } from '../domain/webchat/ports';
import { applied } from './conditional-write';

/** A session's expiry is stored once, as the table's TTL attribute, which DynamoDB wants in epoch seconds. */
const ttlOf = (session: WebchatSession) => Math.floor(session.expiresAt / 1000);
const expiresAtOf = (ttlSeconds: number) => ttlSeconds * 1000;

/** Web-chat sessions and transcripts under the hotel's partition, expiring with the session. */
export class DynamoDbWebchatStore implements WebchatStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createSession(session: WebchatSession): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...Keys.webchatSession(session.tenantId, session.sessionId),
          ...session,
          [TTL_ATTRIBUTE]: ttlOf(session),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getSession(tenantId: string, sessionId: string): Promise<WebchatSession | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: Keys.webchatSession(tenantId, sessionId) }),
    );
    if (!Item) return undefined;
    const { tenantId: t, sessionId: s, siteKey, visitor, createdAt, expiresAt } = Item;
    return {
      tenantId: t,
      sessionId: s,
      siteKey,
      visitor: visitor ?? {},
      createdAt,
      expiresAt: expiresAtOf(expiresAt),
    };
  }

  async takeRateSlot(
    tenantId: string,
    sessionId: string,
    windowStart: number,
    limit: number,
  ): Promise<boolean> {
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.webchatRateWindow(tenantId, sessionId, windowStart),
          UpdateExpression: 'ADD messages :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(messages) OR messages < :limit',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit,
            ':ttl': Math.floor(windowStart / 1000) + 3600,
          },
        }),
      ),
    );
  }

  async appendMessage(session: WebchatSession, message: WebchatTranscriptMessage): Promise<boolean> {
    const { tenantId, sessionId } = session;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...Keys.webchatMessageId(tenantId, sessionId, message.id),
                  [TTL_ATTRIBUTE]: ttlOf(session),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...Keys.webchatMessage(tenantId, sessionId, `${message.sentAt}#${message.id}`),
                  ...message,
                  [TTL_ATTRIBUTE]: ttlOf(session),
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') return false;
      throw error;
    }
  }

  async listMessages(
    tenantId: string,
    sessionId: string,
    after: string | undefined,
    limit: number,
  ): Promise<TranscriptPage> {
    const { pk } = Keys.webchatSession(tenantId, sessionId);
    const from = Keys.webchatMessage(tenantId, sessionId, after ?? '').sk;
    // Transcript keys are `MSG#<timestamp>#<id>`; `MSG#~` sorts after every timestamp.
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :until',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':until': 'MSG#~' },
        Limit: limit + 1,
      }),
    );
    const messages = Items.filter((item) => item.sk !== from)
      .slice(0, limit)
      .map(
        ({ id, direction, text, sentAt }) => ({ id, direction, text, sentAt }) as WebchatTranscriptMessage,
      );
    const last = messages.at(-1);
    return { messages, cursor: last ? `${last.sentAt}#${last.id}` : after };
  }
}
