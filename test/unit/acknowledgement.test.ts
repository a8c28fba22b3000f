import { describe, expect, it } from 'vitest';
import { isAcknowledgement } from '../../functions/domain/tickets/acknowledgement';
import { decideLanding } from '../../functions/domain/tickets/reopen-policy';
import type { MessageContent } from '../../schemas/events';
import type { Ticket } from '../../schemas/ticket';

const text = (body: string): MessageContent => ({ type: 'text', text: body });

describe('an acknowledgement', () => {
  it.each([
    'Teşekkürler!',
    'TEŞEKKÜR EDERİM 🙏',
    'tamam, çok sağolun',
    'Thanks!',
    'ok 👍',
    'Thank you very much, all good now',
    'Danke, alles gut',
    'Vielen Dank!',
    'Спасибо большое!',
    'Да, всё в порядке',
    '👍',
    '🙏🙏',
  ])('is a bare thanks or confirmation: %s', (body) => {
    expect(isAcknowledgement(text(body))).toBe(true);
  });

  it.each([
    'Thanks, but the air conditioning is still broken',
    'ok but when is the transfer?',
    'Danke, aber das Zimmer ist noch nicht sauber',
    'Спасибо, но кондиционер не работает',
    'Teşekkürler ama klima hâlâ çalışmıyor',
    'Evet her şey yolunda değil mi',
    '5',
    'no',
    '',
  ])('is not a new request or a score: %s', (body) => {
    expect(isAcknowledgement(text(body))).toBe(false);
  });

  it('includes a reaction to the closing message, and excludes media', () => {
    expect(
      isAcknowledgement({ type: 'reaction', reaction: { messageId: 'm1', emoji: '❤️', removed: false } }),
    ).toBe(true);
    expect(isAcknowledgement({ type: 'image', media: { id: 'i1', mimeType: 'image/jpeg' } })).toBe(false);
  });
});

describe('landing on a resolved ticket', () => {
  const resolved = {
    status: 'resolved',
    resolvedAt: '2026-07-01T10:00:00.000Z',
  } as Ticket;
  const at = new Date('2026-07-02T10:00:00.000Z');

  it('reopens it for a new request, and joins it without reopening for a thanks', () => {
    expect(decideLanding(resolved, at, 7)).toBe('reopen');
    expect(decideLanding(resolved, at, 7, true)).toBe('append');
  });

  it('opens a new ticket after the reopen window, thanks or not', () => {
    const later = new Date('2026-07-20T10:00:00.000Z');
    expect(decideLanding(resolved, later, 7, true)).toBe('open-new');
  });
});
