import { MAX_TAGS, type TagsRequest, type TagsResponse } from '../../../schemas/agent-api';
import { ValidationError } from '../errors';
import type { AgentContext } from './context';

/** Adds and removes tags (removals first); a ticket keeps at most MAX_TAGS. */
export async function tagTicket(
  ctx: AgentContext,
  ticketId: string,
  request: TagsRequest,
): Promise<TagsResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  const removed = new Set(request.remove ?? []);
  const tags = [...new Set([...ticket.tags.filter((tag) => !removed.has(tag)), ...(request.add ?? [])])];
  if (tags.length > MAX_TAGS) throw new ValidationError('add', `a ticket has at most ${MAX_TAGS} tags`);
  await ctx.tickets.updateTicket(ticket.tenantId, ticket.ticketId, {
    tags,
    updatedAt: ctx.now().toISOString(),
  });
  return { ticketId: ticket.ticketId, tags };
}
