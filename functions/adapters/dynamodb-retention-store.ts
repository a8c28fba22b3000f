import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { surveyIdOfThread } from '../../schemas/events/outbound-messages';
import type { Ticket } from '../../schemas/ticket';
import { Keys } from '../contracts/table';
import type { FinishedThread, RetentionStore, ThreadMessage } from '../domain/privacy/retention-purge';
import { applied } from './conditional-write';
import { DynamoDbSurveyThread } from './dynamodb-survey-thread';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { fieldChanges, updateExpressionOf } from './field-changes';

/** A list entry's sort key, `<finishedAt>#<threadId>`: an instant holds no `#`, an id may. */
const threadOf = (sortKey: string): FinishedThread => {
  const split = sortKey.indexOf('#');
  return { finishedAt: sortKey.slice(0, split), threadId: sortKey.slice(split + 1) };
};

/** The item a thread's list entry is on: a ticket's own, or a survey's. */
const listedItemKey = (tenantId: string, threadId: string) => {
  const surveyId = surveyIdOfThread(threadId);
  return surveyId === undefined ? Keys.ticket(tenantId, threadId) : Keys.survey(tenantId, surveyId);
};

/** The retention purge's list (GSI4, `Keys.keptWordsIndex`) and the threads it names. */
export class DynamoDbRetentionStore implements RetentionStore {
  private readonly tickets: DynamoDbTicketStore;
  private readonly threads: DynamoDbSurveyThread;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.tickets = new DynamoDbTicketStore(client, tableName);
    // Reads any thread's messages, a ticket's too: its schema takes every channel.
    this.threads = new DynamoDbSurveyThread(client, tableName);
  }

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

  threadMessages(tenantId: string, threadId: string): Promise<ThreadMessage[]> {
    return this.threads.list(tenantId, threadId);
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

  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    return this.tickets.getTicket(tenantId, ticketId);
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
