import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromZoned, isValidTimeZone } from '../../functions/domain/sla/time-zone';
import type { LocalSchedule, LocalScheduler } from './local-scheduler';

/** The path under which the local HTTP server speaks the EventBridge Scheduler API to the AWS SDK. */
export const SCHEDULER_PATH = '/_local/scheduler';

const NAME = /^[0-9a-zA-Z_.-]{1,64}$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

interface CreateScheduleBody {
  GroupName?: string;
  ScheduleExpression?: string;
  ScheduleExpressionTimezone?: string;
  FlexibleTimeWindow?: { Mode?: string };
  ActionAfterCompletion?: string;
  Target?: { Arn?: string; RoleArn?: string; Input?: string; DeadLetterConfig?: { Arn?: string } };
}

class SchedulerApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Answers the AWS SDK's CreateSchedule and GetSchedule (REST-JSON: `POST|GET /schedules/{Name}`)
 * for one-time `at()` schedules, with the service's error shapes (409 ConflictException for a
 * name the group already has), so the functions use their real Scheduler client locally.
 */
export function handleSchedulerRequest(
  scheduler: LocalScheduler,
  path: string,
  body: Buffer,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const reply = (status: number, payload: unknown, errorType?: string) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(errorType && { 'x-amzn-errortype': errorType }),
    });
    res.end(JSON.stringify(payload));
  };
  try {
    const match = /^\/schedules\/([^/]+)$/.exec(path.slice(SCHEDULER_PATH.length));
    if (!match?.[1]) throw new SchedulerApiError(404, 'UnknownOperationException', `${path} is not emulated`);
    const name = decodeURIComponent(match[1]);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET') {
      const schedule = scheduler.get(url.searchParams.get('groupName') ?? 'default', name);
      if (!schedule)
        throw new SchedulerApiError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
      return reply(200, describe(schedule));
    }
    if (req.method !== 'POST') throw new SchedulerApiError(404, 'UnknownOperationException', 'not emulated');
    const schedule = scheduleOf(name, JSON.parse(body.toString('utf8') || '{}') as CreateScheduleBody);
    if (!scheduler.create(schedule))
      throw new SchedulerApiError(409, 'ConflictException', `Schedule ${name} already exists.`);
    reply(200, { ScheduleArn: arnOf(schedule) });
  } catch (error) {
    if (error instanceof SchedulerApiError)
      return reply(error.status, { __type: error.type, Message: error.message }, error.type);
    reply(
      400,
      { __type: 'ValidationException', Message: error instanceof Error ? error.message : 'invalid' },
      'ValidationException',
    );
  }
}

function scheduleOf(name: string, body: CreateScheduleBody): Omit<LocalSchedule, 'createdAt'> {
  const invalid = (message: string) => new SchedulerApiError(400, 'ValidationException', message);
  if (!NAME.test(name)) throw invalid(`Name ${name} must match [0-9a-zA-Z-_.]+ and be 1-64 long`);
  const timezone = body.ScheduleExpressionTimezone ?? 'UTC';
  if (!isValidTimeZone(timezone)) throw invalid(`Invalid ScheduleExpressionTimezone ${timezone}`);
  const at = AT.exec(body.ScheduleExpression ?? '');
  if (!at) throw invalid('Only one-time at(yyyy-mm-ddThh:mm:ss) expressions are emulated locally');
  const [year, month, day, hour, minute, second] = at.slice(1).map(Number);
  if (!body.FlexibleTimeWindow?.Mode) throw invalid('FlexibleTimeWindow.Mode is required');
  if (!body.Target?.Arn || !body.Target.RoleArn) throw invalid('Target.Arn and Target.RoleArn are required');
  return {
    name,
    groupName: body.GroupName ?? 'default',
    expression: body.ScheduleExpression as string,
    timezone,
    at: new Date(
      fromZoned(
        {
          year: year ?? 0,
          month: month ?? 1,
          day: day ?? 1,
          hour: hour ?? 0,
          minute: minute ?? 0,
          second: second ?? 0,
        },
        timezone,
      ),
    ).toISOString(),
    target: {
      arn: body.Target.Arn,
      roleArn: body.Target.RoleArn,
      ...(body.Target.Input !== undefined && { input: body.Target.Input }),
      ...(body.Target.DeadLetterConfig?.Arn && { deadLetterArn: body.Target.DeadLetterConfig.Arn }),
    },
    actionAfterCompletion: body.ActionAfterCompletion === 'DELETE' ? 'DELETE' : 'NONE',
  };
}

const arnOf = (s: Pick<LocalSchedule, 'groupName' | 'name'>) =>
  `arn:aws:scheduler:local:000000000000:schedule/${s.groupName}/${s.name}`;

/** GetSchedule's answer (dates as epoch seconds, as the REST-JSON protocol sends them). */
const describe = (s: LocalSchedule) => ({
  Arn: arnOf(s),
  Name: s.name,
  GroupName: s.groupName,
  ScheduleExpression: s.expression,
  ScheduleExpressionTimezone: s.timezone,
  State: 'ENABLED',
  ActionAfterCompletion: s.actionAfterCompletion,
  FlexibleTimeWindow: { Mode: 'OFF' },
  CreationDate: Date.parse(s.createdAt) / 1000,
  Target: {
    Arn: s.target.arn,
    RoleArn: s.target.roleArn,
    ...(s.target.input !== undefined && { Input: s.target.input }),
    ...(s.target.deadLetterArn && { DeadLetterConfig: { Arn: s.target.deadLetterArn } }),
  },
});
