import type { OutboundMessageRequested } from '../../../schemas/events';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import type { GuestLanguage } from '../../../schemas/triage';
import { ConflictError } from '../errors';
import type { Hotel } from '../hotels';
import { publishOnce } from '../ingest/publish-once';
import { composeOutbound, type OutboundBody } from '../outbound/compose-outbound';
import type { TemplateFields } from '../templates/render-template';
import { noteAgentAnswer } from '../tickets/agent-actions';
import type { AgentContext } from './context';

/** An agent's answer as the API takes it: free text, or a template with fields and a language. */
export type AgentMessageBody =
  | { text: string }
  | { templateId: string; fields: TemplateFields; language?: GuestLanguage | undefined };

/** Fields every template may use that the ticket already knows; the agent's own values win. */
export const knownFields = (ticket: Ticket, hotel: Hotel): TemplateFields => ({
  ticketNumber: ticket.number,
  hotelName: hotel.name,
});

export function outboundBodyOf(body: AgentMessageBody, ticket: Ticket, hotel: Hotel): OutboundBody {
  if ('text' in body) return { text: body.text };
  return { templateId: body.templateId, fields: { ...knownFields(ticket, hotel), ...body.fields } };
}

/** The ticket as templates see it: an explicit language overrides the triaged one. */
export const inLanguage = (ticket: Ticket, body: AgentMessageBody): Ticket =>
  'templateId' in body && body.language ? { ...ticket, language: body.language } : ticket;

/**
 * Queues an agent's message to the guest under `messageId`, once: it is composed (refused before
 * anything is written when the window forbids it), appended, its send requested, and the answer
 * noted on the ticket. A request that finds the message appended (its own earlier attempt, or a
 * twin a moment ago) sends what the ticket shows: the message composed again at its time and the
 * way it went, so the send request is the same event and is published once. When this request
 * would say something else (another text or template) it is a ConflictError: the id is taken.
 */
export async function queueAgentMessage(
  ctx: AgentContext,
  ticket: Ticket,
  body: AgentMessageBody,
  messageId: string,
  purpose: OutboundMessageRequested['purpose'],
): Promise<TicketMessage> {
  const hotel = ctx.tickets.hotelOf(ticket.tenantId);
  const compose = (now: Date, sentAs?: TicketMessage['sentAs']) =>
    composeOutbound({
      ticket: inLanguage(ticket, body),
      hotel,
      catalogue: ctx.catalogue,
      body: outboundBodyOf(body, ticket, hotel),
      messageId,
      now,
      sender: { kind: 'agent', agentId: ctx.principal.userId },
      purpose,
      ...(sentAs && { sentAs }),
    });
  const stored = async () =>
    (await ctx.tickets.listMessages(ticket.tenantId, ticket.ticketId)).find((m) => m.messageId === messageId);

  let existing = await stored();
  if (!existing) {
    const composed = compose(ctx.now());
    if (await ctx.tickets.appendMessage(ticket.tenantId, ticket.ticketId, composed.message)) {
      await publishOnce(ctx, [composed.request]);
      await noteAgentAnswer(ctx, ticket, composed.message.at);
      return composed.message;
    }
    existing = await stored();
    if (!existing) throw new Error(`Message ${messageId} was appended but cannot be read yet`);
  }

  const sameKind =
    existing.direction === 'outbound' && 'templateId' in body === (existing.templateId !== undefined);
  const again = sameKind ? compose(new Date(existing.at), existing.sentAs) : undefined;
  if (!again || again.message.text !== existing.text || again.message.templateId !== existing.templateId) {
    throw new ConflictError('A message with this id was already queued with another text or template');
  }
  await publishOnce(ctx, [again.request]);
  await noteAgentAnswer(ctx, ticket, existing.at);
  return existing;
}
