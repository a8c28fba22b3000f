import { loadConfig } from '../../runtime/config';
import { startRuntime } from '../../runtime/runtime';

/** `npm start`: the local pipeline, with what a user needs to register it with Meta. */
export async function startCommand(): Promise<number> {
  const config = loadConfig();
  process.stdout.write('Starting hotel-inbox (DynamoDB Local needs a few seconds)…\n');
  const runtime = await startRuntime(config);
  const { url } = runtime;
  const lines = [
    '',
    `hotel-inbox is running on ${url}`,
    '',
    'Webhook URLs (register them with Meta; use a tunnel for a public address):',
    `  WhatsApp   ${url}/webhooks/whatsapp`,
    `  Instagram  ${url}/webhooks/instagram`,
    `  Web chat   ${url}/webchat/sessions, ${url}/webchat/messages`,
    '',
    `Verify token  (META_VERIFY_TOKEN)  ${config.metaVerifyToken}`,
    `App secret    (META_APP_SECRET)    ${config.metaAppSecret}`,
    `Data          (DATA_DIR)           ${config.dataDir}`,
    `SLA clocks    (SLA_CLOCK_SPEED)    ${config.slaClockSpeed === 1 ? 'real time' : `${config.slaClockSpeed}x: one SLA minute lasts ${60 / config.slaClockSpeed} s`}`,
    `Resumed       ${runtime.resumedTickets} open ticket(s) and their SLA clocks, ${runtime.resumedSurveys} survey(s), ${runtime.pendingSchedules} survey schedule(s), ${runtime.redeliveredMessages} queued message(s)`,
    `Replies go to ${config.graphApiBaseUrl || `the built-in fake Graph API (logged to ${config.dataDir}/graph-api-requests.jsonl)`}`,
    '',
    `PMS check-outs ${url}/pms/checkouts  (signed with PMS_WEBHOOK_SECRET ${config.pmsWebhookSecret}), or npx hotel-inbox import-checkouts FILE.csv`,
    '',
    'Agent API (described in openapi/agent-api.json):',
    `  ${url}/agent/queue   token: npx hotel-inbox token --hotel <tenantId> --role frontline --user <you>`,
    '',
    'Hotels (HOTELS_FILE):',
    ...runtime.hotels.map(
      (h) =>
        `  ${h.hotelCode.padEnd(4)} ${h.tenantId.padEnd(16)} WhatsApp ${h.channels.whatsapp?.phoneNumberId ?? '-'}  ` +
        `Instagram ${h.channels.instagram?.accountId ?? '-'}  site key ${h.channels.webchat?.siteKey ?? '-'}`,
    ),
    '',
    'See what happens: npx hotel-inbox events --follow   npx hotel-inbox tickets   Stop: Ctrl+C',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write('\nStopping…\n');
  await runtime.stop();
  return 0;
}
