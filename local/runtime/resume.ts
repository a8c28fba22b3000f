import type { TicketStore } from '../../functions/domain/tickets/ports';
import type { LocalWorkflowRunner } from './workflow-runner';

/**
 * After a restart no SLA clock is lost: every open ticket's workflow starts again from what
 * the table holds. Its steps are idempotent: triage and routing are kept, decided clocks stay
 * decided, and the next undecided deadline is waited for.
 */
export async function resumeOpenTickets(
  tickets: TicketStore,
  tenantIds: readonly string[],
  runner: LocalWorkflowRunner,
): Promise<number> {
  let resumed = 0;
  for (const tenantId of tenantIds) {
    for (const ticket of await tickets.listOpenTickets(tenantId)) {
      void runner.start({ detail: { tenantId, ticketId: ticket.ticketId }, resumed: true });
      resumed++;
    }
  }
  return resumed;
}
