import type { Ticket } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { NotFoundError } from '../errors';
import type { PublishableEvent } from '../ingest/normalizer';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { secondsBetween } from './intake';
import type { TicketStore } from './ports';
import { ticketEvent } from './ticket-event';

/** The ticket operations an agent's actions need: the raw store, or the agent API's scoped one. */
export type AgentTicketAccess = Pick<
  TicketStore,
  'getTicket' | 'appendMessage' | 'updateTicket' | 'recordFirstResponse' | 'recordOutbound'
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
  await deps.tickets.recordOutbound(ticket.tenantId, ticket.ticketId, at);
  if (!ticket.firstResponseAt) {
    await deps.tickets.recordFirstResponse(
      ticket.tenantId,
      ticket.ticketId,
      at,
      secondsBetween(ticket.lastInboundAt, at),
    );
  }
}

/**
 * The ticket is resolved: it leaves the queue and its clocks stop. `closing` (a complaint's
 * fields, the root cause) is written in the same conditional update as the status. Ticket
 * Resolved is published from the stored resolution, whoever wrote it (this call, an earlier
 * attempt whose publishing failed, a concurrent request): the same event, once.
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
  await deps.tickets.updateTicket(
    tenantId,
    ticketId,
    { ...closing, status: 'resolved', resolvedAt: at, resolutionSeconds, updatedAt: at },
    ['open', 'pending-guest'],
  );
  const current = await ticketOf(deps, tenantId, ticketId);
  if (current.status === 'resolved' && current.reopenCount === ticket.reopenCount) {
    await publishOnce(deps, [ticketResolved(current)]);
  }
  return current;
}

/** Ticket Resolved of a resolved ticket's current cycle, built from what is stored. */
export function ticketResolved(ticket: Ticket): PublishableEvent {
  const resolvedAt = ticket.resolvedAt ?? ticket.updatedAt;
  return ticketEvent(ticket, `resolved:${ticket.reopenCount}`, DetailType.ticketResolved, resolvedAt, {
    resolvedAt,
    resolutionSeconds: ticket.resolutionSeconds ?? 0,
    ...(ticket.firstResponseSeconds !== undefined && { firstResponseSeconds: ticket.firstResponseSeconds }),
    ...(ticket.basket && { basket: ticket.basket }),
  });
}
