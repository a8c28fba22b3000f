import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  FlexibleTimeWindowMode,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { SurveyScheduler } from '../domain/surveys/ports';

export interface SurveyScheduleTarget {
  /** The schedule group of the survey schedules (its own role and DLQ, its own quota). */
  groupName: string;
  /** The NPS state machine: Scheduler's templated target starts an execution with the input. */
  stateMachineArn: string;
  /** The role Scheduler assumes to call states:StartExecution. */
  roleArn: string;
  /** Where an invocation that failed after its retries goes (an SQS queue). */
  deadLetterArn: string;
}

/** Scheduler's retries of a StartExecution that failed (throttling, the service unavailable). */
export const SURVEY_SCHEDULE_RETRIES = { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 6 * 3600 };

/** `at(yyyy-mm-ddThh:mm:ss)` of an instant, to be read in UTC. */
export const atExpression = (at: Date): string => `at(${at.toISOString().slice(0, 19)})`;

/**
 * One EventBridge Scheduler one-time schedule per survey send, deleted by Scheduler once it
 * has fired. A name already taken means the survey is already scheduled: nothing to do.
 */
export class EventBridgeSurveyScheduler implements SurveyScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly target: SurveyScheduleTarget,
  ) {}

  async scheduleOnce(name: string, at: Date, input: { tenantId: string; surveyId: string }): Promise<void> {
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.target.groupName,
          ScheduleExpression: atExpression(at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
          ActionAfterCompletion: ActionAfterCompletion.DELETE,
          Description: `NPS survey ${input.surveyId}`,
          Target: {
            Arn: this.target.stateMachineArn,
            RoleArn: this.target.roleArn,
            Input: JSON.stringify({ tenantId: input.tenantId, surveyId: input.surveyId }),
            DeadLetterConfig: { Arn: this.target.deadLetterArn },
            RetryPolicy: SURVEY_SCHEDULE_RETRIES,
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConflictException) return;
      throw error;
    }
  }
}
