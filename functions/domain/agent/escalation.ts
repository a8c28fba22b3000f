import type { EscalationRequest, EscalationResponse } from '../../../schemas/agent-api';
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
 * an escalation is the supervisor's decision. The reason is kept as an internal note.
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
  if (level === from) return { ticket: toAgentTicket(ticket, hotel), changed: false };

  const at = ctx.now().toISOString();
  if (level > from) {
    const raised = await ctx.tickets.raiseEscalation(ticket.tenantId, ticket.ticketId, level, at);
    if (raised) {
      await publishOnce(ctx, [
        ticketEvent(ticket, `escalated-manual:${level}:${at}`, DetailType.ticketEscalated, at, {
          level: level === 1 ? 1 : 2,
          reason: 'manual',
          team: level === 1 ? 'team-lead' : 'supervisor',
        }),
      ]);
    }
  } else {
    await ctx.tickets.updateTicket(
      ticket.tenantId,
      ticket.ticketId,
      { escalationLevel: level, updatedAt: at },
      ['open', 'pending-guest'],
    );
  }
  await appendInternal(ctx, ticket, `Escalation ${from} → ${level}: ${reason}`, 'escalation');
  const updated = await ctx.tickets.find(ticketId);
  return { ticket: toAgentTicket(updated, hotel), changed: updated.escalationLevel !== from };
}
