import type { AgentMessage, SensitiveNotice } from '../../../schemas/agent-api';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { hasGrant } from '../auth/principal';
import { SealedTextError } from '../privacy/sensitive-text-cipher';
import { recordAudit } from './audit';
import type { AgentContext } from './context';

type Opener = (envelope: string) => Promise<string>;

/**
 * A ticket's messages as the caller may see them. A guest message with special-category data, an
 * identity document or a card number carries its warning (`sensitive.categories`) for everyone;
 * its original text only for staff with the `sensitive` grant, who get it opened after the read is
 * recorded (`ticket.sensitive.read`, naming the messages and categories, never the words). Without
 * the grant the text is withheld, or shows its card numbers masked when a card is all it carries.
 * The sealed original itself never leaves the API.
 */
export async function agentMessagesOf(
  ctx: Pick<AgentContext, 'principal' | 'sensitiveText' | 'audit' | 'now' | 'newId'>,
  ticket: Ticket,
  messages: readonly TicketMessage[],
): Promise<AgentMessage[]> {
  const cipher = hasGrant(ctx.principal, 'sensitive') ? ctx.sensitiveText : undefined;
  const sealed = messages.filter((m) => m.sensitive && m.sealedText !== undefined);
  if (!cipher || sealed.length === 0) return messages.map((m) => agentMessageOf(m));
  await recordAudit(
    ctx,
    ticket.tenantId,
    'ticket.sensitive.read',
    { ticketId: ticket.ticketId, guestId: ticket.guestId },
    {
      messageIds: sealed.map((m) => m.messageId),
      categories: [...new Set(sealed.flatMap((m) => m.sensitive?.categories ?? []))],
    },
  );
  const open: Opener = (envelope) => cipher.decrypt(ticket.tenantId, envelope);
  return Promise.all(messages.map((m) => openedMessageOf(m, open)));
}

/** The message without its sealed original; a sensitive one with its warning. */
function agentMessageOf(message: TicketMessage, original?: string): AgentMessage {
  const { sealedText: _sealed, sensitive, ...visible } = message;
  if (!sensitive) return visible;
  const notice = (textShown: NonNullable<SensitiveNotice['textShown']>): SensitiveNotice => ({
    categories: sensitive.categories,
    textShown,
  });
  if (original !== undefined) return { ...visible, text: original, sensitive: notice('original') };
  return { ...visible, sensitive: notice(visible.text === undefined ? 'withheld' : 'masked') };
}

/** The message with its original text opened; one that does not open (another key) stays withheld. */
async function openedMessageOf(message: TicketMessage, open: Opener): Promise<AgentMessage> {
  if (!message.sensitive || message.sealedText === undefined) return agentMessageOf(message);
  try {
    return agentMessageOf(message, await open(message.sealedText));
  } catch (error) {
    if (error instanceof SealedTextError) return agentMessageOf(message);
    throw error;
  }
}
