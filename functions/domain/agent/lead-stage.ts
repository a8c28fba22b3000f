import type { LeadStageRequest, TicketResponse } from '../../../schemas/agent-api';
import type { LeadStage, LeadStageChange, Ticket } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { ConflictError } from '../errors';
import { publishOnce } from '../ingest/publish-once';
import { isFinished } from '../tickets/finished';
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

export const isOpenLead = (ticket: Ticket) =>
  ticket.basket === 'sales' && (ticket.leadStage === 'lead' || ticket.leadStage === 'offer-sent');

export const hoursAfter = (at: string, hours: number) =>
  new Date(Date.parse(at) + hours * 3_600_000).toISOString();

/**
 * An agent moves a sales ticket along the funnel. A lead already at the requested stage (the
 * retry of a request whose publishing failed, or another agent's move) answers as it is and
 * its move's Lead Stage Changed is published again, once; lost for another reason is a conflict.
 */
export async function setLeadStage(
  ctx: AgentContext,
  ticketId: string,
  request: LeadStageRequest,
): Promise<TicketResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  if (ticket.basket !== 'sales') throw new ConflictError('Only a sales ticket is a lead');
  const from = ticket.leadStage ?? 'lead';
  if (from === request.stage) {
    if (request.stage === 'lost' && ticket.lostReason !== request.lostReason) {
      throw new ConflictError('The lead was already lost for another reason');
    }
    await republishLeadStage(ctx, ticket);
  } else {
    if (!NEXT_STAGES[from].includes(request.stage)) {
      throw new ConflictError(`A lead at ${from} cannot move to ${request.stage}`);
    }
    const at = ctx.now().toISOString();
    await moveLead(ctx, ticket, request.stage, `lead-stage:${request.stage}:${at}`, request.lostReason);
  }
  const updated = await ctx.tickets.find(ticketId);
  return { ticket: toAgentTicket(updated, ctx.tickets.hotelOf(updated.tenantId)) };
}

/**
 * Moves the lead and publishes Lead Stage Changed once per `occasion`. The move is kept on the
 * ticket with the stage, so that a retry publishes the same event. An offer puts the lead on the
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
  const change: LeadStageChange = {
    occasion,
    at,
    by: ctx.principal.userId,
    ...(ticket.leadStage && { from: ticket.leadStage }),
  };
  const moved = {
    leadStage: stage,
    lostReason: stage === 'lost' ? lostReason : undefined,
    leadStageChange: change,
  };
  await ctx.tickets.updateTicket(ticket.tenantId, ticket.ticketId, { ...moved, updatedAt: at });
  if (lostReason !== undefined && isFinished(ticket))
    await ctx.tickets.relistWords(ticket.tenantId, ticket.ticketId, at);
  await ctx.tickets.setLeadFollowUp(
    ticket.tenantId,
    ticket.ticketId,
    stage === 'lead' || stage === 'offer-sent' ? hoursAfter(at, hotel.leadFollowUpHours) : undefined,
  );
  await republishLeadStage(ctx, { ...ticket, ...moved });
}

/** Publishes (once) Lead Stage Changed of the ticket's last move, from what the ticket keeps of it. */
export async function republishLeadStage(ctx: AgentContext, ticket: Ticket): Promise<void> {
  const change = ticket.leadStageChange;
  if (!change || !ticket.leadStage) return;
  await publishOnce(ctx, [
    ticketEvent(ticket, change.occasion, DetailType.leadStageChanged, change.at, {
      leadStage: ticket.leadStage,
      ...(change.from && { previousStage: change.from }),
      ...(ticket.leadStage === 'lost' && ticket.lostReason && { lostReason: ticket.lostReason }),
      agentId: change.by,
    }),
  ]);
}
