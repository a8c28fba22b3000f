import type { Ticket } from '../../../schemas/ticket';
import { DetailType } from '../../contracts/bus';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import type { TicketStore } from './ports';
import { ticketEvent } from './ticket-event';

export interface LeadSweepDeps extends PublishOnceDeps {
  tickets: TicketStore;
  /** The hotels to sweep (every configured one). */
  tenantIds: readonly string[];
}

export interface LeadSweepResult {
  hotels: number;
  /** Leads still at `lead` or `offer-sent` past their follow-up deadline: lost opportunities. */
  flagged: number;
  /** Leads that were booked or lost in time, only taken off the follow-up list. */
  cleared: number;
}

/** Some leads could not be swept; the others were. The next sweep retries them (each step is idempotent). */
export class LeadSweepError extends Error {
  override name = 'LeadSweepError';
  constructor(
    readonly failedCount: number,
    options?: ErrorOptions,
  ) {
    super(`${failedCount} lead(s) could not be swept`, options);
  }
}

const OPEN_STAGES: readonly (Ticket['leadStage'] | undefined)[] = ['lead', 'offer-sent'];

/**
 * Seed 000's "answered but not closed": every answered sales lead whose follow-up deadline passed
 * without a booking or a loss is flagged a lost opportunity, once per follow-up deadline (a lead
 * revived with a new deadline that lapses again is flagged again), and taken off the list.
 * The event is published before the list is touched, so a sweep that dies half way leaves the
 * lead on the list for the next sweep, whose event is then a deduplicated no-op.
 */
export async function sweepLeads(deps: LeadSweepDeps): Promise<LeadSweepResult> {
  const now = deps.now();
  const result: LeadSweepResult = { hotels: deps.tenantIds.length, flagged: 0, cleared: 0 };
  const failures: unknown[] = [];
  for (const tenantId of deps.tenantIds) {
    for (const due of await deps.tickets.listLeadFollowUpsDue(tenantId, now.toISOString())) {
      try {
        const outcome = await sweepLead(deps, tenantId, due.ticketId, now);
        if (outcome) result[outcome]++;
      } catch (error) {
        failures.push(error);
      }
    }
  }
  if (failures.length > 0) throw new LeadSweepError(failures.length, { cause: failures[0] });
  return result;
}

async function sweepLead(
  deps: LeadSweepDeps,
  tenantId: string,
  ticketId: string,
  now: Date,
): Promise<'flagged' | 'cleared' | undefined> {
  // The follow-up index is eventually consistent: decide on the ticket as it is now.
  const ticket = await deps.tickets.getTicket(tenantId, ticketId);
  const dueAt = ticket?.leadFollowUpDueAt;
  if (!ticket || !dueAt || Date.parse(dueAt) >= now.getTime()) return undefined;
  const lost = OPEN_STAGES.includes(ticket.leadStage);
  if (lost) {
    await publishOnce(deps, [
      ticketEvent(ticket, `lost-opportunity:${dueAt}`, DetailType.lostOpportunityFlagged, now.toISOString(), {
        leadStage: ticket.leadStage ?? 'lead',
        followUpDueAt: dueAt,
      }),
    ]);
    // The deadline is when the opportunity was lost, whenever the sweep noticed it.
    await deps.tickets.updateTicket(tenantId, ticketId, {
      lostOpportunityAt: dueAt,
      updatedAt: now.toISOString(),
    });
  }
  await deps.tickets.setLeadFollowUp(tenantId, ticketId, undefined);
  return lost ? 'flagged' : 'cleared';
}
