import {
  type GuestMessageReceived,
  type OutboundMessageRequested,
  surveyThreadId,
} from '../../../schemas/events';
import type { Survey } from '../../../schemas/surveys';
import type { TemplatesFile } from '../../../schemas/templates';
import type { Ticket } from '../../../schemas/ticket';
import type { GuestLanguage } from '../../../schemas/triage';
import type { Hotel } from '../hotels';
import { type ComposedOutbound, composeOutbound } from '../outbound/compose-outbound';
import { surveyThreadOutbound } from '../surveys/survey-message';
import { renderTemplate } from '../templates/render-template';

/** The catalogue template that confirms an opt-out (`{{hotelName}}`). */
export const OPT_OUT_CONFIRMATION_TEMPLATE_ID = 'privacy-opt-out-confirmation';

/** The confirmation's message id: one per opt-out message, the same on every redelivery. */
export const optOutConfirmationId = (guestMessageId: string) => `opt-out-${guestMessageId}`;

/** Where the opt-out message landed: a ticket of the conversation, or the survey the guest was answering. */
export type OptOutHolder = { kind: 'ticket'; ticket: Ticket } | { kind: 'survey'; survey: Survey };

/** The holder's thread id (a ticket id, or `survey:<surveyId>`). */
export const holderIdOf = (holder: OptOutHolder): string =>
  holder.kind === 'ticket' ? holder.ticket.ticketId : surveyThreadId(holder.survey.surveyId);

export interface OptOutConfirmationRequest {
  holder: OptOutHolder;
  /** The guest's opt-out message. */
  event: GuestMessageReceived;
  hotel: Hotel;
  catalogue: TemplatesFile;
  /** The language of the opt-out's words, when they tell it ("dur": Turkish; "STOP": not). */
  language?: GuestLanguage;
}

/**
 * The confirmation of an opt-out, sent back where the guest wrote, in the language of their words,
 * else the ticket's or the survey's (English when nothing tells). It is recorded a millisecond
 * after the guest's message was received, so it follows it in the transcript and a redelivery
 * composes the very same message and request. The guest has just written, so it goes as free text.
 * Throws what `composeOutbound` throws (MessagingWindowError, ValidationError) on a ticket.
 */
export function composeOptOutConfirmation(request: OptOutConfirmationRequest): ComposedOutbound {
  const { holder, event, hotel, catalogue, language } = request;
  const at = new Date(Date.parse(event.receivedAt) + 1);
  const messageId = optOutConfirmationId(event.message.id);
  const fields = { hotelName: hotel.name };
  if (holder.kind === 'ticket') {
    const { ticket } = holder;
    return composeOutbound({
      ticket: {
        ...ticket,
        lastInboundAt:
          Date.parse(ticket.lastInboundAt) > Date.parse(event.receivedAt)
            ? ticket.lastInboundAt
            : event.receivedAt,
        ...(language && { language }),
      },
      hotel,
      catalogue,
      body: { templateId: OPT_OUT_CONFIRMATION_TEMPLATE_ID, fields },
      messageId,
      now: at,
      sender: { kind: 'system' },
      purpose: 'privacy',
    });
  }

  const { survey } = holder;
  const text = renderTemplate(
    catalogue,
    OPT_OUT_CONFIRMATION_TEMPLATE_ID,
    language ?? survey.language,
    fields,
  );
  const { message, request: outbound } = surveyThreadOutbound(survey, {
    messageId,
    templateId: OPT_OUT_CONFIRMATION_TEMPLATE_ID,
    text,
    at: at.toISOString(),
    channel: event.channel,
    recipient: replyRecipientOf(event),
    sentAs: 'free-text',
    content: { kind: 'text', text },
    purpose: 'privacy',
  });
  // On the channel the guest wrote from: a ticket message's, never e-mail or SMS.
  return { message: { ...message, channel: event.channel }, request: outbound };
}

/** The guest who wrote, reached from the hotel account they wrote to. */
function replyRecipientOf(event: GuestMessageReceived): OutboundMessageRequested['recipient'] {
  const { platform, guest } = event;
  switch (platform.kind) {
    case 'whatsapp':
      return { kind: 'whatsapp', waId: guest.platformId, phoneNumberId: platform.phoneNumberId };
    case 'instagram':
      return { kind: 'instagram', igsid: guest.platformId, accountId: platform.accountId };
    case 'webchat':
      return { kind: 'webchat', sessionId: platform.sessionId };
  }
}
