import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { LocalEventBus } from './event-bus';

/** The path under which the local HTTP server speaks the EventBridge API to the AWS SDK. */
export const EVENTBRIDGE_PATH = '/_local/eventbridge';

interface WireEntry extends Omit<PutEventsRequestEntry, 'Time'> {
  Time?: number;
}

/**
 * Answers the AWS SDK's `AWSEvents.PutEvents` (JSON 1.1 protocol), so the functions use
 * their real EventBridge client locally and only its endpoint differs.
 */
export function handleEventBridgeRequest(
  bus: LocalEventBus,
  body: Buffer,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const target = req.headers['x-amz-target'];
  const reply = (status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(payload));
  };
  if (target !== 'AWSEvents.PutEvents') {
    return reply(400, { __type: 'UnknownOperationException', message: `${String(target)} is not emulated` });
  }
  try {
    const { Entries = [] } = JSON.parse(body.toString('utf8')) as { Entries?: WireEntry[] };
    const entries = Entries.map(({ Time, ...rest }) => ({
      ...rest,
      ...(Time !== undefined && { Time: new Date(Time * 1000) }),
    }));
    reply(200, bus.putEvents(entries));
  } catch (error) {
    reply(400, {
      __type: 'ValidationException',
      message: error instanceof Error ? error.message : 'invalid',
    });
  }
}
