import type { AuditEntry } from '../../../schemas/audit';

/** The hotels' append-only audit log: entries are added, never changed or removed. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** A hotel's entries in [from, to) (ISO instants), oldest first. */
  list(tenantId: string, from: string, to: string): Promise<AuditEntry[]>;
}
