import type { MessageResponse, ReplyRequest } from '../../../schemas/agent-api';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { ConflictError } from '../errors';
import { carriesOffer } from '../templates/render-template';
import type { AgentContext } from './context';
import { hoursAfter, isOpenLead, moveLead, republishLeadStage } from './lead-stage';
import { type AgentMessageBody, queueAgentMessage } from './outbound';
import { isActive } from './views';

/** The ticket message id of a client's message: the same client id is the same message. */
export const replyMessageIdOf = (clientMessageId: string) => `agent-${clientMessageId}`;

/**
 * An agent answers the guest. The window is checked before anything is written; the message is
 * queued once per `clientMessageId` (the same id with another text or template is a conflict);
 * the first answer stops the first-response clock. On a sales ticket an offer template moves a
 * lead to offer-sent, and an open lead goes on the follow-up list.
 */
export async function replyToTicket(
  ctx: AgentContext,
  ticketId: string,
  request: ReplyRequest,
): Promise<MessageResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  if (!isActive(ticket)) throw new ConflictError(`The ticket is ${ticket.status}; reopen it to answer`);
  const { clientMessageId, ...body } = request;
  const message = await queueAgentMessage(ctx, ticket, body, replyMessageIdOf(clientMessageId), 'reply');
  if (ticket.basket === 'sales') await followLead(ctx, ticket, body, message);
  return { message };
}

/**
 * An offer moves the lead on, once per message: a retried reply whose offer already moved it
 * publishes that move again. Any other answer keeps an open lead on the follow-up list, counted
 * from the message, so a retry sets the same deadline.
 */
async function followLead(ctx: AgentContext, ticket: Ticket, body: AgentMessageBody, message: TicketMessage) {
  const occasion = `lead-stage:offer-sent:${message.messageId}`;
  const isOffer = 'templateId' in body && carriesOffer(ctx.catalogue, body.templateId);
  if (isOffer && ticket.leadStage === 'lead') return moveLead(ctx, ticket, 'offer-sent', occasion);
  if (ticket.leadStageChange?.occasion === occasion) return republishLeadStage(ctx, ticket);
  if (isOpenLead(ticket)) {
    const hotel = ctx.tickets.hotelOf(ticket.tenantId);
    await ctx.tickets.setLeadFollowUp(
      ticket.tenantId,
      ticket.ticketId,
      hoursAfter(message.at, hotel.leadFollowUpHours),
    );
  }
}
