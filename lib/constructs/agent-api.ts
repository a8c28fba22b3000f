import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FunctionName } from '../../functions/contracts/routes';
import { functionAlarms } from './alarms';
import type { InboxTable } from './inbox-table';
import { entryOf, ProjectFunction } from './project-function';

/** API Gateway waits at most 30 s for an integration; the agent API answers from the table. */
export const AGENT_API_TIMEOUT = Duration.seconds(10);

export interface AgentApiProps {
  table: InboxTable;
  bus: events.IEventBus;
  /** `HOTELS_JSON` (see `lib/hotels-config.ts`). */
  hotelsJson: string;
  /** Encrypts the function's log group. */
  encryptionKey: kms.IKey;
  alarmAction?: cloudwatch.IAlarmAction;
  logRetention?: logs.RetentionDays;
}

/**
 * The function behind the agent routes (`AGENT_ROUTES`): the staff's queue, tickets, replies
 * and actions. It reads the hotels' open tickets (gsi1) and leads (gsi2), records actions on
 * tickets and publishes what they cause (Outbound Message Requested, Ticket Resolved…). The
 * HTTP API admits only requests with a staff ID token (`StaffUserPool`); the function then
 * authorizes each request by the token's hotels and role.
 */
export class AgentApi extends Construct {
  readonly function: ProjectFunction;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AgentApiProps) {
    super(scope, id);
    this.function = new ProjectFunction(this, 'Function', {
      entry: entryOf(FunctionName.agentApi),
      serviceName: FunctionName.agentApi,
      description: 'Agent API: the staff inbox (queue, tickets, replies, assignment, resolution)',
      timeout: AGENT_API_TIMEOUT,
      logEncryptionKey: props.encryptionKey,
      ...(props.logRetention && { logRetention: props.logRetention }),
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .withHotels(props.hotelsJson);

    const fn = this.function;
    this.alarms = [
      ...functionAlarms(
        this,
        fn,
        {
          errors: `${FunctionName.agentApi} failed invocations (staff saw a server error)`,
          publishFailed: `${FunctionName.agentApi} reported PublishFailed (a staff action's event did not reach the bus)`,
        },
        props.alarmAction,
      ),
    ];
  }
}
