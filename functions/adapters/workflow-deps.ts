import { Env } from '../contracts/environment';
import { buildSlaPolicy, type SlaPolicy } from '../domain/sla';
import { scalePolicy } from '../domain/sla/scale-policy';
import type { WorkflowDeps } from '../domain/tickets/workflow-steps';
import { RuleBasedTriageClassifier } from '../domain/triage/rule-based-classifier';
import { documentClient, required } from './aws-clients';
import { DynamoDbWebchatStore } from './dynamodb-webchat-store';
import { hotelsFromEnv, intakeDepsFromEnv } from './ticket-deps';
import { WebchatTranscriptOutbox } from './webchat-outbox';

/** The conversation workflow's tasks wired from the environment. */
export function workflowDepsFromEnv(env = process.env): WorkflowDeps {
  const hotels = new Map(hotelsFromEnv(env).map((h) => [h.tenantId, h]));
  const speed = Number(env[Env.slaClockSpeed] ?? 1);
  const policies = new Map<string, SlaPolicy>();
  const { tickets, dedupe, publisher, metrics, now } = intakeDepsFromEnv(env);
  return {
    tickets,
    dedupe,
    publisher,
    metrics,
    now,
    classifier: new RuleBasedTriageClassifier(),
    webchat: new WebchatTranscriptOutbox(
      new DynamoDbWebchatStore(documentClient(env), required(Env.tableName, env)),
    ),
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
  };
}
