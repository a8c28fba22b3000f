import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { NotFoundError } from '../errors';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { secondsBetween } from './intake';
import type { TicketStore } from './ports';
import { ticketEvent } from './ticket-event';

export interface AgentActionDeps extends PublishOnceDeps {
  tickets: TicketStore;
}

async function ticketOf(deps: AgentActionDeps, tenantId: string, ticketId: string): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(tenantId, ticketId);
  if (!ticket) throw new NotFoundError('No such ticket');
  return ticket;
}

/** An agent answered: the message joins the ticket and the first answer stops the first-response clock. */
export async function recordAgentReply(
  deps: AgentActionDeps,
  tenantId: string,
  ticketId: string,
  message: Pick<TicketMessage, 'messageId' | 'text' | 'type'>,
): Promise<Ticket> {
  const ticket = await ticketOf(deps, tenantId, ticketId);
  const at = deps.now().toISOString();
  await deps.tickets.appendMessage(tenantId, ticketId, {
    ...message,
    direction: 'outbound',
    author: 'agent',
    channel: ticket.channel,
    at,
  });
  await deps.tickets.updateTicket(tenantId, ticketId, { lastOutboundAt: at, updatedAt: at });
  if (!ticket.firstResponseAt) {
    await deps.tickets.recordFirstResponse(tenantId, ticketId, at, secondsBetween(ticket.lastInboundAt, at));
  }
  return ticketOf(deps, tenantId, ticketId);
}

/** The ticket is resolved: it leaves the queue and its clocks stop. */
export async function resolveTicket(
  deps: AgentActionDeps,
  tenantId: string,
  ticketId: string,
): Promise<Ticket> {
  const ticket = await ticketOf(deps, tenantId, ticketId);
  const at = deps.now().toISOString();
  const resolutionSeconds = secondsBetween(
    ticket.reopenCount > 0 ? ticket.lastInboundAt : ticket.openedAt,
    at,
  );
  const resolved = await deps.tickets.updateTicket(
    tenantId,
    ticketId,
    { status: 'resolved', resolvedAt: at, resolutionSeconds, updatedAt: at },
    ['open', 'pending-guest'],
  );
  if (resolved) {
    await publishOnce(deps, [
      ticketEvent(ticket, `resolved:${ticket.reopenCount}`, DetailType.ticketResolved, at, {
        resolvedAt: at,
        resolutionSeconds,
        ...(ticket.firstResponseSeconds !== undefined && {
          firstResponseSeconds: ticket.firstResponseSeconds,
        }),
        ...(ticket.basket && { basket: ticket.basket }),
      }),
    ]);
  }
  return ticketOf(deps, tenantId, ticketId);
}
