import type { OutboundContent, OutboundMessageRequested } from '../../../schemas/events';
import type { TemplatesFile } from '../../../schemas/templates';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { type GuestLanguage, GuestLanguageSchema } from '../../../schemas/triage';
import { DetailType } from '../../contracts/bus';
import { MessagingWindowError, ValidationError } from '../errors';
import type { Hotel } from '../hotels';
import type { PublishableEvent } from '../ingest/normalizer';
import { WHATSAPP_TEXT_LIMIT } from '../templates/lint-templates';
import { findTemplate, renderTemplate, type TemplateFields } from '../templates/render-template';
import { ticketEvent } from '../tickets/ticket-event';
import { type SendMode, sendModeFor, windowClosesAt } from './messaging-window';

/** Instagram's Send API refuses a text over 1000 bytes of UTF-8. */
export const INSTAGRAM_TEXT_MAX_BYTES = 1000;

/** What to say: free text, or a catalogue template with its fields. */
export type OutboundBody = { text: string } | { templateId: string; fields: TemplateFields };

export interface ComposeRequest {
  ticket: Ticket;
  hotel: Hotel;
  catalogue: TemplatesFile;
  body: OutboundBody;
  /** The ticket message id the send is recorded under (stable across retries of the request). */
  messageId: string;
  now: Date;
  /** A person answering (may use Instagram's HUMAN_AGENT tag), or the system (surveys). */
  sender: { kind: 'agent'; agentId: string } | { kind: 'system' };
  purpose: OutboundMessageRequested['purpose'];
  /** The guest's language when the ticket's own is unknown. */
  fallbackLanguage?: GuestLanguage;
  /**
   * How this message went out when it was first composed (a retried request): it goes the same
   * way again, whatever the window says now.
   */
  sentAs?: Exclude<SendMode, 'closed'>;
}

export interface ComposedOutbound {
  /** The ticket message to append, its delivery `queued`. */
  message: TicketMessage;
  /** The event that takes it to the outbound queue. */
  request: PublishableEvent;
}

/**
 * Turns an answer into a ticket message and its send request, or refuses it before anything is
 * queued: outside WhatsApp's 24-hour window only an approved template goes (as that template),
 * Instagram allows a human agent's reply with the HUMAN_AGENT tag up to 7 days, nothing after;
 * a text longer than the platform takes (Instagram 1000 bytes, WhatsApp 4096 characters) is a
 * ValidationError on `text`, or on `templateId` for a template's rendered text.
 */
export function composeOutbound(request: ComposeRequest): ComposedOutbound {
  const { ticket, hotel, catalogue, body, now } = request;
  const mode =
    request.sentAs ??
    sendModeFor(
      ticket.channel,
      ticket.lastInboundAt,
      now,
      request.sender.kind === 'agent' ? 'human' : 'automated',
    );
  const language = languageOf(ticket, request.fallbackLanguage);
  const text = 'text' in body ? body.text : renderTemplate(catalogue, body.templateId, language, body.fields);
  const closedSince = windowClosesAt(ticket.lastInboundAt);

  let content: OutboundContent = { kind: 'text', text };
  if (mode === 'closed') {
    throw new MessagingWindowError(
      `The guest last wrote on ${ticket.lastInboundAt}; Instagram allows no reply after 7 days` +
        (request.sender.kind === 'system' ? ' and no automated message after 24 hours' : ''),
    );
  }
  if (mode === 'whatsapp-template') {
    if (!('templateId' in body)) {
      throw new MessagingWindowError(
        `WhatsApp's 24-hour window closed at ${closedSince}: reply with an approved template (templateId)`,
      );
    }
    const approved = findTemplate(catalogue, body.templateId).whatsapp;
    const languageCode = approved?.languageCodes[language];
    if (!approved || !languageCode) {
      throw new MessagingWindowError(
        `WhatsApp's 24-hour window closed at ${closedSince}: template ${body.templateId} has no ` +
          `approved WhatsApp template in ${language}`,
      );
    }
    const template = findTemplate(catalogue, body.templateId);
    content = {
      kind: 'template',
      name: approved.name,
      languageCode,
      parameters: template.fields.map((name) => ({ name: snakeCase(name), text: body.fields[name] ?? '' })),
      text,
    };
  }

  checkLength(ticket.channel, text, 'text' in body ? 'text' : 'templateId');

  const at = now.toISOString();
  const message: TicketMessage = {
    messageId: request.messageId,
    direction: 'outbound',
    author: request.sender.kind === 'agent' ? 'agent' : 'system',
    channel: ticket.channel,
    type: 'text',
    text,
    at,
    ...(request.sender.kind === 'agent' && { agentId: request.sender.agentId }),
    ...('templateId' in body && { templateId: body.templateId }),
    sentAs: mode,
    delivery: { status: 'queued', updatedAt: at },
  };
  const event = ticketEvent(
    ticket,
    `outbound:${request.messageId}`,
    DetailType.outboundMessageRequested,
    at,
    {
      messageId: request.messageId,
      messageAt: at,
      recipient: recipientOf(ticket, hotel),
      content,
      ...(mode === 'human-agent-tag' && { tag: 'HUMAN_AGENT' as const }),
      purpose: request.purpose,
    },
  );
  return { message, request: event };
}

function checkLength(channel: Ticket['channel'], text: string, path: string): void {
  if (channel === 'instagram') {
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > INSTAGRAM_TEXT_MAX_BYTES) {
      throw new ValidationError(
        path,
        `is ${bytes} bytes of UTF-8; Instagram takes ${INSTAGRAM_TEXT_MAX_BYTES}`,
      );
    }
  }
  if (channel === 'whatsapp' && text.length > WHATSAPP_TEXT_LIMIT) {
    throw new ValidationError(path, `is ${text.length} characters; WhatsApp takes ${WHATSAPP_TEXT_LIMIT}`);
  }
}

/** The guest's language for templates: the ticket's, else the fallback, else English. */
export function languageOf(ticket: Ticket, fallback: GuestLanguage = 'en'): GuestLanguage {
  const parsed = GuestLanguageSchema.safeParse(ticket.language);
  return parsed.success ? parsed.data : fallback;
}

function recipientOf(ticket: Ticket, hotel: Hotel): OutboundMessageRequested['recipient'] {
  switch (ticket.channel) {
    case 'webchat':
      if (!ticket.webchatSessionId)
        throw new ValidationError('ticketId', 'the ticket has no web-chat session');
      return { kind: 'webchat', sessionId: ticket.webchatSessionId };
    case 'whatsapp': {
      const phoneNumberId = hotel.channels.whatsapp?.phoneNumberId;
      if (!phoneNumberId || !ticket.recipientId)
        throw new ValidationError('ticketId', `${hotel.tenantId} has no WhatsApp number to answer from`);
      return { kind: 'whatsapp', waId: ticket.recipientId, phoneNumberId };
    }
    case 'instagram': {
      const accountId = hotel.channels.instagram?.accountId;
      if (!accountId || !ticket.recipientId)
        throw new ValidationError('ticketId', `${hotel.tenantId} has no Instagram account to answer from`);
      return { kind: 'instagram', igsid: ticket.recipientId, accountId };
    }
  }
}

/** WhatsApp named template parameters are lower case with underscores: guestName → guest_name. */
export const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
