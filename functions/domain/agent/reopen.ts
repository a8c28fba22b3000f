import type { TicketResponse } from '../../../schemas/agent-api';
import type { Ticket } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { ConflictError } from '../errors';
import { publishOnce } from '../ingest/publish-once';
import { ticketEvent } from '../tickets/ticket-event';
import type { AgentContext } from './context';
import { isActive, toAgentTicket } from './views';

/**
 * An agent reopens a resolved ticket (the guest said on the phone it is not solved): it goes back
 * to the queue and Ticket Reopened restarts its workflow, as a guest's message would. A ticket
 * already open again after a resolution (the retry of a request whose publishing failed, or a
 * reopening by someone else) answers as it is, and its Ticket Reopened is published again, once.
 */
export async function reopenTicket(ctx: AgentContext, ticketId: string): Promise<TicketResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  const hotel = ctx.tickets.hotelOf(ticket.tenantId);
  if (isActive(ticket) && ticket.reopenCount > 0) {
    await publishOnce(ctx, [ticketReopened(ticket)]);
    return { ticket: toAgentTicket(ticket, hotel) };
  }
  if (ticket.status !== 'resolved') {
    throw new ConflictError(
      ticket.status === 'closed'
        ? 'A closed ticket cannot be reopened'
        : 'Only a resolved ticket can be reopened',
    );
  }
  const at = ctx.now().toISOString();
  const changes = { status: 'open' as const, reopenCount: ticket.reopenCount + 1, reopenedAt: at };
  await ctx.tickets.updateTicket(ticket.tenantId, ticket.ticketId, { ...changes, updatedAt: at }, [
    'resolved',
  ]);
  const current = await ctx.tickets.find(ticketId);
  if (!isActive(current) || current.reopenCount !== changes.reopenCount) {
    throw new ConflictError('The ticket changed meanwhile; load it again');
  }
  await publishOnce(ctx, [ticketReopened(current)]);
  return { ticket: toAgentTicket(current, hotel) };
}

/** Ticket Reopened of the ticket's current cycle, from what is stored (the same event a guest's reopening publishes). */
const ticketReopened = (ticket: Ticket) => {
  const reopenedAt = ticket.reopenedAt ?? ticket.updatedAt;
  return ticketEvent(ticket, `reopened:${ticket.reopenCount}`, DetailType.ticketReopened, reopenedAt, {
    reopenCount: ticket.reopenCount,
    receivedAt: reopenedAt,
  });
};
