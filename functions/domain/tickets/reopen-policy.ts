import type { Ticket } from '../../../schemas/ticket';

/** Days after resolution during which a guest's new message reopens the ticket (then a new one opens). */
export const DEFAULT_REOPEN_WINDOW_DAYS = 7;

export type LandingDecision = 'append' | 'resume' | 'reopen' | 'open-new';

/**
 * Where a guest message lands, given the conversation's current ticket:
 * appended to an open one, resuming one that waited for the guest, reopening one resolved
 * within the window, or a new ticket. A mere acknowledgement ("thanks!", 👍) of a resolved
 * ticket joins it without reopening it.
 */
export function decideLanding(
  current: Ticket | undefined,
  at: Date,
  reopenWindowDays: number,
  acknowledgement = false,
): LandingDecision {
  if (!current) return 'open-new';
  switch (current.status) {
    case 'open':
      return 'append';
    case 'pending-guest':
      return 'resume';
    case 'resolved': {
      const resolvedAt = current.resolvedAt ? Date.parse(current.resolvedAt) : Number.NEGATIVE_INFINITY;
      if (at.getTime() - resolvedAt > reopenWindowDays * 86_400_000) return 'open-new';
      return acknowledgement ? 'append' : 'reopen';
    }
    case 'closed':
      return 'open-new';
  }
}
