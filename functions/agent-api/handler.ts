import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type * as z from 'zod';
import {
  AGENT_API,
  type AgentRouteKey,
  type AgentRouteSpec,
  type RouteInput,
  type RouteResponse,
  type UnauthorizedResponse,
} from '../../schemas/agent-api';
import { agentDepsFromEnv } from '../adapters/agent-deps';
import { lazy } from '../adapters/ingest-deps';
import { logger, powertoolsMetrics } from '../adapters/observability';
import { FunctionName, matchRoute } from '../contracts/routes';
import { assignTicket } from '../domain/agent/assign';
import { listAuditEntries } from '../domain/agent/audit-query';
import { recordCompensation } from '../domain/agent/compensation';
import { type AgentContext, type AgentDeps, agentContext } from '../domain/agent/context';
import { setEscalation } from '../domain/agent/escalation';
import { correctGuestProfile } from '../domain/agent/guest-profile';
import { setLeadStage } from '../domain/agent/lead-stage';
import { describeMe, listTemplates } from '../domain/agent/me';
import { addNote } from '../domain/agent/notes';
import { parseRequest } from '../domain/agent/parse-request';
import { listQueue } from '../domain/agent/queue';
import { reopenTicket } from '../domain/agent/reopen';
import { replyToTicket } from '../domain/agent/reply';
import { resolveTicket } from '../domain/agent/resolve';
import { requireRole } from '../domain/agent/roles';
import { noSuchTicket } from '../domain/agent/scoped-tickets';
import { tagTicket } from '../domain/agent/tags';
import { viewTicket } from '../domain/agent/ticket-view';
import { type Principal, principalFromClaims } from '../domain/auth/principal';
import { MalformedBodyError, UnauthorizedError } from '../domain/errors';
import { staffPrivacyRequest } from '../domain/privacy/staff-privacy-request';
import { type HttpEvent, type HttpResult, json, rawBodyOf } from '../http/api-gateway';
import { errorResponse, isClientError } from '../http/respond';

/** An HTTP API (payload 2.0) event of a route behind the JWT authorizer. */
export type AgentApiEvent = HttpEvent & {
  requestContext: HttpEvent['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, unknown>; scopes?: string[] | null } };
  };
};

type RouteAction<K extends AgentRouteKey> = (
  ctx: AgentContext,
  input: RouteInput<K>,
) => Promise<RouteResponse<K>> | RouteResponse<K>;

/** Each route's use case; the registry in schemas/agent-api.ts has its schemas and roles. */
const ROUTES: { [K in AgentRouteKey]: RouteAction<K> } = {
  'GET /agent/me': (ctx) => describeMe(ctx),
  'GET /agent/queue': (ctx, { query }) => listQueue(ctx, query),
  'GET /agent/templates': (ctx) => listTemplates(ctx),
  'GET /agent/tickets/{ticketId}': (ctx, { params }) => viewTicket(ctx, params.ticketId),
  'POST /agent/tickets/{ticketId}/replies': (ctx, { params, body }) =>
    replyToTicket(ctx, params.ticketId, body),
  'POST /agent/tickets/{ticketId}/assignment': (ctx, { params, body }) =>
    assignTicket(ctx, params.ticketId, body),
  'POST /agent/tickets/{ticketId}/tags': (ctx, { params, body }) => tagTicket(ctx, params.ticketId, body),
  'POST /agent/tickets/{ticketId}/lead-stage': (ctx, { params, body }) =>
    setLeadStage(ctx, params.ticketId, body),
  'POST /agent/tickets/{ticketId}/notes': (ctx, { params, body }) => addNote(ctx, params.ticketId, body),
  'POST /agent/tickets/{ticketId}/resolve': (ctx, { params, body }) =>
    resolveTicket(ctx, params.ticketId, body),
  'POST /agent/tickets/{ticketId}/reopen': (ctx, { params }) => reopenTicket(ctx, params.ticketId),
  'POST /agent/tickets/{ticketId}/escalation': (ctx, { params, body }) =>
    setEscalation(ctx, params.ticketId, body),
  'POST /agent/tickets/{ticketId}/compensation': (ctx, { params, body }) =>
    recordCompensation(ctx, params.ticketId, body),
  'POST /agent/tickets/{ticketId}/guest': (ctx, { params, body }) =>
    correctGuestProfile(ctx, params.ticketId, body),
  'GET /agent/audit': (ctx, { query }) => listAuditEntries(ctx, query),
  'POST /privacy/requests': (ctx, { body }) => staffPrivacyRequest(ctx.privacy, ctx.principal, body),
};

