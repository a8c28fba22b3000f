import { randomUUID } from 'node:crypto';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { Env } from '../contracts/environment';
import type { DepartureDeps } from '../domain/surveys/departures';
import type { SurveySweepDeps } from '../domain/surveys/survey-sweep';
import { documentClient, eventBridgeClient, required } from './aws-clients';
import { currentTime } from './clock';
import { DynamoDbConsentStore } from './dynamodb-consent-store';
import { DynamoDbDedupeStore } from './dynamodb-dedupe-store';
import { DynamoDbGuestDirectory } from './dynamodb-guest-directory';
import { DynamoDbGuestProfiles } from './dynamodb-guest-profiles';
import { DynamoDbSurveyStore } from './dynamodb-survey-store';
import { EventBridgePublisher } from './eventbridge-publisher';
import { EventBridgeSurveyScheduler } from './eventbridge-survey-scheduler';
import { hotelsFromEnv } from './hotels-from-env';
import { metrics } from './observability';

/** The survey schedules' Scheduler: AWS, or the local runtime's when SCHEDULER_ENDPOINT is set. */
export function surveySchedulerFromEnv(env = process.env): EventBridgeSurveyScheduler {
  return new EventBridgeSurveyScheduler(
    new SchedulerClient({ endpoint: env[Env.schedulerEndpoint] || undefined }),
    {
      groupName: required(Env.surveyScheduleGroup, env),
      stateMachineArn: required(Env.npsStateMachineArn, env),
      roleArn: required(Env.surveyScheduleRoleArn, env),
      deadLetterArn: required(Env.surveyScheduleDeadLetterArn, env),
    },
  );
}

/** The check-outs path wired from the environment: every hotel of `HOTELS_JSON`. */
export function checkoutsDepsFromEnv(env = process.env): DepartureDeps {
  const client = documentClient(env);
  const tableName = required(Env.tableName, env);
  const hotels = new Map(hotelsFromEnv(env).map((h) => [h.tenantId, h]));
  return {
    surveys: new DynamoDbSurveyStore(client, tableName),
    guests: new DynamoDbGuestDirectory(client, tableName),
    profiles: new DynamoDbGuestProfiles(client, tableName),
    consent: new DynamoDbConsentStore(client, tableName),
    scheduler: surveySchedulerFromEnv(env),
    dedupe: new DynamoDbDedupeStore(client, tableName),
    publisher: new EventBridgePublisher(eventBridgeClient(env), required(Env.eventBusName, env)),
    metrics,
    now: currentTime,
    hotelOf: (tenantId) => hotels.get(tenantId),
    newGuestId: () => `g_${randomUUID()}`,
    speed: Number(env[Env.slaClockSpeed] ?? 1),
  };
}

/** The daily survey sweep wired from the environment. */
export function surveySweepDepsFromEnv(env = process.env): SurveySweepDeps {
  return {
    surveys: new DynamoDbSurveyStore(documentClient(env), required(Env.tableName, env)),
    scheduler: surveySchedulerFromEnv(env),
    hotels: hotelsFromEnv(env),
    now: currentTime,
    speed: Number(env[Env.slaClockSpeed] ?? 1),
  };
}
