import type { AssignRequest, TicketResponse } from '../../../schemas/agent-api';
import type { Ticket } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { ConflictError, ValidationError } from '../errors';
import { publishOnce } from '../ingest/publish-once';
import { ticketEvent } from '../tickets/ticket-event';
import type { AgentContext } from './context';
import { isActive, toAgentTicket } from './views';

/**
 * Hands the ticket over: to a team, to a department (the owner team), to a person (`me` is the
 * caller, `null` nobody). Only the owner team has a department, so moving the ticket to another
 * team clears it.
 */
export async function assignTicket(
  ctx: AgentContext,
  ticketId: string,
  request: AssignRequest,
): Promise<TicketResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  if (!isActive(ticket)) throw new ConflictError(`The ticket is ${ticket.status}`);
  const team = request.team ?? (request.department ? 'owner' : ticket.ownerTeam);
  if (request.department && team !== 'owner')
    throw new ValidationError('department', 'only the owner team has a department');
  const department = team === 'owner' ? (request.department ?? ticket.department) : undefined;
  if (team === 'owner' && !department)
    throw new ValidationError('department', 'is required for the owner team');
  const assignee =
    request.assignee === undefined
      ? ticket.assignee
      : request.assignee === 'me'
        ? ctx.principal.userId
        : (request.assignee ?? undefined);

  const at = ctx.now().toISOString();
  const changes: Partial<Ticket> = { ownerTeam: team, department, assignee, updatedAt: at };
  await ctx.tickets.updateTicket(ticket.tenantId, ticket.ticketId, changes);
  await publishOnce(ctx, [
    ticketEvent(ticket, `assigned-manual:${at}`, DetailType.ticketAssigned, at, {
      team: team ?? 'unrouted',
      ...(assignee && { assignee }),
      reason: 'manual',
    }),
  ]);
  // Not read again: an owner who hands the ticket to another department no longer sees it.
  return { ticket: toAgentTicket({ ...ticket, ...changes }, ctx.tickets.hotelOf(ticket.tenantId)) };
}
