import type { TemplatesFile } from '../../../schemas/templates';
import type { Csat, Ticket } from '../../../schemas/ticket';
import { type GuestLanguage, GuestLanguageSchema } from '../../../schemas/triage';
import { MessagingWindowError, ValidationError } from '../errors';
import type { Hotel } from '../hotels';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { type ComposedOutbound, composeOutbound } from '../outbound/compose-outbound';
import { type ConsentReader, consents } from '../privacy/consent';
import { isFinished } from '../tickets/finished';
import type { TicketStore } from '../tickets/ports';
import {
  CSAT_TEMPLATE_ID,
  csatExpireAt,
  csatMessageId,
  csatRecorded,
  csatSendAt,
  isRecorded,
} from './csat-survey';

export interface CsatDeps extends PublishOnceDeps {
  tickets: TicketStore;
  hotelOf(tenantId: string): Hotel | undefined;
  /** The reply templates (`loadTemplates()`): the question is `csat-question`. */
  catalogue: TemplatesFile;
  /** SLA_CLOCK_SPEED: a demo asks and gives up `speed` times sooner. 1 in production. */
  clockSpeed: number;
  /** The guest's profile name, for the greeting; undefined when they gave none. */
  guestNameOf(tenantId: string, guestId: string): Promise<string | undefined>;
  /**
   * The guest's consent decisions: a guest who withdrew `surveys` ("STOP") is not asked. The CSAT
   * question belongs to the conversation the guest started, so it needs no prior grant.
   */
  consent?: ConsentReader;
}

export interface CsatRef {
  tenantId: string;
  ticketId: string;
}

/** What workflows/csat.asl.json carries between states: the survey's cycle and what to wait for next. */
export interface CsatPlan extends CsatRef {
  cycle?: number;
  /** Present when there is a question to ask: the Wait before Send. */
  sendAt?: string;
  /** Present when the question went out: the Wait before Expire. */
  expireAt?: string;
}

/** Why a survey was dropped without asking: the guest wrote again and the ticket was reopened. */
export const REOPENED = 'reopened';
/** Why a survey was dropped without asking: the guest opted out of surveys. */
export const NO_CONSENT = 'no-consent';

/** Greeting when the guest's profile has no name: the template's `{{guestName}}` is required. */
const NAMELESS_GREETING: Record<GuestLanguage, string> = {
  tr: 'değerli misafirimiz',
  en: 'dear guest',
  de: 'lieber Gast',
  ru: 'уважаемый гость',
};

/** A step re-reads the ticket after losing a conditional write; the second read always settles it. */
const ROUNDS = 2;

/**
 * Schedule: the survey of this resolution (cycle = the ticket's reopen count) is due the hotel's
 * `csatDelayMinutes` after it. Ends with no `sendAt` when the ticket was reopened or resolved
 * again since the event; a survey already recorded for the cycle (a retry, a duplicate event)
 * is kept as it is.
 */
export async function scheduleCsat(
  deps: CsatDeps,
  input: CsatRef & { resolvedAt: string },
): Promise<CsatPlan> {
  const ref = { tenantId: input.tenantId, ticketId: input.ticketId };
  const hotel = hotelOf(deps, input.tenantId);
  const sendAt = csatSendAt(input.resolvedAt, hotel.csatDelayMinutes, deps.clockSpeed);
  for (let round = 0; round < ROUNDS; round++) {
    const ticket = await loadTicket(deps, ref);
    if (!resolutionStands(ticket, input.resolvedAt)) return ref;
    const cycle = ticket.reopenCount;
    if (ticket.csat?.cycle === cycle) return { ...ref, cycle, sendAt: ticket.csat.sendAt ?? sendAt };
    if (
      await deps.tickets.updateCsat(
        ref.tenantId,
        ref.ticketId,
        { status: 'scheduled', cycle, sendAt },
        'none',
      )
    )
      return { ...ref, cycle, sendAt };
  }
  throw new Error(`The CSAT survey of ${ref.ticketId} kept changing; the task will be retried`);
}

/**
 * Send: ask the question, unless the ticket was reopened since. The survey moves from `scheduled`
 * to `sent` (or `not-sent` when the platform's window or the ticket does not allow an automated
 * message) before anything goes out, and the message and its send request are then made from
 * the stored survey, so a retry at any point appends and publishes them once.
 */
export async function sendCsat(deps: CsatDeps, input: CsatRef & { cycle: number }): Promise<CsatPlan> {
  const ref = { tenantId: input.tenantId, ticketId: input.ticketId, cycle: input.cycle };
  for (let round = 0; round < ROUNDS; round++) {
    const ticket = await loadTicket(deps, ref);
    const csat = ticket.csat;
    if (!csat || csat.cycle !== input.cycle) return ref;
    switch (csat.status) {
      case 'scheduled':
        await decide(deps, ticket, csat);
        continue;
      case 'sent': {
        const sentAt = csat.sentAt ?? deps.now().toISOString();
        await deliverQuestion(deps, ticket, csat.cycle, new Date(sentAt));
        return { ...ref, expireAt: csatExpireAt(sentAt, deps.clockSpeed) };
      }
      case 'not-sent':
        // A survey dropped for a reopen is not an outcome: the next resolution gets its own.
        if (csat.reason !== REOPENED) await publishRecorded(deps, ticket, csat);
        return ref;
      default:
        return ref;
    }
  }
  throw new Error(`The CSAT survey of ${ref.ticketId} kept changing; the task will be retried`);
}

