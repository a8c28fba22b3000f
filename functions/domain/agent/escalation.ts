import type { EscalationRequest, EscalationResponse } from '../../../schemas/agent-api';
import type { Ticket } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { ConflictError } from '../errors';
import { publishOnce } from '../ingest/publish-once';
import { ticketEvent } from '../tickets/ticket-event';
import type { AgentContext } from './context';
import { appendInternal } from './notes';
import { requireRole, SUPERVISOR_ROLES } from './roles';
import { isActive, toAgentTicket } from './views';

/**
 * Seed 001's red lines are anyone's to raise (level 1 the team lead, 2 the supervisor); lowering
 * an escalation is the supervisor's decision. The reason is kept as an internal note. A ticket
 * already at the level answers `changed: false`; when staff raised it there, that raise's Ticket
 * Escalated is published again (once), so the retry of a request whose publishing failed sends it.
 */
export async function setEscalation(
  ctx: AgentContext,
  ticketId: string,
  request: EscalationRequest,
): Promise<EscalationResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  if (!isActive(ticket)) throw new ConflictError(`The ticket is ${ticket.status}`);
  const from = ticket.escalationLevel;
  const { level, reason } = request;
  if (level < from) requireRole(ctx.principal, SUPERVISOR_ROLES, 'lower an escalation');
  const hotel = ctx.tickets.hotelOf(ticket.tenantId);
  if (level === from) {
    await republishEscalation(ctx, ticket);
    return { ticket: toAgentTicket(ticket, hotel), changed: false };
  }

  const at = ctx.now().toISOString();
  const note = `Escalation ${from} → ${level}: ${reason}`;
  if (level > from) {
    const by = ctx.principal.userId;
    if (await ctx.tickets.raiseEscalation(ticket.tenantId, ticket.ticketId, level, at, by)) {
      await appendInternal(ctx, ticket, note, 'escalation');
      await republishEscalation(ctx, { ...ticket, escalationLevel: level, escalatedAt: at, escalatedBy: by });
    }
  } else {
    const lowered = await ctx.tickets.updateTicket(
      ticket.tenantId,
      ticket.ticketId,
      { escalationLevel: level, escalatedAt: undefined, escalatedBy: undefined, updatedAt: at },
      ['open', 'pending-guest'],
    );
    if (lowered) await appendInternal(ctx, ticket, note, 'escalation');
  }
  const updated = await ctx.tickets.find(ticketId);
  return { ticket: toAgentTicket(updated, hotel), changed: updated.escalationLevel !== from };
}

/** Publishes (once) Ticket Escalated of the raise that put the ticket at its level, if staff made it. */
async function republishEscalation(ctx: AgentContext, ticket: Ticket): Promise<void> {
  const { escalationLevel: level, escalatedAt, escalatedBy } = ticket;
  if (level < 1 || !escalatedAt || !escalatedBy) return;
  await publishOnce(ctx, [
    ticketEvent(ticket, `escalated-manual:${level}:${escalatedAt}`, DetailType.ticketEscalated, escalatedAt, {
      level: level === 1 ? 1 : 2,
      reason: 'manual',
      team: level === 1 ? 'team-lead' : 'supervisor',
    }),
  ]);
}
