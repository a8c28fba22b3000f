import type { OutboundMessageRequested } from '../../../schemas/events';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import type { GuestLanguage } from '../../../schemas/triage';
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
 * noted on the ticket. A retry finds the message appended and composes it again at its original
 * time, so the send request is the same event and is published once.
 */
export async function queueAgentMessage(
  ctx: AgentContext,
  ticket: Ticket,
  body: AgentMessageBody,
  messageId: string,
  purpose: OutboundMessageRequested['purpose'],
): Promise<TicketMessage> {
  const hotel = ctx.tickets.hotelOf(ticket.tenantId);
  const stored = async () =>
    (await ctx.tickets.listMessages(ticket.tenantId, ticket.ticketId)).find((m) => m.messageId === messageId);
  const compose = (now: Date) =>
    composeOutbound({
      ticket: inLanguage(ticket, body),
      hotel,
      catalogue: ctx.catalogue,
      body: outboundBodyOf(body, ticket, hotel),
      messageId,
      now,
      sender: { kind: 'agent', agentId: ctx.principal.userId },
      purpose,
    });

  let existing = await stored();
  let composed = compose(existing ? new Date(existing.at) : ctx.now());
  if (!(await ctx.tickets.appendMessage(ticket.tenantId, ticket.ticketId, composed.message)) && !existing) {
    // The same request ran at the same time and appended first: send what it appended.
    existing = await stored();
    if (existing) composed = compose(new Date(existing.at));
  }
  await publishOnce(ctx, [composed.request]);
  await noteAgentAnswer(ctx, ticket, composed.message.at);
  return existing ?? composed.message;
}
