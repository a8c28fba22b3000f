import type { Ticket } from '../../../schemas/ticket';
import type { DetailType } from '../../contracts/bus';
import { eventIdOf } from '../ingest/keys';
import type { PublishableEvent } from '../ingest/normalizer';

/** A ticket event, deduplicated per ticket and `occasion`. */
export function ticketEvent<T extends TicketEventType>(
  ticket: Ticket,
  occasion: string,
  detailType: T,
  occurredAt: string,
  fields: TicketEventFields<T>,
): PublishableEvent {
  const dedupeKey = `ticket:${occasion}:${ticket.ticketId}`;
  return {
    dedupeKey,
    event: {
      detailType,
      // The generic parameters tie `fields` to `detailType`; TypeScript cannot see through the spread.
      detail: {
        version: 1,
        eventId: eventIdOf(ticket.tenantId, dedupeKey),
        tenantId: ticket.tenantId,
        ticketId: ticket.ticketId,
        number: ticket.number,
        channel: ticket.channel,
        occurredAt,
        ...fields,
      },
    } as unknown as PublishableEvent['event'],
  };
}

type TicketEventType =
  | typeof DetailType.ticketOpened
  | typeof DetailType.ticketReopened
  | typeof DetailType.ticketTriaged
  | typeof DetailType.ticketAssigned
  | typeof DetailType.slaBreached
  | typeof DetailType.ticketEscalated
  | typeof DetailType.ticketResolved
  | typeof DetailType.outboundMessageRequested
  | typeof DetailType.outboundMessageFailed
  | typeof DetailType.leadStageChanged
  | typeof DetailType.lostOpportunityFlagged
  | typeof DetailType.csatRecorded;

type TicketEventFields<T extends TicketEventType> = Omit<
  Extract<PublishableEvent['event'], { detailType: T }>['detail'],
  'version' | 'eventId' | 'tenantId' | 'ticketId' | 'number' | 'channel' | 'occurredAt'
>;
