/** The archived delivery an event about a conversation came in (every conversation event carries it). */
export interface ArchivedDelivery {
  tenantId: string;
  conversationKey: string;
  rawArchiveKey: string;
  receivedAt: string;
}

/**
 * Notes, under the conversation, each raw archive object that carried one of its events (a guest
 * message, an echo, a delivery status). Archive keys name a channel and a day, not a guest: this
 * is how erasing a guest finds their webhook bodies. Noting the same delivery twice is one note.
 */
export interface DeliveryArchiveIndex {
  record(delivery: ArchivedDelivery): Promise<void>;
}
