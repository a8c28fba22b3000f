/** The public HTTP routes and the function behind each, for the HTTP API and the local server. */
export const FunctionName = {
  metaWebhook: 'meta-webhook',
  webchat: 'webchat',
  ticketIntake: 'ticket-intake',
  ticketWorkflow: 'ticket-workflow',
} as const;
export type FunctionName = (typeof FunctionName)[keyof typeof FunctionName];

export interface ApiRoute {
  method: 'GET' | 'POST';
  path: string;
  function: FunctionName;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/webhooks/whatsapp', function: FunctionName.metaWebhook },
  { method: 'POST', path: '/webhooks/whatsapp', function: FunctionName.metaWebhook },
  { method: 'GET', path: '/webhooks/instagram', function: FunctionName.metaWebhook },
  { method: 'POST', path: '/webhooks/instagram', function: FunctionName.metaWebhook },
  { method: 'POST', path: '/webchat/sessions', function: FunctionName.webchat },
  { method: 'POST', path: '/webchat/messages', function: FunctionName.webchat },
  { method: 'GET', path: '/webchat/messages', function: FunctionName.webchat },
];

/** Largest request body accepted (API Gateway's own payload limit is 10 MB; Meta's are far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;
