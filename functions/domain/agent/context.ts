import type { TemplatesFile } from '../../../schemas/templates';
import type { Principal } from '../auth/principal';
import type { Hotel } from '../hotels';
import type { PublishOnceDeps } from '../ingest/publish-once';
import type { AuditLog } from '../privacy/audit-log';
import type { DataSubjectDeps } from '../privacy/data-subject-request';
import type { GuestProfileCorrections } from '../privacy/profile-correction';
import type { SensitiveTextCipher } from '../privacy/sensitive-text-cipher';
import type { TicketStore } from '../tickets/ports';
import { scopedAuditLog, scopedGuestProfiles, scopedSensitiveText } from './scoped-records';
import { type ScopedTickets, scopedTickets } from './scoped-tickets';

/** What the agent API needs, wired by the handler (DynamoDB, EventBridge) or by a test. */
export interface AgentDeps extends PublishOnceDeps {
  tickets: TicketStore;
  hotels: readonly Hotel[];
  catalogue: TemplatesFile;
  /** A fresh unique id (notes). */
  newId(): string;
  /** The hotels' append-only audit log: reads of guests' messages, corrections, its own reads. */
  audit: AuditLog;
  /** Guests' profiles, for corrections. */
  guestProfiles: GuestProfileCorrections;
  /**
   * Opens sealed message texts for staff with the `sensitive` grant. Left out where none is wired
   * (the benchmark, tools): sealed texts then stay withheld for everyone.
   */
  sensitiveText?: Pick<SensitiveTextCipher, 'decrypt'>;
  /**
   * Data-subject requests (`POST /privacy/requests`), built on first use (the lake's salt is a
   * secret). Left out where none is wired: such a request fails.
   */
  privacy?: () => Promise<DataSubjectDeps>;
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
  /** The audit log of the caller's hotels only. */
  audit: AuditLog;
  /** The guest profiles of the caller's hotels only. */
  guestProfiles: GuestProfileCorrections;
  /** Opens sealed message texts of the caller's hotels only. */
  sensitiveText?: Pick<SensitiveTextCipher, 'decrypt'>;
  /** Data-subject requests; `staffPrivacyRequest` runs them with the caller's hotels only. */
  privacy?: () => Promise<DataSubjectDeps>;
}

export function agentContext(deps: AgentDeps, principal: Principal): AgentContext {
  const tickets = scopedTickets(principal, deps.tickets, deps.hotels);
  return {
    principal,
    tickets,
    catalogue: deps.catalogue,
    newId: deps.newId,
    audit: scopedAuditLog(tickets.hotels, deps.audit),
    guestProfiles: scopedGuestProfiles(tickets.hotels, deps.guestProfiles),
    ...(deps.sensitiveText && { sensitiveText: scopedSensitiveText(tickets.hotels, deps.sensitiveText) }),
    ...(deps.privacy && { privacy: deps.privacy }),
    dedupe: deps.dedupe,
    publisher: deps.publisher,
    metrics: deps.metrics,
    now: deps.now,
  };
}
