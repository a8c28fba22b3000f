import type { SlaClockName } from '../../../schemas/events';
import type { Ticket } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import type { Hotel } from '../hotels';
import type { PublishableEvent } from '../ingest/normalizer';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import {
  isWithinBusinessHours,
  nextBusinessOpening,
  type SlaPolicy,
  slaDeadlines,
  toWaitTimestamp,
} from '../sla';
import { type FollowUpOrigin, followUpDeadlines, followUpRoute } from '../surveys/follow-ups';
import { combineTriageResults } from '../triage/combine-results';
import type { TriageClassifier } from '../triage/types';
import { outOfHoursGreeting } from './out-of-hours';
import type { TicketStore, WebchatOutbox } from './ports';
import { DEFAULT_ROUTING, routeTicket } from './routing';
import { clockField, reviewClocks } from './sla-clocks';
import { ticketEvent } from './ticket-event';

export interface WorkflowDeps extends PublishOnceDeps {
  tickets: TicketStore;
  classifier: TriageClassifier;
  hotelOf(tenantId: string): Hotel | undefined;
  /** The hotel's SLA policy (scaled for demos by SLA_CLOCK_SPEED). */
  policyOf(tenantId: string): SlaPolicy;
  webchat: WebchatOutbox;
}

export interface TicketRef {
  tenantId: string;
  ticketId: string;
}

/** What the workflow carries from state to state: the ticket and the next deadline to wait for. */
export interface WorkflowPlan extends TicketRef {
  next?: { clock: SlaClockName; dueAt: string };
}

/** How many of the ticket's first guest messages triage reads. */
const TRIAGE_MESSAGES = 3;

/**
 * Triage: classify the guest's first words (once), and set the SLA clocks of this cycle
 * (again after a reopen, from the message that reopened it). A survey's follow-up ticket came
 * triaged and gets its follow-up clocks (a detractor's call-back the same day); once reopened,
 * the guest wrote again and the policy's clocks apply.
 */