/**
 * The staff inbox API. API Gateway has already checked the token; this reads the caller from its
 * claims, checks the route's roles, validates the request with the route's schemas and runs its
 * use case on tickets scoped to the caller.
 */
export const createAgentApiHandler =
  (deps: () => AgentDeps | Promise<AgentDeps>) =>
  async (event: AgentApiEvent): Promise<HttpResult> => {
    const route = routeOf(event);
    try {
      if (!route) return json(404, { error: 'not_found', message: 'No such route' });
      const spec: AgentRouteSpec = AGENT_API[route.key];
      const principal = principalOf(event);
      requireRole(principal, spec.roles, 'use this route');
      const input = {
        params: spec.params && parsePath(spec.params, route.pathParameters),
        query: spec.query && parseRequest(spec.query, event.queryStringParameters ?? {}),
        body: spec.body && parseRequest(spec.body, jsonBody(event)),
      };
      const action = ROUTES[route.key] as RouteAction<AgentRouteKey>;
      const result = await action(agentContext(await deps(), principal), input as RouteInput<AgentRouteKey>);
      return json(spec.success.status, result);
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown';
      if (isClientError(error)) logger.info('Agent request refused', { route: route?.key, reason });
      else logger.error('Agent request failed', { route: route?.key, reason });
      // The same body as API Gateway's authorizer gives, so a client sees one kind of 401.
      if (error instanceof UnauthorizedError) return json(401, UNAUTHORIZED);
      return errorResponse(error);
    }
  };

/** The route API Gateway matched; the path is matched again when a caller left routeKey generic. */
function routeOf(
  event: AgentApiEvent,
): { key: AgentRouteKey; pathParameters: Record<string, string> } | undefined {
  if (event.routeKey in AGENT_API) {
    const pathParameters = Object.fromEntries(
      Object.entries(event.pathParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    );
    return { key: event.routeKey as AgentRouteKey, pathParameters };
  }
  const match = matchRoute(event.requestContext.http.method, event.rawPath.replace(/(.)\/+$/, '$1'));
  if (match?.route.function !== FunctionName.agentApi) return undefined;
  return {
    key: `${match.route.method} ${match.route.path}` as AgentRouteKey,
    pathParameters: match.pathParameters,
  };
}

const UNAUTHORIZED: UnauthorizedResponse = { message: 'Unauthorized' };

/** Every path parameter names a ticket: one that cannot be a ticket id is a ticket that does not exist. */
function parsePath<S extends z.ZodType>(schema: S, pathParameters: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(pathParameters);
  if (!parsed.success) throw noSuchTicket();
  return parsed.data;
}

function principalOf(event: AgentApiEvent): Principal {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) throw new UnauthorizedError('No staff token');
  try {
    return principalFromClaims(claims);
  } catch (error) {
    throw new UnauthorizedError('The token does not name a staff member, role and hotels', { cause: error });
  }
}

function jsonBody(event: HttpEvent): unknown {
  try {
    return JSON.parse(Buffer.from(rawBodyOf(event)).toString('utf8'));
  } catch (error) {
    throw new MalformedBodyError('Body is not JSON', { cause: error });
  }
}

export const handler = middy(createAgentApiHandler(lazy(() => agentDepsFromEnv())))
  .use(injectLambdaContext(logger))
  .use(logMetrics(powertoolsMetrics));
