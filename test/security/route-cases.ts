import { API_ROUTES, type ApiRoute } from '../../functions/contracts/routes';
import { jsonBody, type Probe } from './http-probe';

/**
 * How each route of API_ROUTES is attacked. A route's key is API Gateway's `METHOD /path`.
 * A route added to API_ROUTES without a case here fails the suite: say how a valid request to
 * it looks (staff routes), or which guard protects it (public routes).
 */
export type RouteCase =
  /**
   * Behind the staff JWT authorizer. `body` and `query` make a request the route accepts from a
   * staff member entitled to the ticket, so that an attack gets past validation to the tenant
   * check (a 400 would prove nothing). `{ticketId}` in the path is filled in by each attack.
   */
  | { guard: 'staff-token'; body?: unknown; query?: Record<string, string> }
  /** Meta's `X-Hub-Signature-256` over the exact bytes, with the app secret. */
  | { guard: 'meta-signature'; channel: 'whatsapp' | 'instagram' }
  /** Meta's subscription handshake, answered only with the configured verify token. */
  | { guard: 'meta-verify-token'; channel: 'whatsapp' | 'instagram' }
  /** Public: anyone may open a chat on a hotel's site; the site key alone names the hotel. */
  | { guard: 'webchat-site-key' }
  /** The signed web-chat visitor token names the hotel and the session. */
  | { guard: 'webchat-visitor-token' }
  /** The PMS's `X-Hotel-Inbox-Signature-256` over the exact bytes. */
  | { guard: 'pms-signature' };

export const ROUTE_CASES: Record<string, RouteCase> = {
  'GET /webhooks/whatsapp': { guard: 'meta-verify-token', channel: 'whatsapp' },
  'POST /webhooks/whatsapp': { guard: 'meta-signature', channel: 'whatsapp' },
  'GET /webhooks/instagram': { guard: 'meta-verify-token', channel: 'instagram' },
  'POST /webhooks/instagram': { guard: 'meta-signature', channel: 'instagram' },
  'POST /webchat/sessions': { guard: 'webchat-site-key' },
  'POST /webchat/messages': { guard: 'webchat-visitor-token' },
  'GET /webchat/messages': { guard: 'webchat-visitor-token' },
  'POST /pms/checkouts': { guard: 'pms-signature' },
  'GET /agent/me': { guard: 'staff-token' },
  'GET /agent/queue': { guard: 'staff-token', query: { limit: '10' } },
  'GET /agent/templates': { guard: 'staff-token' },
  'GET /agent/tickets/{ticketId}': { guard: 'staff-token' },
  'POST /agent/tickets/{ticketId}/replies': {
    guard: 'staff-token',
    body: { clientMessageId: 'security-reply-0001', text: 'Merhaba, hemen ilgileniyoruz.' },
  },
  'POST /agent/tickets/{ticketId}/assignment': { guard: 'staff-token', body: { assignee: 'me' } },
  'POST /agent/tickets/{ticketId}/tags': { guard: 'staff-token', body: { add: ['VIP'] } },
  'POST /agent/tickets/{ticketId}/lead-stage': { guard: 'staff-token', body: { stage: 'booked' } },
  'POST /agent/tickets/{ticketId}/notes': { guard: 'staff-token', body: { text: 'Guest called the desk.' } },
  'POST /agent/tickets/{ticketId}/resolve': {
    guard: 'staff-token',
    body: {
      closing: { text: 'We fixed it, thank you for your patience.' },
      complaint: { event: 'AC broken', impact: 'a hot night', expectation: 'a working AC' },
      rootCause: 'maintenance backlog',
    },
  },
  'POST /agent/tickets/{ticketId}/reopen': { guard: 'staff-token' },
  'POST /agent/tickets/{ticketId}/escalation': {
    guard: 'staff-token',
    body: { level: 2, reason: 'guest threatens a public review' },
  },
  'POST /agent/tickets/{ticketId}/compensation': {
    guard: 'staff-token',
    body: { kind: 'amenity', description: 'a fruit basket' },
  },
  'POST /agent/tickets/{ticketId}/guest': { guard: 'staff-token', body: { name: 'Ayşe Yılmaz' } },
  // Hotel A's log over a past range: a valid request (what the log holds is checked apart).
  'GET /agent/audit': {
    guard: 'staff-token',
    query: { hotel: 'aurora-belek', from: '2025-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z' },
  },
  // An export (an erasure would spoil the state the suite compares; erasures are attacked apart).
  'POST /privacy/requests': {
    guard: 'staff-token',
    body: { hotel: 'aurora-belek', kind: 'export', subject: { phone: '+905321234567' } },
  },
};

export const routeKeyOf = (route: Pick<ApiRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

export const TICKET_PARAM = '{ticketId}';

export interface StaffRoute {
  key: string;
  route: ApiRoute;
  /** The route's case, or undefined: then every test of the route fails and says what to add. */
  routeCase: Extract<RouteCase, { guard: 'staff-token' }> | undefined;
  /** Whether the path names a ticket. */
  namesTicket: boolean;
}

/** The routes behind the staff authorizer, each with its case. */
export const staffRoutes = (): StaffRoute[] =>
  API_ROUTES.filter((route) => route.auth === 'agent').map((route) => {
    const key = routeKeyOf(route);
    const routeCase = ROUTE_CASES[key];
    return {
      key,
      route,
      routeCase: routeCase?.guard === 'staff-token' ? routeCase : undefined,
      namesTicket: route.path.includes(TICKET_PARAM),
    };
  });

/** The routes without the staff authorizer. */
export const publicRoutes = () =>
  API_ROUTES.filter((route) => route.auth !== 'agent').map((route) => ({
    key: routeKeyOf(route),
    route,
    routeCase: ROUTE_CASES[routeKeyOf(route)],
  }));

/** The case of a staff route; throws, naming the route, when it has none. */
export function caseOf(route: StaffRoute): Extract<RouteCase, { guard: 'staff-token' }> {
  if (!route.routeCase)
    throw new Error(
      `${route.key} has no 'staff-token' case in test/security/route-cases.ts: add the valid request it accepts`,
    );
  return route.routeCase;
}

/** The valid request of a staff route, on this ticket (when its path names one). */
export function staffProbe(route: StaffRoute, ticketId: string): Probe {
  const { body, query } = caseOf(route);
  return {
    method: route.route.method,
    path: route.route.path.replace(TICKET_PARAM, encodeURIComponent(ticketId)),
    ...(query && { query }),
    ...(body !== undefined && { body: jsonBody(body) }),
  };
}
