import type { Server } from 'node:http';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LocalEventBus, type LocalEventBusOptions } from '../../local/runtime/event-bus';
import { EVENTBRIDGE_PATH } from '../../local/runtime/eventbridge-endpoint';
import { createLocalServer } from '../../local/runtime/http-server';

export interface TestBus {
  bus: LocalEventBus;
  /** A real EventBridge client whose endpoint is the local bus. */
  client: EventBridgeClient;
  close(): Promise<void>;
}

/** The local bus behind a loopback EventBridge endpoint, as under `npm start`. */
export async function startTestBus(options: LocalEventBusOptions = {}): Promise<TestBus> {
  const bus = new LocalEventBus(options);
  const server: Server = createLocalServer({
    bus,
    invoke: () => Promise.reject(new Error('no functions in this test')),
    status: () => ({}),
    authorize: () => undefined,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = new EventBridgeClient({ endpoint: `http://127.0.0.1:${port}${EVENTBRIDGE_PATH}` });
  return {
    bus,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
