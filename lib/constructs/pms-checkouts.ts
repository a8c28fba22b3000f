import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Env } from '../../functions/contracts/environment';
import { FunctionName } from '../../functions/contracts/routes';
import { functionAlarms } from './alarms';
import type { InboxTable } from './inbox-table';
import { acknowledge, NagRule } from './nag';
import { entryOf, ProjectFunction } from './project-function';
import type { SurveySchedules } from './survey-schedules';

/** Secrets Manager name of the key the PMS signs its check-out deliveries with. */
export const PMS_WEBHOOK_SECRET_NAME = 'hotel-inbox/pms-webhook-secret';

/**
 * API Gateway waits at most 30 s for an integration; a delivery carries up to 500 departures,
 * each recorded and scheduled before the PMS gets its answer.
 */
export const CHECKOUTS_TIMEOUT = Duration.seconds(29);

export interface PmsCheckoutsProps {
  table: InboxTable;
  bus: events.IEventBus;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`): the hotels' survey settings. */
  hotelsJson: string;
  /** Where the function creates each survey's one-time schedule. */
  schedules: SurveySchedules;
  /** Encrypts the secret and the function's log group. */
  encryptionKey: kms.IKey;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The function behind `POST /pms/checkouts`: a hotel's PMS reports departures, signed with
 * HMAC-SHA256 of the raw body (`X-Hotel-Inbox-Signature-256: sha256=<hex>`) keyed with the
 * PMS webhook secret; the function verifies the signature, records each departure once,
 * creates its survey's one-time schedule in the survey schedule group and publishes the survey
 * events. The secret starts as a random value until an operator puts the one the PMS uses.
 */
export class PmsCheckouts extends Construct {
  readonly function: ProjectFunction;
  readonly secret: secretsmanager.Secret;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: PmsCheckoutsProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'WebhookSecret', {
      secretName: PMS_WEBHOOK_SECRET_NAME,
      description:
        'HMAC key of the PMS check-out webhook: the PMS signs each POST /pms/checkouts body with it ' +
        '(X-Hotel-Inbox-Signature-256). Put the same value into the PMS.',
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      this.secret,
      NagRule.secretNoRotation,
      'The PMS holds a copy of this key, entered in its webhook settings by an operator; a rotation Lambda ' +
        'cannot change it on the PMS side, so rotating it here would refuse every delivery. Operators rotate it by ' +
        'hand in both places (put-secret-value); the function re-reads secrets every 5 minutes.',
    );

    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.checkouts),
      serviceName: FunctionName.checkouts,
      description: 'PMS check-outs: verify the signature, record departures, schedule their NPS surveys',
      timeout: CHECKOUTS_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      ...(props.logRetention && { logRetention: props.logRetention }),
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .withHotels(props.hotelsJson)
      .grantSecretRead(Env.pmsWebhookSecretArn, this.secret)
      .grantSurveyScheduling(props.schedules);

    const fn = this.function;
    this.alarms = [
      ...functionAlarms(
        this,
        fn,
        {
          errors: `${FunctionName.checkouts} failed invocations (the PMS got a server error; its departures wait for a retry)`,
          publishFailed: `${FunctionName.checkouts} reported PublishFailed (a survey event did not reach the bus)`,
        },
        props.alarmAction,
      ),
    ];
  }
}
