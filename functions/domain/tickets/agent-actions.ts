import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { NotFoundError } from '../errors';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { secondsBetween } from './intake';
import type { TicketStore } from './ports';
import { ticketEvent } from './ticket-event';

/** The ticket operations an agent's actions need: the raw store, or the agent API's scoped one. */
export type AgentTicketAccess = Pick<
  TicketStore,
  'getTicket' | 'appendMessage' | 'updateTicket' | 'recordFirstResponse'
>;

export interface AgentActionDeps extends PublishOnceDeps {
  tickets: AgentTicketAccess;
}

async function ticketOf(deps: AgentActionDeps, tenantId: string, ticketId: string): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(tenantId, ticketId);
  if (!ticket) throw new NotFoundError('No such ticket');
  return ticket;
}

/**
 * An agent's message went to the guest at `at`: the first one stops the first-response clock.
 * `lastOutboundAt` never moves back (a retried request carries its first attempt's time).
 */
export async function noteAgentAnswer(deps: AgentActionDeps, ticket: Ticket, at: string): Promise<void> {
  if (!ticket.lastOutboundAt || ticket.lastOutboundAt < at) {
    await deps.tickets.updateTicket(ticket.tenantId, ticket.ticketId, { lastOutboundAt: at, updatedAt: at });
  }
  if (!ticket.firstResponseAt) {
    await deps.tickets.recordFirstResponse(
      ticket.tenantId,
      ticket.ticketId,
      at,
      secondsBetween(ticket.lastInboundAt, at),
    );
  }
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
  await noteAgentAnswer(deps, ticket, at);
  return ticketOf(deps, tenantId, ticketId);
}

/**
 * The ticket is resolved: it leaves the queue and its clocks stop. `closing` (a complaint's
 * fields, the root cause) is written in the same conditional update as the status.
 */
export async function resolveTicket(
  deps: AgentActionDeps,
  tenantId: string,
  ticketId: string,
  closing: Pick<Partial<Ticket>, 'complaint' | 'rootCause'> = {},
): Promise<Ticket> {
  const ticket = await ticketOf(deps, tenantId, ticketId);
  const at = deps.now().toISOString();
  const resolutionSeconds = secondsBetween(
    ticket.reopenCount > 0 ? (ticket.reopenedAt ?? ticket.lastInboundAt) : ticket.openedAt,
    at,
  );
  const resolved = await deps.tickets.updateTicket(
    tenantId,
    ticketId,
    { ...closing, status: 'resolved', resolvedAt: at, resolutionSeconds, updatedAt: at },
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
