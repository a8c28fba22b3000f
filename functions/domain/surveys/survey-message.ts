import {
  type OutboundChannel,
  type OutboundContent,
  type OutboundMessageRequested,
  surveyThreadId,
} from '../../../schemas/events';
import type { Survey, SurveyChannel } from '../../../schemas/surveys';
import type { TemplatesFile } from '../../../schemas/templates';
import type { TicketMessage } from '../../../schemas/ticket';
import type { GuestLanguage } from '../../../schemas/triage';
import { DetailType } from '../../contracts/bus';
import type { PublishableEvent } from '../ingest/normalizer';
import { snakeCase } from '../outbound/compose-outbound';
import { findTemplate, renderTemplate, type TemplateFields } from '../templates/render-template';
import type { SurveyRoute, SurveySendMode } from './survey-channel';
import { surveyEventIds } from './survey-events';

/** A message on a survey's thread: a ticket message whose channel may also be e-mail or SMS. */
export type SurveyThreadMessage = Omit<TicketMessage, 'channel'> & { channel: SurveyChannel };

/**
 * The messages of surveys, kept like a ticket's under the thread id `survey:<surveyId>`, so the
 * sender's outbound store claims and updates their delivery as it does a ticket message's.
 */
export interface SurveyThread {
  /** Appends once per message id; false when it was appended before. */
  append(tenantId: string, threadId: string, message: SurveyThreadMessage): Promise<boolean>;
  /** The message recorded under `messageId` at `at` (part of its key), if there is one. */
  get(
    tenantId: string,
    threadId: string,
    at: string,
    messageId: string,
  ): Promise<SurveyThreadMessage | undefined>;
}

export type SurveyPurpose = 'nps' | 'nps-review';

/** What a survey message is: the question, or a promoter's review invitation. */
export const SURVEY_TEMPLATES: Record<SurveyPurpose, string> = {
  nps: 'nps-question',
  'nps-review': 'nps-promoter-review',
};

/** The subject of an e-mail survey message, by purpose and language (the templates hold bodies only). */
const SUBJECTS: Record<SurveyPurpose, Record<GuestLanguage, (hotelName: string) => string>> = {
  nps: {
    tr: (hotel) => `${hotel}: konaklamanız hakkında tek bir soru`,
    en: (hotel) => `${hotel}: one question about your stay`,
    de: (hotel) => `${hotel}: eine Frage zu Ihrem Aufenthalt`,
    ru: (hotel) => `${hotel}: один вопрос о Вашем отдыхе`,
  },
  'nps-review': {
    tr: (hotel) => `${hotel}: puanınız için teşekkürler`,
    en: (hotel) => `${hotel}: thank you for your score`,
    de: (hotel) => `${hotel}: vielen Dank für Ihre Bewertung`,
    ru: (hotel) => `${hotel}: спасибо за Вашу оценку`,
  },
};

/** The thread message ids: one question and at most one invitation per survey, the same on every retry. */
export const surveyMessageId = (purpose: SurveyPurpose, surveyId: string) => `${purpose}-${surveyId}`;

/** How a recorded message went out, so a retry sends it the same way. */
export function modeOf(message: SurveyThreadMessage): SurveySendMode {
  if (message.channel === 'email' || message.channel === 'sms') return message.channel;
  return message.sentAs === 'whatsapp-template' ? 'whatsapp-template' : 'free-text';
}

export interface SurveyMessageRequest {
  survey: Survey;
  hotelName: string;
  catalogue: TemplatesFile;
  purpose: SurveyPurpose;
  /** The template's fields (`guestName`, `hotelName`, `reviewLink`…). */
  fields: TemplateFields;
  route: SurveyRoute;
  /** When the message is recorded: part of its key, the same on every retry. */
  at: string;
}

export interface ComposedSurveyMessage {
  /** The thread message to append, its delivery `queued`. */
  message: SurveyThreadMessage;
  /** The Outbound Message Requested event that takes it to the sender, once. */
  request: PublishableEvent;
}

/**
 * A survey's message in the survey's language, as the route allows it: free text, the approved
 * WhatsApp template with its named parameters, or an e-mail with its subject, or an SMS.
 */
