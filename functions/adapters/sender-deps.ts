import { randomUUID } from 'node:crypto';
import { Env, GRAPH_API_DEFAULTS } from '../contracts/environment';
import type { SendDeps } from '../domain/outbound/send-outbound';
import { documentClient, eventBridgeClient, required } from './aws-clients';
import { currentTime } from './clock';
import { DynamoDbDedupeStore } from './dynamodb-dedupe-store';
import { DynamoDbOutboundStore } from './dynamodb-outbound-store';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { DynamoDbWebchatStore } from './dynamodb-webchat-store';
import { EventBridgePublisher } from './eventbridge-publisher';
import { GraphApiClient } from './graph-api-client';
import { metrics } from './observability';
import { OutboxFolderSender } from './outbox-folder-sender';
import { secret } from './secrets';
import { sesEmailSenderFromEnv } from './ses-email-sender';
import { snsSmsSenderFromEnv } from './sns-sms-sender';
import { WebchatTranscriptOutbox } from './webchat-outbox';

/**
 * The Graph API client from the environment. Each platform's token is read on its first send,
 * so a deployment without Instagram still sends WhatsApp.
 */
export function graphApiClientFromEnv(env = process.env): GraphApiClient {
  return new GraphApiClient({
    whatsapp: {
      baseUrl: env[Env.graphApiBaseUrl] || GRAPH_API_DEFAULTS.baseUrl,
      accessToken: () => secret(Env.whatsappAccessToken, env),
    },
    instagram: {
      baseUrl: env[Env.instagramApiBaseUrl] || GRAPH_API_DEFAULTS.instagramBaseUrl,
      accessToken: () => secret(Env.instagramAccessToken, env),
    },
    version: env[Env.graphApiVersion] || GRAPH_API_DEFAULTS.version,
  });
}

/**
 * Where survey e-mails and SMS go: every one to the outbox folder when OUTBOX_DIR is set (the
 * local runtime), else e-mail to SES when an identity is configured (SURVEY_EMAIL_FROM) and SMS
 * to SNS.
 */
export function directSendersFromEnv(env = process.env): Pick<SendDeps, 'email' | 'sms'> {
  const outboxDir = env[Env.outboxDir];
  if (outboxDir) {
    const outbox = new OutboxFolderSender(outboxDir, env[Env.surveyEmailFrom] || undefined);
    return { email: outbox, sms: outbox };
  }
  return {
    ...(env[Env.surveyEmailFrom] && { email: sesEmailSenderFromEnv(env) }),
    sms: snsSmsSenderFromEnv(env),
  };
}

/** The sender wired from the environment. */
export function senderDepsFromEnv(env = process.env): SendDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  return {
    outbound: new DynamoDbOutboundStore(client, tableName),
    tickets: new DynamoDbTicketStore(client, tableName),
    dedupe: new DynamoDbDedupeStore(client, tableName),
    publisher: new EventBridgePublisher(eventBridgeClient(env), required(Env.eventBusName, env)),
    webchat: new WebchatTranscriptOutbox(new DynamoDbWebchatStore(client, tableName)),
    platform: graphApiClientFromEnv(env),
    ...directSendersFromEnv(env),
    metrics,
    now: currentTime,
    newAttemptId: () => randomUUID(),
  };
}
