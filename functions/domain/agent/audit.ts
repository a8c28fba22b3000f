import type { AuditAction, AuditEntry } from '../../../schemas/audit';
import type { AgentContext } from './context';

/**
 * Records in the hotel's audit log that the caller did `action` now (KVKK/GDPR accountability).
 * `target` names records by id and `details` holds facts without personal data: never a message's
 * text, a phone number or an e-mail address. A request whose entry cannot be written fails, so
 * nothing is read or changed without its record.
 */
export async function recordAudit(
  ctx: Pick<AgentContext, 'audit' | 'principal' | 'now' | 'newId'>,
  tenantId: string,
  action: AuditAction,
  target: AuditEntry['target'],
  details?: AuditEntry['details'],
): Promise<AuditEntry> {
  const at = ctx.now().toISOString();
  const entry: AuditEntry = {
    tenantId,
    auditId: `${at}#${ctx.newId()}`,
    at,
    actor: { userId: ctx.principal.userId, role: ctx.principal.role },
    action,
    target,
    ...(details && { details }),
  };
  await ctx.audit.record(entry);
  return entry;
}
