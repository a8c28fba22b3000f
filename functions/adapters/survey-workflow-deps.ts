import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Env } from '../contracts/environment';
import { Keys } from '../contracts/table';
import type { GuestIdentities, NpsDeps } from '../domain/surveys/nps-workflow-steps';
import { loadTemplates } from '../domain/templates/render-template';
import { normalizePhoneNumber } from '../domain/tickets/guest-phone';
import { documentClient, eventBridgeClient, required } from './aws-clients';
import { currentTime } from './clock';
import { DynamoDbConsentStore } from './dynamodb-consent-store';
import { DynamoDbDedupeStore } from './dynamodb-dedupe-store';
import { DynamoDbSurveyStore } from './dynamodb-survey-store';
import { DynamoDbSurveyThread } from './dynamodb-survey-thread';
import { DynamoDbTicketStore } from './dynamodb-ticket-store';
import { EventBridgePublisher } from './eventbridge-publisher';
import { hotelsFromEnv } from './hotels-from-env';
import { metrics } from './observability';

/** The NPS workflow's tasks wired from the environment. */
export function surveyWorkflowDepsFromEnv(env = process.env): NpsDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  const hotels = new Map(hotelsFromEnv(env).map((h) => [h.tenantId, h]));
  return {
    surveys: new DynamoDbSurveyStore(client, tableName),
    tickets: new DynamoDbTicketStore(client, tableName),
    guests: guestIdentityReader(client, tableName),
    consent: new DynamoDbConsentStore(client, tableName),
    thread: new DynamoDbSurveyThread(client, tableName),
    dedupe: new DynamoDbDedupeStore(client, tableName),
    publisher: new EventBridgePublisher(eventBridgeClient(env), required(Env.eventBusName, env)),
    metrics,
    now: currentTime,
    hotelOf: (tenantId) => hotels.get(tenantId),
    catalogue: loadTemplates(),
    // An unset or empty SLA_CLOCK_SPEED is real time.
    clockSpeed: Number(env[Env.slaClockSpeed]) || 1,
    directChannels: directChannelsFromEnv(env),
  };
}

/**
 * E-mail goes out only where the sender has somewhere to send it: an SES identity
 * (SURVEY_EMAIL_FROM, set by the stack only when one is configured) or the local outbox. SMS
 * needs no configuration (SNS in AWS, the outbox locally).
 */
export const directChannelsFromEnv = (env = process.env) => ({
  email: Boolean(env[Env.surveyEmailFrom] || env[Env.outboxDir]),
  sms: true,
});

/**
 * A guest's identities as the table can tell them from the guest: the WhatsApp identity of the
 * phone number on their profile (a WhatsApp wa_id is the number's digits). Identities with no
 * phone (Instagram, web chat) are keyed by platform id only and cannot be listed by guest yet.
 */
export const guestIdentityReader = (client: DynamoDBDocumentClient, tableName: string): GuestIdentities => ({
  identitiesOf: async (tenantId, guestId) => {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: Keys.guest(tenantId, guestId),
        ProjectionExpression: 'phoneNumber',
      }),
    );
    const phone = normalizePhoneNumber(typeof Item?.phoneNumber === 'string' ? Item.phoneNumber : undefined);
    return phone ? [{ channel: 'whatsapp', platformId: phone.slice(1) }] : [];
  },
});
