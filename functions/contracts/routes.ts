/** The public HTTP routes and the function behind each, for the HTTP API and the local server. */
export const FunctionName = {
  metaWebhook: 'meta-webhook',
  webchat: 'webchat',
  ticketIntake: 'ticket-intake',
  ticketWorkflow: 'ticket-workflow',
  agentApi: 'agent-api',
  sender: 'sender',
  leadSweep: 'lead-sweep',
  checkouts: 'checkouts',
  surveyWorkflow: 'survey-workflow',
  surveySweep: 'survey-sweep',
  kpiExport: 'kpi-export',
  retentionPurge: 'retention-purge',
} as const;
export type FunctionName = (typeof FunctionName)[keyof typeof FunctionName];

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** API Gateway route syntax: `{name}` is one path segment, handed over as a path parameter. */
  path: string;
  function: FunctionName;
  /** `agent`: the JWT authorizer (Cognito in AWS, the local one here) admits only hotel staff. */
  auth?: 'agent';
}

/** The agent API: every route needs a staff token; its schemas are in `schemas/agent-api.ts`. */
export const AGENT_ROUTES = [
  { method: 'GET', path: '/agent/me' },
  { method: 'GET', path: '/agent/queue' },
  { method: 'GET', path: '/agent/templates' },
  { method: 'GET', path: '/agent/tickets/{ticketId}' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/replies' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/assignment' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/tags' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/lead-stage' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/notes' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/resolve' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/reopen' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/escalation' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/compensation' },
  { method: 'POST', path: '/agent/tickets/{ticketId}/guest' },
  { method: 'GET', path: '/agent/audit' },
  { method: 'POST', path: '/privacy/requests' },
] as const satisfies readonly Pick<ApiRoute, 'method' | 'path'>[];
/**
 * A route as API Gateway names it (`POST /agent/tickets/{ticketId}/replies`), one per entry of
 * AGENT_ROUTES (each method with its own path, not every method with every path).
 */
export type AgentRouteKey = (typeof AGENT_ROUTES)[number] extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/webhooks/whatsapp', function: FunctionName.metaWebhook },
  { method: 'POST', path: '/webhooks/whatsapp', function: FunctionName.metaWebhook },
  { method: 'GET', path: '/webhooks/instagram', function: FunctionName.metaWebhook },
  { method: 'POST', path: '/webhooks/instagram', function: FunctionName.metaWebhook },
  { method: 'POST', path: '/webchat/sessions', function: FunctionName.webchat },
  { method: 'POST', path: '/webchat/messages', function: FunctionName.webchat },
  { method: 'GET', path: '/webchat/messages', function: FunctionName.webchat },
  { method: 'POST', path: '/pms/checkouts', function: FunctionName.checkouts },
  ...AGENT_ROUTES.map((r) => ({ ...r, function: FunctionName.agentApi, auth: 'agent' as const })),
];

/**
 * The route a request path matches, with its path parameters (`{ticketId}` → `ticketId`). A
 * segment that is not valid percent-encoding (`%E0%A4%A`) matches no parameter: no route, a 404.
 */
export function matchRoute(
  method: string,
  path: string,
): { route: ApiRoute; pathParameters: Record<string, string> } | undefined {
  const segments = path.split('/');
  for (const route of API_ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const pathParameters: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part === segment;
      const value = decodeSegment(segment);
      if (value === undefined || value === '') return false;
      pathParameters[name] = value;
      return true;
    });
    if (matches) return { route, pathParameters };
  }
  return undefined;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Largest request body accepted (API Gateway's own payload limit is 10 MB; Meta's are far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;
