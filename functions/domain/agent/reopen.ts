import type { TicketResponse } from '../../../schemas/agent-api';
import { DetailType } from '../../contracts/bus';
import { ConflictError } from '../errors';
import { publishOnce } from '../ingest/publish-once';
import { ticketEvent } from '../tickets/ticket-event';
import type { AgentContext } from './context';
import { toAgentTicket } from './views';

/**
 * An agent reopens a resolved ticket (the guest said on the phone it is not solved): it goes back
 * to the queue and Ticket Reopened restarts its workflow, as a guest's message would.
 */
export async function reopenTicket(ctx: AgentContext, ticketId: string): Promise<TicketResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  if (ticket.status !== 'resolved') {
    throw new ConflictError(
      ticket.status === 'closed'
        ? 'A closed ticket cannot be reopened'
        : 'Only a resolved ticket can be reopened',
    );
  }
  const at = ctx.now().toISOString();
  const changes = { status: 'open' as const, reopenCount: ticket.reopenCount + 1, reopenedAt: at };
  const reopened = await ctx.tickets.updateTicket(
    ticket.tenantId,
    ticket.ticketId,
    { ...changes, updatedAt: at },
    ['resolved'],
  );
  if (!reopened) throw new ConflictError('The ticket changed meanwhile; load it again');
  const updated = { ...ticket, ...changes };
  await publishOnce(ctx, [
    ticketEvent(updated, `reopened:${updated.reopenCount}`, DetailType.ticketReopened, at, {
      reopenCount: updated.reopenCount,
      receivedAt: at,
    }),
  ]);
  const current = await ctx.tickets.find(ticketId);
  return { ticket: toAgentTicket(current, ctx.tickets.hotelOf(current.tenantId)) };
}
