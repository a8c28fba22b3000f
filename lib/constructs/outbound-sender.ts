import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Env, GRAPH_API_DEFAULTS } from '../../functions/contracts/environment';
import { FunctionName } from '../../functions/contracts/routes';
import { alarmAbove, customMetric, functionAlarms } from './alarms';
import type { InboxTable } from './inbox-table';
import { acknowledge, NagRule } from './nag';
import { type OutboundSecretKey, OutboundSecrets } from './outbound-secrets';
import { entryOf, ProjectFunction } from './project-function';
import { assertVisibilityCovers, type InboxQueue } from './queues';

/** Records per invocation; a failed record is retried alone (partial batch responses). */
export const SENDER_BATCH_SIZE = 10;
/**
 * The Graph client's worst case is about a minute (4 attempts of up to 8 s, pauses of up to 8 s),
 * and must stay under the outbound store's claim lease (2 minutes), after which a redelivery may
 * take the message over.
 */
export const SENDER_TIMEOUT = Duration.seconds(90);
/**
 * At most this many sender invocations at once (2 is Lambda's minimum): with the records of a
 * batch sent in parallel, at most 20 sends are in flight across all hotels. At a few hundred
 * milliseconds a Graph API call that is about WhatsApp's default 80 messages/s even if every
 * reply goes out from one hotel's number, and far below Instagram's ~300 calls/s per account
 * (PLATFORM-FACTS.md), yet many times what human agents and surveys produce. A backlog waits
 * in the queue instead of being throttled (130429) by the Graph API.
 */
export const SENDER_MAX_CONCURRENCY = 2;

export const DEFAULT_GRAPH_API_VERSION = GRAPH_API_DEFAULTS.version;

/** When the oldest reply has waited this long in the outbound queue, guests are not being answered. */
export const OUTBOUND_MAX_AGE = Duration.minutes(5);
/**
 * One message refused for good (outside the 24-hour window, undeliverable) is the agent's
 * business: the ticket shows it. More than this many in the window are the operator's.
 */
export const OUTBOUND_FAILED_THRESHOLD = 5;
export const OUTBOUND_FAILED_WINDOW = Duration.minutes(15);

/** E-mail surveys through Amazon SES: the identity the sender may send as, and the From header. */
export interface SurveyEmail {
  /** A verified SES identity: a domain (`aurora-belek.example`) or an address. */
  identity: string;
  /** The From of survey e-mails (`Aurora Belek <surveys@aurora-belek.example>`), an address of the identity. */
  from: string;
}

/**
 * The survey e-mail settings from context `surveyEmailIdentity` and `surveyEmailFrom`: none when
 * neither is set (no SES permission, no SURVEY_EMAIL_FROM: e-mail surveys are not sent). An
 * address identity is its own From; a domain identity needs a From of that domain (or a
 * subdomain). Anything else fails at synth time rather than as an AccessDenied at send time.
 */
export function surveyEmailOf(identity?: string, from?: string): SurveyEmail | undefined {
  if (!identity && !from) return undefined;
  if (!identity)
    throw new Error(
      'surveyEmailFrom needs surveyEmailIdentity: the SES identity (domain or address) it belongs to',
    );
  const sender = from ?? (identity.includes('@') ? identity : undefined);
  if (!sender)
    throw new Error(`surveyEmailIdentity ${identity} is a domain: set surveyEmailFrom to an address of it`);
  const address = (/<([^<>\s]+)>\s*$/.exec(sender)?.[1] ?? sender).trim().toLowerCase();
  const verified = identity.trim().toLowerCase();
  const domain = address.split('@')[1] ?? '';
  const ofIdentity = verified.includes('@')
    ? address === verified
    : domain === verified || domain.endsWith(`.${verified}`);
  if (!/^[^@\s]+@[^@\s]+$/.test(address) || !ofIdentity)
    throw new Error(
      `surveyEmailFrom ${JSON.stringify(sender)} is not an address of the SES identity ${identity}`,
    );
  return { identity, from: sender };
}

/** An SMS sender id: 1 to 11 letters, digits or hyphens, at least one letter. */
const SMS_SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9-]{1,11}$/;

