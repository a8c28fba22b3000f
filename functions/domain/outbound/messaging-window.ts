import type { Channel } from '../../../schemas/events';

/** WhatsApp and Instagram: free-form replies within 24 hours of the guest's last message. */
export const CUSTOMER_SERVICE_WINDOW_HOURS = 24;
/** Instagram's HUMAN_AGENT tag: a person may still answer up to 7 days after it. */
export const HUMAN_AGENT_WINDOW_HOURS = 7 * 24;

/**
 * How a message may go out now, given the guest's last inbound message:
 * - `free-text`: inside the 24-hour window, or web chat (no platform window);
 * - `whatsapp-template`: WhatsApp outside the window, only as an approved template;
 * - `human-agent-tag`: Instagram between 24 hours and 7 days, only a human agent's reply;
 * - `closed`: Instagram after 7 days, or an automated message outside the 24 hours.
 */
export type SendMode = 'free-text' | 'whatsapp-template' | 'human-agent-tag' | 'closed';

export function sendModeFor(
  channel: Channel,
  lastInboundAt: string,
  now: Date,
  sender: 'human' | 'automated',
): SendMode {
  if (channel === 'webchat') return 'free-text';
  const hours = (now.getTime() - Date.parse(lastInboundAt)) / 3_600_000;
  if (hours < CUSTOMER_SERVICE_WINDOW_HOURS) return 'free-text';
  if (channel === 'whatsapp') return 'whatsapp-template';
  return sender === 'human' && hours < HUMAN_AGENT_WINDOW_HOURS ? 'human-agent-tag' : 'closed';
}

/** When the free-form window closes (for the agent's screen). */
export const windowClosesAt = (lastInboundAt: string): string =>
  new Date(Date.parse(lastInboundAt) + CUSTOMER_SERVICE_WINDOW_HOURS * 3_600_000).toISOString();
