import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Keys } from '../contracts/table';
import { queryAll } from './dynamodb-pages';

/**
 * Appends a message to a thread (a ticket, or a survey's `survey:<surveyId>`) once per message
 * id: the id is taken in the same transaction, so a redelivered event or a retried task appends
 * nothing. False when it was appended before.
 */
export async function appendThreadMessage(
  client: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  threadId: string,
  message: { messageId: string; at: string },
): Promise<boolean> {
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: Keys.ticketMessageId(tenantId, threadId, message.messageId),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...Keys.ticketMessage(tenantId, threadId, message.at, message.messageId), ...message },
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

/** A thread's message items in time order, read consistently (a retry looks for what it just wrote). */
export const listThreadMessages = (
  client: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  threadId: string,
) =>
  queryAll(client, {
    TableName: tableName,
    ConsistentRead: true,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
    ExpressionAttributeValues: { ':pk': Keys.ticket(tenantId, threadId).pk, ':msg': 'MSG#' },
  });
