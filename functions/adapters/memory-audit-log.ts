import type { AuditEntry } from '../../schemas/audit';
import type { AuditLog } from '../domain/privacy/audit-log';

/** The audit log in memory: for benchmarks and unit tests, never for Lambda. Append-only too. */
export class MemoryAuditLog implements AuditLog {
  private readonly byId = new Map<string, AuditEntry>();

  async record(entry: AuditEntry): Promise<void> {
    const key = `${entry.tenantId}#${entry.auditId}`;
    if (!this.byId.has(key)) this.byId.set(key, structuredClone(entry));
  }

  async list(tenantId: string, from: string, to: string): Promise<AuditEntry[]> {
    const [start, end] = [Date.parse(from), Date.parse(to)];
    return [...this.byId.values()]
      .filter((e) => e.tenantId === tenantId && Date.parse(e.at) >= start && Date.parse(e.at) < end)
      .sort((a, b) => (a.auditId < b.auditId ? -1 : a.auditId > b.auditId ? 1 : 0))
      .map((e) => structuredClone(e));
  }

  /** Every entry of every hotel, in the order they were recorded (for assertions). */
  entries(): AuditEntry[] {
    return [...this.byId.values()].map((e) => structuredClone(e));
  }
}
