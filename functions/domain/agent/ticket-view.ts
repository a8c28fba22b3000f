import type { ReplyOptions, TicketViewResponse } from '../../../schemas/agent-api';
import type { TemplatesFile } from '../../../schemas/templates';
import type { Ticket } from '../../../schemas/ticket';
import { sendModeFor } from '../outbound/messaging-window';
import type { AgentContext } from './context';
import { toAgentTicket, windowOpenUntil } from './views';

/** A ticket with its messages (and their delivery) and how it may be answered right now. */
export async function viewTicket(ctx: AgentContext, ticketId: string): Promise<TicketViewResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  const messages = await ctx.tickets.listMessages(ticket.tenantId, ticket.ticketId);
  return {
    ticket: toAgentTicket(ticket, ctx.tickets.hotelOf(ticket.tenantId)),
    messages: messages.sort((a, b) => a.at.localeCompare(b.at)),
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
