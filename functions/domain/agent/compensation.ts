import type { CompensationRequest, TicketResponse } from '../../../schemas/agent-api';
import { isFinished } from '../tickets/finished';
import type { AgentContext } from './context';
import { requireRole, SUPERVISOR_ROLES } from './roles';
import { toAgentTicket } from './views';

/** Seed 001: the supervisor holds compensation authority; what was given is kept with who approved it. */
export async function recordCompensation(
  ctx: AgentContext,
  ticketId: string,
  request: CompensationRequest,
): Promise<TicketResponse> {
  requireRole(ctx.principal, SUPERVISOR_ROLES, 'grant compensation');
  const ticket = await ctx.tickets.find(ticketId);
  const at = ctx.now().toISOString();
  await ctx.tickets.updateTicket(ticket.tenantId, ticket.ticketId, {
    compensation: { ...request, approvedBy: ctx.principal.userId, approvedAt: at },
    updatedAt: at,
  });
  if (isFinished(ticket)) await ctx.tickets.relistWords(ticket.tenantId, ticket.ticketId, at);
  const updated = await ctx.tickets.find(ticketId);
  return { ticket: toAgentTicket(updated, ctx.tickets.hotelOf(updated.tenantId)) };
}