export async function triageStep(deps: WorkflowDeps, ref: TicketRef): Promise<TicketRef> {
  const ticket = await loadTicket(deps, ref);
  const now = deps.now().toISOString();
  const followUp = followUpOf(ticket);
  let triaged = ticket;
  if (!ticket.basket && !ticket.origin) {
    const messages = await deps.tickets.listMessages(ref.tenantId, ref.ticketId);
    const firstMessages = messages
      .filter((m) => m.direction === 'inbound' && (m.text || m.sensitive?.triage))
      .slice(0, TRIAGE_MESSAGES);
    const text = firstMessages
      .filter((m) => m.text)
      .map((m) => m.text)
      .join('\n');
    // A text withheld as sensitive was triaged by the intake: this function holds no key to open it.
    const [withheld, ...moreWithheld] = firstMessages.flatMap((m) =>
      !m.text && m.sensitive?.triage ? [m.sensitive.triage] : [],
    );
    const hotelLexicon = deps.hotelOf(ref.tenantId)?.triageLexicon;
    const result =
      text || !withheld
        ? combineTriageResults(
            await deps.classifier.classify(text, hotelLexicon ? { hotelLexicon } : undefined),
            ...(withheld ? [withheld, ...moreWithheld] : []),
          )
        : combineTriageResults(withheld, ...moreWithheld);
    triaged = { ...ticket, ...result, stage: ticket.stage ?? 'pre-stay' };
  }
  if (triaged.sla?.cycle === ticket.reopenCount) return ref;

  const policy = deps.policyOf(ref.tenantId);
  const startsAt = new Date(
    ticket.reopenCount > 0 ? (ticket.reopenedAt ?? ticket.lastInboundAt) : ticket.openedAt,
  );
  const deadlines = followUp
    ? followUpDeadlines(followUp, policy, { channel: ticket.channel, openedAt: startsAt })
    : slaDeadlines(policy, {
        basket: triaged.basket ?? 'support',
        channel: ticket.channel,
        receivedAt: startsAt,
        otaBooking: triaged.topics.includes('ota'),
      });
  const due = (d: Date) => ({ dueAt: toWaitTimestamp(d) });
  const sla: NonNullable<Ticket['sla']> = {
    clock: deadlines.rule.clock,
    cycle: ticket.reopenCount,
    firstResponse: due(deadlines.firstResponseDueAt),
    resolution: due(deadlines.resolutionDueAt),
    ...(deadlines.interimUpdateDueAt && { interimUpdate: due(deadlines.interimUpdateDueAt) }),
  };
  const { basket, intent, language, topics, priority, reputationRisk, stage } = triaged;
  await deps.tickets.updateTicket(ref.tenantId, ref.ticketId, {
    basket,
    intent,
    language,
    topics,
    priority,
    reputationRisk,
    stage,
    // Seed 000: a sales message is a lead until it becomes an offer, a booking or a loss.
    ...(basket === 'sales' && !ticket.leadStage && { leadStage: 'lead' as const }),
    sla,
    // A reopened ticket waits for a new first answer.
    ...(ticket.reopenCount > 0 && {
      firstResponseAt: undefined,
      firstResponseSeconds: undefined,
      resolvedAt: undefined,
    }),
    updatedAt: now,
  });
  await deps.tickets.setQueuePosition(ref.tenantId, ref.ticketId, sla.firstResponse.dueAt);
  // A follow-up's own message already tells the guest what happens next.
  if (ticket.reopenCount === 0 && !ticket.origin)
    await greetOutOfHours(deps, { ...ticket, language }, policy);
  await publishOnce(deps, [
    ticketEvent(ticket, `triaged:${ticket.reopenCount}`, DetailType.ticketTriaged, now, {
      basket: basket ?? 'support',
      intent: intent ?? 'Info',
      language: language ?? 'unknown',
      topics,
      priority: priority ?? 'normal',
      reputationRisk,
      firstResponseDueAt: sla.firstResponse.dueAt,
      resolutionDueAt: sla.resolution.dueAt,
      ...(sla.interimUpdate && { interimUpdateDueAt: sla.interimUpdate.dueAt }),
    }),
  ]);
  return ref;
}

/** A web-chat visitor writing out of hours is told at once when the team will answer. */
async function greetOutOfHours(deps: WorkflowDeps, ticket: Ticket, policy: SlaPolicy) {
  const openedAt = new Date(ticket.openedAt);
  if (
    ticket.channel !== 'webchat' ||
    !ticket.webchatSessionId ||
    isWithinBusinessHours(openedAt, policy.calendar)
  )
    return;
  const text = outOfHoursGreeting(
    ticket.language ?? 'unknown',
    nextBusinessOpening(openedAt, policy.calendar),
    policy.calendar.timeZone,
  );
  const message = { id: `out-of-hours-${ticket.ticketId}`, text, sentAt: deps.now().toISOString() };
  await deps.webchat.post(ticket.tenantId, ticket.webchatSessionId, message);
  await deps.tickets.appendMessage(ticket.tenantId, ticket.ticketId, {
    messageId: message.id,
    direction: 'outbound',
    author: 'system',
    channel: 'webchat',
    type: 'text',
    text,
    at: message.sentAt,
  });
}

/**
 * Assign: the hotel's routing rules choose the owner team; a survey's follow-up goes to the team
 * seed 002 names for it. A reputation risk (a detractor's call-back among them) goes to the
 * supervisor at once, an urgent ticket to the team lead, without waiting for a breach.
 */
