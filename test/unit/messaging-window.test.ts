import { describe, expect, it } from 'vitest';
import { sendModeFor, windowClosesAt } from '../../functions/domain/outbound/messaging-window';

const LAST_INBOUND = '2026-07-01T10:00:00.000Z';
const HOUR = 3_600_000;
const later = (millis: number) => new Date(Date.parse(LAST_INBOUND) + millis);

describe('the messaging window', () => {
  describe('on WhatsApp', () => {
    it('allows free text until just before 24 hours', () => {
      expect(sendModeFor('whatsapp', LAST_INBOUND, later(24 * HOUR - 1), 'human')).toBe('free-text');
    });

    it('allows only a template at exactly 24 hours', () => {
      expect(sendModeFor('whatsapp', LAST_INBOUND, later(24 * HOUR), 'human')).toBe('whatsapp-template');
    });

    it('allows automated messages as templates outside the window, however late', () => {
      expect(sendModeFor('whatsapp', LAST_INBOUND, later(30 * 24 * HOUR), 'automated')).toBe(
        'whatsapp-template',
      );
    });

    it('allows automated free text inside the window', () => {
      expect(sendModeFor('whatsapp', LAST_INBOUND, later(HOUR), 'automated')).toBe('free-text');
    });
  });

  describe('on Instagram', () => {
    it('allows free text until just before 24 hours', () => {
      expect(sendModeFor('instagram', LAST_INBOUND, later(24 * HOUR - 1), 'automated')).toBe('free-text');
    });

    it('allows a human agent the HUMAN_AGENT tag from exactly 24 hours', () => {
      expect(sendModeFor('instagram', LAST_INBOUND, later(24 * HOUR), 'human')).toBe('human-agent-tag');
    });

    it('refuses an automated message from exactly 24 hours', () => {
      expect(sendModeFor('instagram', LAST_INBOUND, later(24 * HOUR), 'automated')).toBe('closed');
    });

    it('allows the human agent tag until just before 7 days', () => {
      expect(sendModeFor('instagram', LAST_INBOUND, later(7 * 24 * HOUR - 1), 'human')).toBe(
        'human-agent-tag',
      );
    });

    it('refuses even a human agent at exactly 7 days', () => {
      expect(sendModeFor('instagram', LAST_INBOUND, later(7 * 24 * HOUR), 'human')).toBe('closed');
    });
  });

  describe('on web chat', () => {
    it('has no platform window for people or automation', () => {
      expect(sendModeFor('webchat', LAST_INBOUND, later(30 * 24 * HOUR), 'human')).toBe('free-text');
      expect(sendModeFor('webchat', LAST_INBOUND, later(30 * 24 * HOUR), 'automated')).toBe('free-text');
    });
  });

  it('closes the free-form window 24 hours after the guest last wrote', () => {
    expect(windowClosesAt(LAST_INBOUND)).toBe('2026-07-02T10:00:00.000Z');
  });
});
