import type { MessageResponse, ReplyRequest } from '../../../schemas/agent-api';
import { ConflictError } from '../errors';
import type { AgentContext } from './context';
import { hoursAfter, isOpenLead, moveLead, OFFER_TEMPLATES } from './lead-stage';
import { queueAgentMessage } from './outbound';
import { isActive } from './views';

/** The ticket message id of a client's message: the same client id is the same message. */
export const replyMessageIdOf = (clientMessageId: string) => `agent-${clientMessageId}`;

/**
 * An agent answers the guest. The window is checked before anything is written; the message is
 * queued once per `clientMessageId`; the first answer stops the first-response clock. On a sales
 * ticket an offer template moves a lead to offer-sent, and an open lead goes on the follow-up list.
 */
export async function replyToTicket(
  ctx: AgentContext,
  ticketId: string,
  request: ReplyRequest,
): Promise<MessageResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  if (!isActive(ticket)) throw new ConflictError(`The ticket is ${ticket.status}; reopen it to answer`);
  const { clientMessageId, ...body } = request;
  const messageId = replyMessageIdOf(clientMessageId);
  const message = await queueAgentMessage(ctx, ticket, body, messageId, 'reply');

  if (ticket.basket === 'sales') {
    const isOffer = 'templateId' in body && OFFER_TEMPLATES.has(body.templateId);
    if (isOffer && ticket.leadStage === 'lead') {
      await moveLead(ctx, ticket, 'offer-sent', `lead-stage:offer-sent:${messageId}`);
    } else if (isOpenLead(ticket)) {
      const hotel = ctx.tickets.hotelOf(ticket.tenantId);
      await ctx.tickets.setLeadFollowUp(
        ticket.tenantId,
        ticket.ticketId,
        hoursAfter(ctx.now().toISOString(), hotel.leadFollowUpHours),
      );
    }
  }
  return { message };
}
