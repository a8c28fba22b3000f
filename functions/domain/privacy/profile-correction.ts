/**
 * The fields of a guest's profile staff may correct (KVKK art. 11(1)(d), GDPR art. 16): the name the
 * hotel greets the guest with and the e-mail address surveys may go to. Not the phone number: it is
 * the guest's WhatsApp identity and links their channels (`Keys.guestPhone`), so changing it is a
 * re-identification, not a correction. No preferred language either: the profile holds none (each
 * ticket's language is detected from the guest's messages) and data minimisation says not to start
 * collecting one that nothing uses.
 */
export const CORRECTABLE_FIELDS = ['name', 'email'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** The correctable fields a profile holds; a field it lacks is absent. */
export type CorrectableProfile = Partial<Record<CorrectableField, string>>;

/** Per field to correct: its right value, or null to remove a wrong one. */
export type ProfileCorrection = Partial<Record<CorrectableField, string | null>>;

/** Guests' profiles as far as a correction touches them (the single table's `Keys.guest` items). */
export interface GuestProfileCorrections {
  /** The correctable fields of the guest's profile; undefined when the guest has no profile. */
  read(tenantId: string, guestId: string): Promise<CorrectableProfile | undefined>;
  /**
   * Applies the correction in one write if the profile still holds `expected` (what `read` gave);
   * false, with nothing written, when it changed meanwhile or is gone.
   */
  correct(
    tenantId: string,
    guestId: string,
    correction: ProfileCorrection,
    expected: CorrectableProfile,
    at: string,
  ): Promise<boolean>;
}

/** The profile a correction leaves, and the names of the fields whose value it changed. */
export function applyCorrection(
  before: CorrectableProfile,
  correction: ProfileCorrection,
): { after: CorrectableProfile; changed: CorrectableField[] } {
  const after: CorrectableProfile = { ...before };
  for (const field of CORRECTABLE_FIELDS) {
    const value = correction[field];
    if (value === undefined) continue;
    if (value === null) delete after[field];
    else after[field] = value;
  }
  const changed = CORRECTABLE_FIELDS.filter((field) => before[field] !== after[field]);
  return { after, changed };
}
