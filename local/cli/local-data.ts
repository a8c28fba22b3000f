import { existsSync, readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { type LocalConfig, loadConfig } from '../runtime/config';
import { LOCAL_TABLE_NAME, loadHotels, runtimeFileOf } from '../runtime/runtime';

/** The data of a running `hotel-inbox start`, for the read-only CLI commands. */
export function openLocalData(config: LocalConfig = loadConfig()) {
  const file = runtimeFileOf(config.dataDir);
  if (!existsSync(file)) throw new Error(`hotel-inbox is not running (no ${file}); start it with npm start`);
  const { dynamoDbEndpoint } = JSON.parse(readFileSync(file, 'utf8')) as { dynamoDbEndpoint: string };
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamoDbEndpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return {
    config,
    client,
    hotels: loadHotels(config.hotelsFile),
    tickets: new DynamoDbTicketStore(client, LOCAL_TABLE_NAME),
    close: () => client.destroy(),
  };
}
