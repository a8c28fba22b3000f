import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Env } from '../contracts/environment';

/** Clients built once per process; endpoints are overridden only by the local runtime. */
export const documentClient = (env = process.env) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: env[Env.dynamodbEndpoint] || undefined }), {
    marshallOptions: { removeUndefinedValues: true },
  });

export const eventBridgeClient = (env = process.env) =>
  new EventBridgeClient({ endpoint: env[Env.eventBridgeEndpoint] || undefined });

export function required(name: string, env = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
