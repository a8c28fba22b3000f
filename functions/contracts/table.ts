/**
 * The single DynamoDB table: key names, indexes and item keys, defined once for the CDK
 * stack, the local runtime and the adapters. The tenant (hotel) id is part of every key
 * that holds guest data.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;
export const TTL_ATTRIBUTE = 'expiresAt';

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export const GLOBAL_INDEXES: readonly IndexDefinition[] = [
  { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
];

/** Item keys. Each function returns the full primary key of one item kind. */
export const Keys = {
  channelAccount: (channel: string, accountId: string) => ({
    pk: `CHANNEL#${channel}#${accountId}`,
    sk: 'CHANNEL',
  }),
  dedupe: (scope: string, dedupeKey: string) => ({ pk: `DEDUPE#${scope}#${dedupeKey}`, sk: 'DEDUPE' }),
  webchatSession: (tenantId: string, sessionId: string) => ({
    pk: `TENANT#${tenantId}#WEBCHAT#${sessionId}`,
    sk: 'SESSION',
  }),
  webchatMessage: (tenantId: string, sessionId: string, sortableId: string) => ({
    pk: `TENANT#${tenantId}#WEBCHAT#${sessionId}`,
    sk: `MSG#${sortableId}`,
  }),
  /** Marks a web-chat message id as taken, so a retried send is appended once. */
  webchatMessageId: (tenantId: string, sessionId: string, messageId: string) => ({
    pk: `TENANT#${tenantId}#WEBCHAT#${sessionId}`,
    sk: `MSGID#${messageId}`,
  }),
  webchatRateWindow: (tenantId: string, sessionId: string, windowStart: number) => ({
    pk: `TENANT#${tenantId}#WEBCHAT#${sessionId}`,
    sk: `RATE#${windowStart}`,
  }),
} as const;