/**
 * Expire: 48 hours of silence after the question make the survey `no-response`. An answer that
 * arrived first stands; either way the cycle's one CSAT Recorded event is (re)published.
 */
export async function expireCsat(deps: CsatDeps, input: CsatRef & { cycle: number }): Promise<CsatPlan> {
  const ref = { tenantId: input.tenantId, ticketId: input.ticketId, cycle: input.cycle };
  for (let round = 0; round < ROUNDS; round++) {
    const ticket = await loadTicket(deps, ref);
    const csat = ticket.csat;
    if (!csat || csat.cycle !== input.cycle) return ref;
    if (csat.status === 'sent') {
      await deps.tickets.updateCsat(ref.tenantId, ref.ticketId, { ...csat, status: 'no-response' }, ['sent']);
      continue;
    }
    if (csat.status === 'answered' || csat.status === 'no-response')
      await publishRecorded(deps, ticket, csat);
    return ref;
  }
  throw new Error(`The CSAT survey of ${ref.ticketId} kept changing; the task will be retried`);
}

/** Moves a scheduled survey to `sent` or `not-sent`; a lost race is settled by the caller's re-read. */
async function decide(deps: CsatDeps, ticket: Ticket, csat: Csat): Promise<void> {
  const now = deps.now();
  let next: Csat;
  if (!cycleStands(ticket, csat.cycle)) {
    next = { ...csat, status: 'not-sent', reason: REOPENED };
  } else if (await withdrewSurveys(deps, ticket)) {
    next = { ...csat, status: 'not-sent', reason: NO_CONSENT };
  } else {
    const question = await composeQuestion(deps, ticket, csat.cycle, now);
    next =
      'notSent' in question
        ? { ...csat, status: 'not-sent', reason: question.notSent }
        : {
            ...csat,
            status: 'sent',
            sentAt: now.toISOString(),
            messageId: csatMessageId(ticket.ticketId, csat.cycle),
          };
  }
  await deps.tickets.updateCsat(ticket.tenantId, ticket.ticketId, next, ['scheduled']);
}

async function deliverQuestion(deps: CsatDeps, ticket: Ticket, cycle: number, sentAt: Date): Promise<void> {
  const question = await composeQuestion(deps, ticket, cycle, sentAt);
  if ('notSent' in question)
    throw new Error(`The CSAT question of ${ticket.ticketId} can no longer be composed: ${question.notSent}`);
  await deps.tickets.appendMessage(ticket.tenantId, ticket.ticketId, question.message);
  await publishOnce(deps, [question.request]);
}

/**
 * The question in the guest's language, or why it cannot go: `no-language` (triage could not
 * tell it), `window-closed` (Instagram after 24 hours; WhatsApp falls back to the approved
 * `csat_question` template by itself), `no-recipient` (nowhere to send it).
 */
async function composeQuestion(
  deps: CsatDeps,
  ticket: Ticket,
  cycle: number,
  at: Date,
): Promise<ComposedOutbound | { notSent: string }> {
  const language = GuestLanguageSchema.safeParse(ticket.language);
  if (!language.success) return { notSent: 'no-language' };
  const name = (await deps.guestNameOf(ticket.tenantId, ticket.guestId))?.trim();
  try {
    return composeOutbound({
      ticket,
      hotel: hotelOf(deps, ticket.tenantId),
      catalogue: deps.catalogue,
      body: { templateId: CSAT_TEMPLATE_ID, fields: { guestName: name || NAMELESS_GREETING[language.data] } },
      messageId: csatMessageId(ticket.ticketId, cycle),
      now: at,
      sender: { kind: 'system' },
      purpose: 'csat',
    });
  } catch (error) {
    if (error instanceof MessagingWindowError) return { notSent: 'window-closed' };
    if (error instanceof ValidationError && error.path === 'ticketId') return { notSent: 'no-recipient' };
    throw error;
  }
}

/** Whether the guest's latest decision on surveys is a withdrawal (no decision: they may be asked). */
async function withdrewSurveys(deps: CsatDeps, ticket: Ticket): Promise<boolean> {
  if (!deps.consent) return false;
  return !consents(await deps.consent.current(ticket.tenantId, ticket.guestId), 'surveys', true);
}

async function publishRecorded(deps: CsatDeps, ticket: Ticket, csat: Csat): Promise<void> {
  if (!isRecorded(csat)) return;
  await publishOnce(deps, [csatRecorded(ticket, csat, csat.answeredAt ?? deps.now().toISOString())]);
}

/** The resolution the event announced is still the ticket's latest (not reopened, nor resolved again). */
const resolutionStands = (ticket: Ticket, resolvedAt: string) =>
  isFinished(ticket) &&
  ticket.resolvedAt !== undefined &&
  Date.parse(ticket.resolvedAt) === Date.parse(resolvedAt);

/** The ticket is still finished in the cycle the survey was scheduled for (a reopen counts up). */
const cycleStands = (ticket: Ticket, cycle: number) => isFinished(ticket) && ticket.reopenCount === cycle;

function hotelOf(deps: CsatDeps, tenantId: string): Hotel {
  const hotel = deps.hotelOf(tenantId);
  if (!hotel) throw new Error(`No hotel is configured for tenant ${tenantId}`);
  return hotel;
}

async function loadTicket(deps: CsatDeps, ref: CsatRef): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(ref.tenantId, ref.ticketId);
  if (!ticket) throw new Error(`Ticket ${ref.ticketId} of ${ref.tenantId} does not exist`);
  return ticket;
}
