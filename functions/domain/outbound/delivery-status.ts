import type { MessageStatusChanged } from '../../../schemas/events';
import type { Metrics } from '../ports';
import { type OutboundFailedDeps, publishOutboundFailed } from './outbound-failed';
import { deliveryErrorOf } from './platform-error';
import type { OutboundStore, StatusUpdate } from './ports';

export interface DeliveryStatusDeps extends OutboundFailedDeps {
  outbound: OutboundStore;
  metrics: Metrics;
}

/**
 * - `applied`: the message moved forward;
 * - `stale`: it was already as far or further (statuses arrive out of order and twice);
 * - `pending`: no message is linked to the platform id (yet): kept until the sender links it,
 *   or until it expires when the hotel sent it from the platform's own app;
 * - `ignored`: web chat has no platform statuses.
 */
export type DeliveryStatusOutcome =
  | { outcome: 'applied' | 'stale'; ticketId: string }
  | { outcome: 'pending' | 'ignored' };

/**
 * Applies a platform status to the outbound message it is about, never backwards. A `failed`
 * status (WhatsApp reports 131047 and the like after accepting the send) marks the message
 * failed and publishes `Outbound Message Failed` once.
 */
export async function applyDeliveryStatus(
  deps: DeliveryStatusDeps,
  event: MessageStatusChanged,
): Promise<DeliveryStatusOutcome> {
  if (event.channel === 'webchat') return { outcome: 'ignored' };
  const update: StatusUpdate = {
    status: event.status,
    at: event.platformTimestamp,
    ...(event.status === 'failed' && { error: deliveryErrorOf(event.errors) }),
  };
  const result = await deps.outbound.applyStatus(event.tenantId, event.messageId, update);
  if (!result.linked) return { outcome: 'pending' };

  const { ticketId, messageId, delivery, changed } = result;
  // Also when unchanged: a retry of this event reports a failure whose first report did not get out.
  if (event.status === 'failed' && delivery.status === 'failed' && delivery.error) {
    if (changed) deps.metrics.count('OutboundFailed', 1);
    await publishOutboundFailed(
      deps,
      { tenantId: event.tenantId, ticketId, messageId, channel: event.channel },
      delivery.error,
      delivery.updatedAt,
    );
  }
  return { outcome: changed ? 'applied' : 'stale', ticketId };
}
