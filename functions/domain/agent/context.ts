import type { TemplatesFile } from '../../../schemas/templates';
import type { Principal } from '../auth/principal';
import type { Hotel } from '../hotels';
import type { PublishOnceDeps } from '../ingest/publish-once';
import type { TicketStore } from '../tickets/ports';
import { type ScopedTickets, scopedTickets } from './scoped-tickets';

/** What the agent API needs, wired by the handler (DynamoDB, EventBridge) or by a test. */
export interface AgentDeps extends PublishOnceDeps {
  tickets: TicketStore;
  hotels: readonly Hotel[];
  catalogue: TemplatesFile;
  /** A fresh unique id (notes). */
  newId(): string;
}

/**
 * One request's view of the world: the caller and the tickets they may touch. It holds no
 * unscoped ticket store, so a use case cannot read or write another hotel's tickets.
 */
export interface AgentContext extends PublishOnceDeps {
  principal: Principal;
  tickets: ScopedTickets;
  catalogue: TemplatesFile;
  newId(): string;
}

export function agentContext(deps: AgentDeps, principal: Principal): AgentContext {
  return {
    principal,
    tickets: scopedTickets(principal, deps.tickets, deps.hotels),
    catalogue: deps.catalogue,
    newId: deps.newId,
    dedupe: deps.dedupe,
    publisher: deps.publisher,
    metrics: deps.metrics,
    now: deps.now,
  };
}
