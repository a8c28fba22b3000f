import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SurveyChannelSchema } from '../../schemas/surveys';
import { TicketMessageSchema } from '../../schemas/ticket';
import { Keys } from '../contracts/table';
import type { SurveyThread, SurveyThreadMessage } from '../domain/surveys/survey-message';
import { appendThreadMessage, listThreadMessages } from './dynamodb-thread-messages';

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
    return appendThreadMessage(this.client, this.tableName, tenantId, threadId, message);
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
    const items = await listThreadMessages(this.client, this.tableName, tenantId, threadId);
    return items.map((item) => SurveyThreadMessageSchema.parse(item));
  }
}