export interface OutboundSenderProps {
  /** The outbound queue the bus rule delivers Outbound Message Requested events to. */
  queue: InboxQueue;
  table: InboxTable;
  bus: events.IEventBus;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`): the hotels' sending phone-number and account ids. */
  hotelsJson: string;
  /** Graph API version, e.g. `v23.0`. @default DEFAULT_GRAPH_API_VERSION */
  graphApiVersion?: string;
  /** E-mail surveys through SES. @default none: no SES permission, e-mail surveys are not sent */
  surveyEmail?: SurveyEmail;
  /** The sender id SMS surveys show where the destination country supports one. @default none */
  smsSenderId?: string;
  /** Encrypts the secrets and the function's log group. */
  encryptionKey: kms.IKey;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The consumer of the outbound queue: sends replies and surveys to guests through the
 * WhatsApp Cloud API and the Instagram API, surveys also by e-mail (Amazon SES, when an
 * identity is configured) and SMS (Amazon SNS), records each delivery on its ticket message and
 * publishes Outbound Message Failed for refusals. Batches of 10 with partial batch failures
 * and a concurrency cap; a message that keeps failing goes to the queue's alarmed
 * dead-letter queue. The Graph API tokens are secrets it reads by ARN.
 */
export class OutboundSender extends Construct {
  readonly function: ProjectFunction;
  readonly secrets: Record<OutboundSecretKey, secretsmanager.Secret>;
  readonly graphApiVersion: string;
  /** `sns:Publish` to phone numbers only: a policy of its own, for its own cdk-nag reason. */
  readonly smsPolicy: iam.Policy;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: OutboundSenderProps) {
    super(scope, id);
    assertVisibilityCovers(props.queue, SENDER_TIMEOUT, FunctionName.sender);
    this.graphApiVersion = props.graphApiVersion ?? DEFAULT_GRAPH_API_VERSION;
    if (!/^v\d+\.\d+$/.test(this.graphApiVersion))
      throw new Error(`graphApiVersion must look like v23.0, got ${JSON.stringify(this.graphApiVersion)}`);

    this.secrets = new OutboundSecrets(this, 'Secrets', { encryptionKey: props.encryptionKey }).secrets;
    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.sender),
      serviceName: FunctionName.sender,
      description: 'Sender: replies and surveys to guests through the WhatsApp Cloud API and Instagram API',
      timeout: SENDER_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      ...(props.logRetention && { logRetention: props.logRetention }),
      environment: {
        [Env.graphApiBaseUrl]: GRAPH_API_DEFAULTS.baseUrl,
        [Env.instagramApiBaseUrl]: GRAPH_API_DEFAULTS.instagramBaseUrl,
        [Env.graphApiVersion]: this.graphApiVersion,
      },
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .withHotels(props.hotelsJson)
      .grantSecretRead(Env.whatsappAccessTokenArn, this.secrets.whatsappAccessToken)
      .grantSecretRead(Env.instagramAccessTokenArn, this.secrets.instagramAccessToken);
    if (props.surveyEmail) this.allowSurveyEmail(props.surveyEmail);
    this.smsPolicy = this.allowSms(props.smsSenderId);
    this.function.addEventSource(
      new SqsEventSource(props.queue.queue, {
        batchSize: SENDER_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: SENDER_MAX_CONCURRENCY,
      }),
    );

    const fn = this.function;
    const refused = (service: string) => customMetric('OutboundFailed', service, OUTBOUND_FAILED_WINDOW);
    this.alarms = [
      ...functionAlarms(
        this,
        fn,
        {
          errors: `${FunctionName.sender} failed invocations (whole batches returned to the queue)`,
          publishFailed: `${FunctionName.sender} reported PublishFailed (a delivery event did not reach the bus)`,
        },
        props.alarmAction,
      ),
      alarmAbove(
        this,
        'OutboundFailedAlarm',
        `More than ${OUTBOUND_FAILED_THRESHOLD} messages to guests failed for good in ` +
          `${OUTBOUND_FAILED_WINDOW.toMinutes()} minutes (refused by the Graph API, or a failed status later): ` +
          'an expired token, a blocked number or a template problem rather than one guest out of the window',
        new cloudwatch.MathExpression({
          // The sender counts refusals, ticket intake the `failed` statuses Meta reports later.
          expression: 'FILL(sender, 0) + FILL(intake, 0)',
          usingMetrics: { sender: refused(FunctionName.sender), intake: refused(FunctionName.ticketIntake) },
          period: OUTBOUND_FAILED_WINDOW,
          label: 'OutboundFailed',
        }),
        OUTBOUND_FAILED_THRESHOLD,
        props.alarmAction,
      ),
      alarmAbove(
        this,
        'BacklogAlarm',
        `A reply has waited more than ${OUTBOUND_MAX_AGE.toMinutes()} minutes in the outbound queue ` +
          '(the sender is failing, throttled or capped: guests are not being answered)',
        props.queue.queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        OUTBOUND_MAX_AGE.toSeconds(),
        props.alarmAction,
      ),
    ];
  }

  /** `ses:SendEmail` as the configured identity only; sets `SURVEY_EMAIL_FROM`. */
  private allowSurveyEmail(email: SurveyEmail): void {
    const identityArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: email.identity,
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn] }),
    );
    this.function.addEnvironment(Env.surveyEmailFrom, email.from);
  }

  /**
   * `sns:Publish` to phone numbers: SNS authorizes a publish to a phone number on the number
   * itself, not on an ARN, so only Resource "*" allows it; a deny on every SNS ARN (topics,
   * platform endpoints) leaves phone numbers alone, as CDK's own Cognito SMS role does. Sets
   * `SMS_SENDER_ID` when given.
   */
  private allowSms(senderId: string | undefined): iam.Policy {
    if (senderId !== undefined) {
      if (!SMS_SENDER_ID.test(senderId))
        throw new Error(
          `smsSenderId must be 1 to 11 letters, digits or hyphens with at least one letter, got ${JSON.stringify(senderId)}`,
        );
      this.function.addEnvironment(Env.smsSenderId, senderId);
    }
    const policy = new iam.Policy(this, 'SmsPolicy', {
      statements: [
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }),
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['sns:Publish'],
          resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
        }),
      ],
    });
    if (this.function.role) policy.attachToRole(this.function.role);
    // A policy of its own is not part of the function's role policy: make the function wait for it.
    this.function.node.addDependency(policy);
    acknowledge(
      policy,
      NagRule.inlinePolicy,
      "The sender's SMS permission, attached to the sender's execution role alone and kept apart from its " +
        'default policy so that its Resource "*" carries its own reason; a customer managed policy could be ' +
        'attached to other principals, which would widen who may send SMS at our expense.',
    );
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SMS surveys publish to a phone number, which SNS authorizes on the number itself (no ARN), so sns:Publish ' +
        'needs Resource "*"; the policy denies sns:Publish on every SNS ARN, so no topic or platform endpoint can ' +
        'be published to. Only sns:Publish is granted.',
    });
    return policy;
  }
}
