import { ForbiddenError } from '../errors';
import type { Hotel } from '../hotels';
import type { AuditLog } from '../privacy/audit-log';
import type { GuestProfileCorrections } from '../privacy/profile-correction';
import type { SensitiveTextCipher } from '../privacy/sensitive-text-cipher';

/**
 * The audit log and the guest profiles as one request may use them: only for the caller's hotels,
 * like `ScopedTickets`. The use cases check the hotel first and answer as the API does; this is
 * the second lock, so that no use case can read or write another hotel's records by mistake.
 */
const guard = (hotels: readonly Hotel[], tenantId: string): void => {
  if (!hotels.some((hotel) => hotel.tenantId === tenantId))
    throw new ForbiddenError('Not one of your hotels');
};

export const scopedAuditLog = (hotels: readonly Hotel[], log: AuditLog): AuditLog => ({
  record: async (entry) => {
    guard(hotels, entry.tenantId);
    return log.record(entry);
  },
  list: async (tenantId, from, to) => {
    guard(hotels, tenantId);
    return log.list(tenantId, from, to);
  },
});

export const scopedGuestProfiles = (
  hotels: readonly Hotel[],
  profiles: GuestProfileCorrections,
): GuestProfileCorrections => ({
  read: async (tenantId, guestId) => {
    guard(hotels, tenantId);
    return profiles.read(tenantId, guestId);
  },
  correct: async (tenantId, guestId, correction, expected, at) => {
    guard(hotels, tenantId);
    return profiles.correct(tenantId, guestId, correction, expected, at);
  },
});

/** Opens sealed message texts of the caller's hotels only (the envelope is bound to its hotel too). */
export const scopedSensitiveText = (
  hotels: readonly Hotel[],
  cipher: Pick<SensitiveTextCipher, 'decrypt'>,
): Pick<SensitiveTextCipher, 'decrypt'> => ({
  decrypt: async (tenantId, envelope) => {
    guard(hotels, tenantId);
    return cipher.decrypt(tenantId, envelope);
  },
});
