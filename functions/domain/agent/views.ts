import type { AgentTicket, Deadline, HotelRef, QueueItem } from '../../../schemas/agent-api';
import type { Ticket } from '../../../schemas/ticket';
import type { Hotel } from '../hotels';
import { windowClosesAt } from '../outbound/messaging-window';

/** Still being worked on: answers, assignments and escalations apply. */
export const isActive = (ticket: Ticket) => ticket.status === 'open' || ticket.status === 'pending-guest';

export const hotelRefOf = (hotel: Hotel): HotelRef => ({
  tenantId: hotel.tenantId,
  hotelCode: hotel.hotelCode,
  name: hotel.name,
});

/** The ticket without the guest's platform addresses and the table's internal keys. */
export function toAgentTicket(ticket: Ticket, hotel: Hotel): AgentTicket {
  const { recipientId, conversationKey, webchatSessionId, queueKey, ...visible } = ticket;
  return { ...visible, hotel: hotelRefOf(hotel) };
}

const CLOCKS = [
  ['firstResponse', 'first-response'],
  ['interimUpdate', 'interim-update'],
  ['resolution', 'resolution'],
] as const;

/** The earliest SLA deadline still running, if any. */
export function nearestDeadline(ticket: Ticket): Deadline | undefined {
  const sla = ticket.sla;
  if (!sla || ticket.status === 'resolved' || ticket.status === 'closed') return undefined;
  let nearest: Deadline | undefined;
  for (const [field, clock] of CLOCKS) {
    const state = sla[field];
    if (!state || state.outcome) continue;
    if (!nearest || Date.parse(state.dueAt) < Date.parse(nearest.dueAt))
      nearest = { clock, dueAt: state.dueAt };
  }
  return nearest;
}

/** When free text stops being allowed; web chat has no platform window. */
export const windowOpenUntil = (ticket: Ticket): string | null =>
  ticket.channel === 'webchat' ? null : windowClosesAt(ticket.lastInboundAt);

/** One queue line: what an agent needs to pick the next ticket, and no message text. */
export function toQueueItem(ticket: Ticket, hotel: Hotel): QueueItem {
  const deadline = nearestDeadline(ticket);
  return {
    ticketId: ticket.ticketId,
    number: ticket.number,
    hotel: hotelRefOf(hotel),
    channel: ticket.channel,
    status: ticket.status,
    topics: ticket.topics,
    openedAt: ticket.openedAt,
    lastInboundAt: ticket.lastInboundAt,
    windowOpenUntil: windowOpenUntil(ticket),
    escalationLevel: ticket.escalationLevel,
    reputationRisk: ticket.reputationRisk,
    tags: ticket.tags,
    ...(ticket.basket && { basket: ticket.basket }),
    ...(ticket.priority && { priority: ticket.priority }),
    ...(ticket.language && { language: ticket.language }),
    ...(ticket.ownerTeam && { team: ticket.ownerTeam }),
    ...(ticket.department && { department: ticket.department }),
    ...(ticket.assignee && { assignee: ticket.assignee }),
    ...(deadline && { nearestDeadline: deadline }),
    ...(ticket.leadStage && { leadStage: ticket.leadStage }),
  };
}
