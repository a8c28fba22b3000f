import type { Principal, Role } from '../auth/principal';
import { ForbiddenError } from '../errors';

/** Seed 001: the supervisor holds compensation authority and decides escalations; admins too. */
export const SUPERVISOR_ROLES = ['supervisor', 'admin'] as const satisfies readonly Role[];

export function requireRole(principal: Principal, roles: readonly Role[], action: string): void {
  if (!roles.includes(principal.role)) throw new ForbiddenError(`Only ${roles.join(' or ')} may ${action}`);
}
