import { hash } from 'node:crypto';

const digest = (input: string, length: number) => hash('sha256', input, 'hex').slice(0, length);

/** A departure's NPS survey id: the same for every delivery or import of the reservation. */
export const surveyIdOf = (tenantId: string, reservationId: string): string =>
  `nps_${digest(`${tenantId}|${reservationId}`, 32)}`;

/** EventBridge Scheduler's name rules: 1–64 characters of letters, digits, `-`, `_` and `.`. */
export const SCHEDULE_NAME_PATTERN = /^[0-9a-zA-Z_.-]{1,64}$/;
const MAX_SCHEDULE_NAME = 64;
const HASH_LENGTH = 8;

/**
 * The one-time schedule that sends a reservation's survey, `nps-<tenant>-<reservation>`, unique
 * per hotel and reservation across the shared schedule group. A reservation id that had to be
 * cleaned or cut keeps a hash of its original, so two ids never share a schedule.
 */
export function scheduleNameOf(tenantId: string, reservationId: string): string {
  const prefix = `nps-${tenantId}-`;
  const cleaned = reservationId.replace(/[^0-9a-zA-Z_.-]/g, '_');
  if (cleaned === reservationId && prefix.length + cleaned.length <= MAX_SCHEDULE_NAME)
    return prefix + cleaned;
  const room = Math.max(0, MAX_SCHEDULE_NAME - prefix.length - HASH_LENGTH - 1);
  return `${prefix}${cleaned.slice(0, room)}-${digest(`${tenantId}|${reservationId}`, HASH_LENGTH)}`;
}

/** A guest known to the hotel by e-mail only: one per hotel and address (case-insensitive). */
export const emailGuestIdOf = (tenantId: string, email: string): string =>
  `g_em_${digest(`${tenantId}|${email.trim().toLowerCase()}`, 32)}`;

/** A guest the PMS gave no phone or e-mail for: one per reservation, so a retry finds the same one. */
export const reservationGuestIdOf = (tenantId: string, reservationId: string): string =>
  `g_rs_${digest(`${tenantId}|${reservationId}`, 32)}`;
