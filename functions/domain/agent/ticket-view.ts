import type { ReplyOptions, TicketViewResponse } from '../../../schemas/agent-api';
import type { TemplatesFile } from '../../../schemas/templates';
import type { Ticket } from '../../../schemas/ticket';
import { sendModeFor } from '../outbound/messaging-window';
import { recordAudit } from './audit';
import type { AgentContext } from './context';
import { agentMessagesOf } from './message-view';
import { toAgentTicket, windowOpenUntil } from './views';

/**
 * A ticket with its messages (and their delivery) and how it may be answered right now. The read
 * is recorded in the hotel's audit log (`ticket.messages.read`) once the ticket is found in the
 * caller's scope, before the messages are handed over; a ticket out of scope records nothing and
 * answers exactly as a missing one. Messages with sensitive data show their warning, and their
 * original text only to the `sensitive` grant (`agentMessagesOf`).
 */
export async function viewTicket(ctx: AgentContext, ticketId: string): Promise<TicketViewResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  const messages = await ctx.tickets.listMessages(ticket.tenantId, ticket.ticketId);
  await recordAudit(ctx, ticket.tenantId, 'ticket.messages.read', {
    ticketId: ticket.ticketId,
    guestId: ticket.guestId,
  });
  return {
    ticket: toAgentTicket(ticket, ctx.tickets.hotelOf(ticket.tenantId)),
    messages: await agentMessagesOf(
      ctx,
      ticket,
      messages.sort((a, b) => a.at.localeCompare(b.at)),
    ),
    replyOptions: replyOptionsOf(ticket, ctx.catalogue, ctx.now()),
  };
}

/** What the answer box offers: free text, an approved template only, or nothing. */
export function replyOptionsOf(ticket: Ticket, catalogue: TemplatesFile, now: Date): ReplyOptions {
  const sendMode = sendModeFor(ticket.channel, ticket.lastInboundAt, now, 'human');
  return {
    sendMode,
    freeTextAllowed: sendMode === 'free-text' || sendMode === 'human-agent-tag',
    templateRequired: sendMode === 'whatsapp-template',
    humanAgentTag: sendMode === 'human-agent-tag',
    windowClosesAt: windowOpenUntil(ticket),
    whatsappTemplates:
      ticket.channel === 'whatsapp' ? catalogue.templates.filter((t) => t.whatsapp).map((t) => t.id) : [],
    canReply: ticket.status === 'open' || ticket.status === 'pending-guest',
  };
}
