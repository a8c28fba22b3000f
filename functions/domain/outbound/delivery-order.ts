import type { DeliveryState } from '../../../schemas/ticket';
import type { StatusUpdate } from './ports';

/**
 * The delivery states a platform status may follow. Statuses arrive out of order, so a
 * message never moves backwards: sent < delivered < read; `failed` does not undo a delivery
 * or a read, and a later `delivered` or `read` for the same id overrides a `failed`.
 */
export const STATES_BEFORE: Readonly<Record<StatusUpdate['status'], readonly DeliveryState[]>> = {
  sent: ['queued', 'sending'],
  delivered: ['queued', 'sending', 'sent', 'failed'],
  read: ['queued', 'sending', 'sent', 'delivered', 'failed'],
  failed: ['queued', 'sending', 'sent'],
};

/** Whether `status` moves a message that is at `current` forward. */
export const advances = (current: DeliveryState | undefined, status: StatusUpdate['status']): boolean =>
  current === undefined || STATES_BEFORE[status].includes(current);
