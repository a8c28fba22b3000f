import { DetailType } from '../../contracts/bus';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import type { TicketStore } from '../tickets/ports';
import { ticketEvent } from '../tickets/ticket-event';
import type { DeliveryError } from './ports';

export interface OutboundFailedDeps extends PublishOnceDeps {
  tickets: Pick<TicketStore, 'getTicket'>;
}

/**
 * Publishes `Outbound Message Failed` for a ticket message, once however often it is called:
 * the sender's refusal, a later `failed` status and their retries all share one occasion.
 */
export async function publishOutboundFailed(
  deps: OutboundFailedDeps,
  ref: { tenantId: string; ticketId: string; messageId: string },
  error: DeliveryError,
  failedAt: string,
): Promise<void> {
  const ticket = await deps.tickets.getTicket(ref.tenantId, ref.ticketId);
  if (!ticket) throw new Error(`Ticket ${ref.ticketId} is missing; the failure is reported on retry`);
  await publishOnce(deps, [
    ticketEvent(ticket, `outbound-failed:${ref.messageId}`, DetailType.outboundMessageFailed, failedAt, {
      messageId: ref.messageId,
      code: error.code,
      title: error.title,
      failedAt,
    }),
  ]);
}