export function composeSurveyMessage(request: SurveyMessageRequest): ComposedSurveyMessage {
  const { survey, catalogue, purpose, fields, route, at } = request;
  const templateId = SURVEY_TEMPLATES[purpose];
  const text = renderTemplate(catalogue, templateId, survey.language, fields);
  return surveyThreadOutbound(survey, {
    messageId: surveyMessageId(purpose, survey.surveyId),
    templateId,
    text,
    at,
    channel: route.channel,
    recipient: route.recipient,
    ...(route.mode === 'free-text' || route.mode === 'whatsapp-template' ? { sentAs: route.mode } : {}),
    content: contentOf(request, templateId, text),
    ...(route.mode === 'email' && { subject: SUBJECTS[purpose][survey.language](request.hotelName) }),
    purpose,
  });
}

/** A system message on a survey's thread, and the request that takes it to the sender once. */
export interface SurveyThreadOutbound {
  messageId: string;
  templateId: string;
  text: string;
  at: string;
  channel: SurveyChannel;
  recipient: OutboundMessageRequested['recipient'];
  sentAs?: 'free-text' | 'whatsapp-template';
  content: OutboundContent;
  subject?: string;
  purpose: OutboundMessageRequested['purpose'];
}

/** The queued thread message and its Outbound Message Requested event, keyed by the message id. */
export function surveyThreadOutbound(survey: Survey, outbound: SurveyThreadOutbound): ComposedSurveyMessage {
  const { messageId, templateId, text, at, channel, sentAs } = outbound;
  const message: SurveyThreadMessage = {
    messageId,
    direction: 'outbound',
    author: 'system',
    channel,
    type: 'text',
    text,
    at,
    templateId,
    ...(sentAs && { sentAs }),
    delivery: { status: 'queued', updatedAt: at },
  };
  const { dedupeKey, eventId } = surveyEventIds(survey, `outbound:${messageId}`);
  return {
    message,
    request: {
      dedupeKey,
      event: {
        detailType: DetailType.outboundMessageRequested,
        detail: {
          version: 1,
          eventId,
          tenantId: survey.tenantId,
          ticketId: surveyThreadId(survey.surveyId),
          number: survey.surveyId,
          channel,
          occurredAt: at,
          surveyId: survey.surveyId,
          messageId,
          messageAt: at,
          recipient: outbound.recipient,
          content: outbound.content,
          ...(outbound.subject && { subject: outbound.subject }),
          purpose: outbound.purpose,
        },
      },
    },
  };
}

function contentOf(request: SurveyMessageRequest, templateId: string, text: string): OutboundContent {
  if (request.route.mode !== 'whatsapp-template') return { kind: 'text', text };
  const template = findTemplate(request.catalogue, templateId);
  const languageCode = template.whatsapp?.languageCodes[request.survey.language];
  if (!template.whatsapp || !languageCode) {
    throw new Error(`Template ${templateId} has no approved WhatsApp template in ${request.survey.language}`);
  }
  return {
    kind: 'template',
    name: template.whatsapp.name,
    languageCode,
    parameters: template.fields.map((name) => ({ name: snakeCase(name), text: request.fields[name] ?? '' })),
    text,
  };
}

/** The survey message a send failure is about. */
export interface SurveyMessageRef {
  tenantId: string;
  surveyId: string;
  messageId: string;
  channel: OutboundChannel;
}

/**
 * Outbound Message Failed for a survey's message, which has no ticket to take the record number
 * and channel from: one per message however often the failure is reported, like a ticket's.
 */
export function surveyOutboundFailed(
  ref: SurveyMessageRef,
  error: { code: string; title: string },
  failedAt: string,
): PublishableEvent {
  const { dedupeKey, eventId } = surveyEventIds(ref, `outbound-failed:${ref.messageId}`);
  return {
    dedupeKey,
    event: {
      detailType: DetailType.outboundMessageFailed,
      detail: {
        version: 1,
        eventId,
        tenantId: ref.tenantId,
        ticketId: surveyThreadId(ref.surveyId),
        number: ref.surveyId,
        channel: ref.channel,
        occurredAt: failedAt,
        surveyId: ref.surveyId,
        messageId: ref.messageId,
        code: error.code,
        title: error.title,
        failedAt,
      },
    },
  };
}
