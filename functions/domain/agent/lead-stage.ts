import type { LeadStageRequest, TicketResponse } from '../../../schemas/agent-api';
import type { LeadStage, Ticket } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { ConflictError } from '../errors';
import { publishOnce } from '../ingest/publish-once';
import { ticketEvent } from '../tickets/ticket-event';
import type { AgentContext } from './context';
import { toAgentTicket } from './views';

/**
 * Seed 000's funnel: lead → offer-sent → booked or lost. A booking may still fall through
 * (booked → lost) and a lost lead may still book (lost → booked); nothing goes back to an offer.
 */
const NEXT_STAGES: Record<LeadStage, readonly LeadStage[]> = {
  lead: ['offer-sent', 'booked', 'lost'],
  'offer-sent': ['booked', 'lost'],
  booked: ['lost'],
  lost: ['booked'],
};

/** The replies that carry an offer: sending one moves a lead to offer-sent. */
export const OFFER_TEMPLATES: ReadonlySet<string> = new Set([
  'price-availability-offer',
  'room-difference',
  'no-availability-alternatives',
  'package-campaign',
  'quote-follow-up',
]);

export const isOpenLead = (ticket: Ticket) =>
  ticket.basket === 'sales' && (ticket.leadStage === 'lead' || ticket.leadStage === 'offer-sent');

export const hoursAfter = (at: string, hours: number) =>
  new Date(Date.parse(at) + hours * 3_600_000).toISOString();

/** An agent moves a sales ticket along the funnel. */
export async function setLeadStage(
  ctx: AgentContext,
  ticketId: string,
  request: LeadStageRequest,
): Promise<TicketResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  if (ticket.basket !== 'sales') throw new ConflictError('Only a sales ticket is a lead');
  const from = ticket.leadStage ?? 'lead';
  if (!NEXT_STAGES[from].includes(request.stage)) {
    throw new ConflictError(`A lead at ${from} cannot move to ${request.stage}`);
  }
  const at = ctx.now().toISOString();
  await moveLead(ctx, ticket, request.stage, `lead-stage:${request.stage}:${at}`, request.lostReason);
  const updated = await ctx.tickets.find(ticketId);
  return { ticket: toAgentTicket(updated, ctx.tickets.hotelOf(updated.tenantId)) };
}

/**
 * Moves the lead and publishes Lead Stage Changed once per `occasion`. An offer puts it on the
 * follow-up list (past the hotel's follow-up hours it is a lost opportunity); booked and lost
 * take it off.
 */
export async function moveLead(
  ctx: AgentContext,
  ticket: Ticket,
  stage: LeadStage,
  occasion: string,
  lostReason?: string,
): Promise<void> {
  const at = ctx.now().toISOString();
  const hotel = ctx.tickets.hotelOf(ticket.tenantId);
  await ctx.tickets.updateTicket(ticket.tenantId, ticket.ticketId, {
    leadStage: stage,
    lostReason: stage === 'lost' ? lostReason : undefined,
    updatedAt: at,
  });
  await ctx.tickets.setLeadFollowUp(
    ticket.tenantId,
    ticket.ticketId,
    stage === 'lead' || stage === 'offer-sent' ? hoursAfter(at, hotel.leadFollowUpHours) : undefined,
  );
  await publishOnce(ctx, [
    ticketEvent(ticket, occasion, DetailType.leadStageChanged, at, {
      leadStage: stage,
      ...(ticket.leadStage && { previousStage: ticket.leadStage }),
      ...(stage === 'lost' && lostReason && { lostReason }),
      agentId: ctx.principal.userId,
    }),
  ]);
}
