import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../local/runtime/table-setup';

export interface TestTable {
  tableName: string;
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  scan(): Promise<Record<string, unknown>[]>;
}

/** A fresh table in the run's DynamoDB Local, created from the same contract as the stack's. */
export async function createTestTable(): Promise<TestTable> {
  const endpoint = inject('dynamoDbEndpoint');
  const client = new DynamoDBClient({ endpoint, region: 'eu-central-1' });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return {
    tableName,
    endpoint,
    client,
    doc,
    scan: async () => (await doc.send(new ScanCommand({ TableName: tableName }))).Items ?? [],
  };
}
