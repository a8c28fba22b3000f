import type { MessageResponse, NoteRequest } from '../../../schemas/agent-api';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { isFinished } from '../tickets/finished';
import type { AgentContext } from './context';

/** An internal note: on the ticket for staff, never sent to the guest. */
export async function addNote(
  ctx: AgentContext,
  ticketId: string,
  request: NoteRequest,
): Promise<MessageResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  return { message: await appendInternal(ctx, ticket, request.text, 'note') };
}

/** Appends a staff-only message (`note`, `escalation`, `closing-not-sent`) by the caller. */
export async function appendInternal(
  ctx: AgentContext,
  ticket: Ticket,
  text: string,
  type: string,
  messageId = `note-${ctx.newId()}`,
): Promise<TicketMessage> {
  const message: TicketMessage = {
    messageId,
    direction: 'internal',
    author: 'agent',
    channel: ticket.channel,
    type,
    text,
    at: ctx.now().toISOString(),
    agentId: ctx.principal.userId,
  };
  await ctx.tickets.appendMessage(ticket.tenantId, ticket.ticketId, message);
  if (isFinished(ticket)) await ctx.tickets.relistWords(ticket.tenantId, ticket.ticketId, message.at);
  return message;
}
