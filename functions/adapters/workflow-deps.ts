import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Env } from '../contracts/environment';
import { Keys } from '../contracts/table';
import type { CsatDeps } from '../domain/csat/csat-steps';
import { buildSlaPolicy, type SlaPolicy } from '../domain/sla';
import { scalePolicy } from '../domain/sla/scale-policy';
import { loadTemplates } from '../domain/templates/render-template';
import type { WorkflowDeps } from '../domain/tickets/workflow-steps';
import { RuleBasedTriageClassifier } from '../domain/triage/rule-based-classifier';
import { documentClient, required } from './aws-clients';
import { DynamoDbConsentStore } from './dynamodb-consent-store';
import { DynamoDbWebchatStore } from './dynamodb-webchat-store';
import { hotelsFromEnv } from './hotels-from-env';
import { intakeDepsFromEnv } from './ticket-deps';
import { WebchatTranscriptOutbox } from './webchat-outbox';

/**
 * What the ticket-workflow function's tasks need: the conversation workflow's steps and the
 * CSAT workflow's settings (optional so that a caller running only the conversation workflow,
 * such as the benchmark, need not wire them; the handler then uses the shipped templates and
 * real time).
 */
export type TicketWorkflowDeps = WorkflowDeps &
  Partial<Pick<CsatDeps, 'catalogue' | 'clockSpeed' | 'guestNameOf' | 'consent'>>;

/** The ticket workflows' tasks wired from the environment. */
export function workflowDepsFromEnv(env = process.env): TicketWorkflowDeps {
  const hotels = new Map(hotelsFromEnv(env).map((h) => [h.tenantId, h]));
  const speed = Number(env[Env.slaClockSpeed] ?? 1);
  const policies = new Map<string, SlaPolicy>();
  const { tickets, dedupe, publisher, metrics, now } = intakeDepsFromEnv(env);
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  return {
    tickets,
    dedupe,
    publisher,
    metrics,
    now,
    classifier: new RuleBasedTriageClassifier(),
    webchat: new WebchatTranscriptOutbox(new DynamoDbWebchatStore(client, tableName)),
    hotelOf: (tenantId) => hotels.get(tenantId),
    policyOf: (tenantId) => {
      let policy = policies.get(tenantId);
      if (!policy) {
        const hotel = hotels.get(tenantId);
        policy = scalePolicy(buildSlaPolicy(hotel?.sla ?? {}, hotel?.timeZone), speed);
        policies.set(tenantId, policy);
      }
      return policy;
    },
    catalogue: loadTemplates(),
    clockSpeed: speed,
    guestNameOf: guestNameReader(client, tableName),
    consent: new DynamoDbConsentStore(client, tableName),
  };
}

/** The name on a guest's profile (the WhatsApp or Instagram profile name they wrote with first). */
export const guestNameReader =
  (client: DynamoDBDocumentClient, tableName: string) =>
  async (tenantId: string, guestId: string): Promise<string | undefined> => {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: Keys.guest(tenantId, guestId),
        ProjectionExpression: '#name',
        ExpressionAttributeNames: { '#name': 'name' },
      }),
    );
    return typeof Item?.name === 'string' ? Item.name : undefined;
  };