export async function assignStep(deps: WorkflowDeps, ref: TicketRef): Promise<WorkflowPlan> {
  const ticket = await loadTicket(deps, ref);
  const now = deps.now();
  const events: PublishableEvent[] = [];
  if (!ticket.ownerTeam) {
    const { team, department, rule } = ticket.origin
      ? followUpRoute(ticket.origin)
      : routeTicket(ticket, deps.hotelOf(ref.tenantId)?.routing ?? DEFAULT_ROUTING);
    await deps.tickets.updateTicket(ref.tenantId, ref.ticketId, {
      ownerTeam: team,
      ...(department && { department }),
      updatedAt: now.toISOString(),
    });
    events.push(
      ticketEvent(ticket, 'assigned', DetailType.ticketAssigned, now.toISOString(), { team, reason: rule }),
    );
  }
  if (ticket.reputationRisk || ticket.origin === 'nps-detractor')
    events.push(...(await escalate(deps, ticket, 2, 'reputation-risk', now)));
  else if (ticket.priority === 'urgent')
    events.push(...(await escalate(deps, ticket, 1, 'very-high-priority', now)));
  await publishOnce(deps, events);
  return planFor(deps, await loadTicket(deps, ref), now);
}

/**
 * Check a deadline the workflow waited for: record each clock met or breached, escalate a
 * breach (first response → team lead, resolution → supervisor) and say what to wait for next.
 */
export async function checkStep(deps: WorkflowDeps, ref: TicketRef): Promise<WorkflowPlan> {
  const ticket = await loadTicket(deps, ref);
  return planFor(deps, ticket, deps.now());
}

async function planFor(deps: WorkflowDeps, ticket: Ticket, now: Date): Promise<WorkflowPlan> {
  const ref = { tenantId: ticket.tenantId, ticketId: ticket.ticketId };
  if (!ticket.sla) return ref;
  const review = reviewClocks(ticket, now, deps.policyOf(ticket.tenantId));
  if (review.decisions.length > 0) {
    const sla = { ...ticket.sla };
    for (const d of review.decisions) {
      sla[clockField(d.clock)] = { dueAt: d.dueAt, outcome: d.outcome, decidedAt: now.toISOString() };
    }
    await deps.tickets.updateTicket(ticket.tenantId, ticket.ticketId, { sla, updatedAt: now.toISOString() });
    const events: PublishableEvent[] = [];
    for (const d of review.decisions.filter((d) => d.outcome === 'breached')) {
      events.push(
        ticketEvent(
          ticket,
          `breached:${ticket.sla.cycle}:${d.clock}`,
          DetailType.slaBreached,
          now.toISOString(),
          {
            clock: d.clock,
            dueAt: d.dueAt,
            ...(ticket.basket && { basket: ticket.basket }),
            ...(ticket.priority && { priority: ticket.priority }),
          },
        ),
      );
      if (d.clock !== 'interim-update') {
        events.push(
          ...(await escalate(deps, ticket, d.clock === 'first-response' ? 1 : 2, 'sla-breach', now)),
        );
      }
    }
    await publishOnce(deps, events);
  }
  if (review.next) await deps.tickets.setQueuePosition(ticket.tenantId, ticket.ticketId, review.next.dueAt);
  return review.next ? { ...ref, next: review.next } : ref;
}

async function escalate(
  deps: WorkflowDeps,
  ticket: Ticket,
  level: 1 | 2,
  reason: 'sla-breach' | 'reputation-risk' | 'very-high-priority',
  now: Date,
): Promise<PublishableEvent[]> {
  const raised = await deps.tickets.raiseEscalation(
    ticket.tenantId,
    ticket.ticketId,
    level,
    now.toISOString(),
  );
  // Already at this level: a staff member raised it (their event is theirs), or this step raised it
  // before and is retried after its publish failed; then publishing again (deduplicated) is safe.
  if (!raised && ticket.escalatedBy) return [];
  return [
    ticketEvent(ticket, `escalated:${level}`, DetailType.ticketEscalated, now.toISOString(), {
      level,
      reason,
      team: level === 1 ? 'team-lead' : 'supervisor',
    }),
  ];
}

/** The follow-up whose clocks this cycle runs on: a survey's ticket before any reopen. */
const followUpOf = (ticket: Ticket): FollowUpOrigin | undefined =>
  ticket.reopenCount === 0 ? ticket.origin : undefined;

async function loadTicket(deps: WorkflowDeps, ref: TicketRef): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(ref.tenantId, ref.ticketId);
  if (!ticket) throw new Error(`Ticket ${ref.ticketId} of ${ref.tenantId} does not exist`);
  return ticket;
}
