import type { ResolveRequest, ResolveResponse } from '../../../schemas/agent-api';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { ConflictError, ValidationError } from '../errors';
import { publishOnce } from '../ingest/publish-once';
import { languageOf } from '../outbound/compose-outbound';
import { sendModeFor } from '../outbound/messaging-window';
import { renderTemplate } from '../templates/render-template';
import { resolveTicket as markResolved, ticketResolved } from '../tickets/agent-actions';
import type { AgentContext } from './context';
import { appendInternal } from './notes';
import { type AgentMessageBody, inLanguage, knownFields, queueAgentMessage } from './outbound';
import { isActive, toAgentTicket } from './views';

/** One closing message per resolution: a retried resolve sends it once. */
const closingMessageIdOf = (ticket: Ticket) => `closing-${ticket.reopenCount}`;

/**
 * Resolves a ticket with a closing message to the guest (seed 001: solution + thanks + next step).
 * A complaint also needs what happened, its impact, what the guest expected, and a root cause.
 *
 * When the messaging window refuses the closing message, nothing changes and the answer is 422:
 * on WhatsApp after 24 hours only a template with an approved WhatsApp template goes
 * (`closing-message`). Only when no message may reach the guest at all (Instagram, 7 days after
 * their last message) is the closing text kept as an internal note and the ticket resolved
 * without sending, so that such tickets can still leave the queue.
 *
 * Resolving is idempotent: a ticket already resolved in its current cycle (by an earlier attempt
 * of this request whose publishing failed, or by another request; they cannot be told apart)
 * answers as it is, with the closing message that went, and Ticket Resolved is published again
 * (once). The closing was requested before the ticket was marked resolved, so it went already.
 */
export async function resolveTicket(
  ctx: AgentContext,
  ticketId: string,
  request: ResolveRequest,
): Promise<ResolveResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  if (ticket.basket === 'complaint') {
    if (!request.complaint)
      throw new ValidationError('complaint', 'a complaint is closed with its event, impact and expectation');
    if (!request.rootCause)
      throw new ValidationError('rootCause', 'a complaint is closed with its root cause');
  }
  if (ticket.status === 'resolved') return alreadyResolved(ctx, ticket);
  if (!isActive(ticket)) throw new ConflictError(`The ticket is already ${ticket.status}`);

  const closingSent = sendModeFor(ticket.channel, ticket.lastInboundAt, ctx.now(), 'human') !== 'closed';
  const closingMessage = closingSent
    ? await queueAgentMessage(ctx, ticket, request.closing, closingMessageIdOf(ticket), 'closing')
    : await keepUnsendableClosing(ctx, ticket, request.closing);

  const resolved = await markResolved(ctx, ticket.tenantId, ticket.ticketId, {
    ...(request.complaint && { complaint: request.complaint }),
    ...(request.rootCause && { rootCause: request.rootCause }),
  });
  return {
    ticket: toAgentTicket(resolved, ctx.tickets.hotelOf(resolved.tenantId)),
    closingMessage,
    closingSent,
  };
}

async function alreadyResolved(ctx: AgentContext, ticket: Ticket): Promise<ResolveResponse> {
  const closingMessage = (await ctx.tickets.listMessages(ticket.tenantId, ticket.ticketId)).find(
    (m) => m.messageId === closingMessageIdOf(ticket),
  );
  if (!closingMessage) throw new ConflictError('The ticket was resolved without a closing message');
  await publishOnce(ctx, [ticketResolved(ticket)]);
  return {
    ticket: toAgentTicket(ticket, ctx.tickets.hotelOf(ticket.tenantId)),
    closingMessage,
    closingSent: closingMessage.direction === 'outbound',
  };
}

async function keepUnsendableClosing(
  ctx: AgentContext,
  ticket: Ticket,
  closing: AgentMessageBody,
): Promise<TicketMessage> {
  const hotel = ctx.tickets.hotelOf(ticket.tenantId);
  const text =
    'text' in closing
      ? closing.text
      : renderTemplate(ctx.catalogue, closing.templateId, languageOf(inLanguage(ticket, closing)), {
          ...knownFields(ticket, hotel),
          ...closing.fields,
        });
  return appendInternal(ctx, ticket, text, 'closing-not-sent', closingMessageIdOf(ticket));
}
