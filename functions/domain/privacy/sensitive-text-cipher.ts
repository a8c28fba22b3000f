/**
 * Seals and opens the original text of a guest message that carries special-category data, an
 * identity document or a payment card number, with a key kept apart from the one that encrypts the
 * table at rest. The envelope is opaque and names its hotel: one sealed for a hotel opens only for
 * that hotel's tenant id (the id is bound into the encryption as additional authenticated data).
 *
 * The ticket intake seals (it holds the text anyway, as it arrives); only the agent API opens, and
 * only for a staff member with the `sensitive` grant, recording the read in the audit log.
 */
export interface SensitiveTextCipher {
  /** An envelope of the text, for this hotel only; a new one each time (fresh IV). */
  encrypt(tenantId: string, plaintext: string): Promise<string>;
  /** The text of an envelope sealed for this hotel; `SealedTextError` for any other. */
  decrypt(tenantId: string, envelope: string): Promise<string>;
}

/**
 * An envelope that cannot be opened: malformed, tampered with, sealed for another hotel or with
 * another key. Its message never includes the envelope or any of the text.
 */
export class SealedTextError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SealedTextError';
  }
}
