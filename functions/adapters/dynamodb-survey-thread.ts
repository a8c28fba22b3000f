import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { SurveyChannelSchema } from '../../schemas/surveys';
import { TicketMessageSchema } from '../../schemas/ticket';
import { Keys } from '../contracts/table';
import type { SurveyThread, SurveyThreadMessage } from '../domain/surveys/survey-message';

/** Parsing drops the item's keys and the sender's claim attributes. */
const SurveyThreadMessageSchema = TicketMessageSchema.extend({ channel: SurveyChannelSchema });

/**
 * Survey messages under the ticket-message keys of their thread (`survey:<surveyId>`): the
 * sender's outbound store claims and updates them exactly as it does a ticket's messages, and a
 * message id is taken once, so a retried task appends its message once.
 */
export class DynamoDbSurveyThread implements SurveyThread {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(tenantId: string, threadId: string, message: SurveyThreadMessage): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: Keys.ticketMessageId(tenantId, threadId, message.messageId),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...Keys.ticketMessage(tenantId, threadId, message.at, message.messageId),
                  ...message,
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  async get(
    tenantId: string,
    threadId: string,
    at: string,
    messageId: string,
  ): Promise<SurveyThreadMessage | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: Keys.ticketMessage(tenantId, threadId, at, messageId),
        ConsistentRead: true,
      }),
    );
    return Item ? SurveyThreadMessageSchema.parse(Item) : undefined;
  }

  /** The thread's messages in time order (the CLI and the tests read them). */
  async list(tenantId: string, threadId: string): Promise<SurveyThreadMessage[]> {
    const messages: SurveyThreadMessage[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
          ExpressionAttributeValues: { ':pk': Keys.ticket(tenantId, threadId).pk, ':msg': 'MSG#' },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) messages.push(SurveyThreadMessageSchema.parse(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return messages;
  }
}
