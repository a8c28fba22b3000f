import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Ticket, TicketSchema } from '../../schemas/ticket';
import { Keys } from '../contracts/table';
import type { FinishedThread, RetentionStore, ThreadMessage } from '../domain/privacy/retention-purge';
import { applied } from './conditional-write';
import { SurveyThreadMessageSchema } from './dynamodb-survey-thread';
import { listThreadMessages } from './dynamodb-thread-messages';
import { fieldChanges, updateExpressionOf } from './field-changes';

/** A list entry's sort key, `<finishedAt>#<threadId>`: an instant holds no `#`, an id may. */
const threadOf = (sortKey: string): FinishedThread => {
  const split = sortKey.indexOf('#');
  return { finishedAt: sortKey.slice(0, split), threadId: sortKey.slice(split + 1) };
};

/** The item a thread's list entry is on: a ticket's own, or a survey's. */
const listedItemKey = (tenantId: string, threadId: string) =>
  threadId.startsWith('survey:')
    ? Keys.survey(tenantId, threadId.slice('survey:'.length))
    : Keys.ticket(tenantId, threadId);

/** The retention purge's list (GSI4, `Keys.keptWordsIndex`) and the threads it names. */
export class DynamoDbRetentionStore implements RetentionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async finishedThreads(
    tenantId: string,
    before: string,
    limit: number,
    after?: FinishedThread,
  ): Promise<FinishedThread[]> {
    const list = Keys.keptWordsIndex(tenantId, '', '').gsi4pk;
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi4',
        // Every entry finished at `before` or later sorts at or above the bare instant.
        KeyConditionExpression: 'gsi4pk = :list AND gsi4sk < :before',
        ExpressionAttributeValues: { ':list': list, ':before': before },
        Limit: limit,
        ...(after && {
          ExclusiveStartKey: {
            ...listedItemKey(tenantId, after.threadId),
            ...Keys.keptWordsIndex(tenantId, after.finishedAt, after.threadId),
          },
        }),
      }),
    );
    return Items.map((item) => threadOf(String(item.gsi4sk)));
  }

  async threadMessages(tenantId: string, threadId: string): Promise<ThreadMessage[]> {
    const items = await listThreadMessages(this.client, this.tableName, tenantId, threadId);
    return items.map((item) => SurveyThreadMessageSchema.parse(item));
  }

  async replaceMessages(
    tenantId: string,
    threadId: string,
    messages: readonly ThreadMessage[],
  ): Promise<number> {
    let written = 0;
    for (const message of messages) {
      const replaced = await applied(
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...Keys.ticketMessage(tenantId, threadId, message.at, message.messageId), ...message },
            ConditionExpression: 'attribute_exists(pk)',
          }),
        ),
      );
      if (replaced) written++;
    }
    return written;
  }

  async getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: Keys.ticket(tenantId, ticketId),
        ConsistentRead: true,
      }),
    );
    return Item ? TicketSchema.parse(Item) : undefined;
  }

  async finishPurge(
    tenantId: string,
    thread: FinishedThread,
    changes: Partial<Ticket> = {},
  ): Promise<boolean> {
    const { names, values, sets, removes } = fieldChanges(changes);
    Object.assign(names, { '#wpk': 'gsi4pk', '#wsk': 'gsi4sk' });
    values[':listed'] = Keys.keptWordsIndex(tenantId, thread.finishedAt, thread.threadId).gsi4sk;
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: listedItemKey(tenantId, thread.threadId),
          UpdateExpression: updateExpressionOf({ sets, removes: [...removes, '#wpk', '#wsk'] }),
          ConditionExpression: '#wsk = :listed',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }
}
