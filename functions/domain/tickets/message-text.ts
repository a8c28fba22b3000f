import type { MessageContent } from '../../../schemas/events';

/** The words of a message, for the ticket view and triage; undefined for kinds that carry none. */
export function textOf(content: MessageContent): string | undefined {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'image':
    case 'video':
    case 'document':
      return content.media.caption;
    case 'button':
      return content.button.text;
    case 'interactive':
      return content.interactive.title;
    case 'reaction':
      return content.reaction.emoji;
    case 'location':
      return [content.location.name, content.location.address].filter(Boolean).join(', ') || undefined;
    case 'postback':
      return content.postback.title;
    case 'order':
      return content.order.text;
    default:
      return undefined;
  }
}
