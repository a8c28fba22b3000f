import type { GuestCorrectionRequest, GuestProfileResponse } from '../../../schemas/agent-api';
import { ConflictError, NotFoundError } from '../errors';
import { applyCorrection } from '../privacy/profile-correction';
import { recordAudit } from './audit';
import type { AgentContext } from './context';

/**
 * Corrects the profile of the ticket's guest (the right to rectification). The ticket is found in
 * the caller's scope first, so a ticket they may not see answers as a missing one and records
 * nothing. The audit entry (`guest.profile.corrected`, details: the changed field names set to
 * `true`, never their values) is written before the profile: a correction is never left
 * unrecorded, and a write refused because the profile changed meanwhile (409) leaves an entry for
 * an attempt, the lesser harm.
 */
export async function correctGuestProfile(
  ctx: AgentContext,
  ticketId: string,
  request: GuestCorrectionRequest,
): Promise<GuestProfileResponse> {
  const ticket = await ctx.tickets.find(ticketId);
  const { tenantId, guestId } = ticket;
  const before = await ctx.guestProfiles.read(tenantId, guestId);
  if (!before) throw new NotFoundError("The ticket's guest has no profile");
  const { after, changed } = applyCorrection(before, request);
  await recordAudit(
    ctx,
    tenantId,
    'guest.profile.corrected',
    { ticketId: ticket.ticketId, guestId },
    Object.fromEntries(changed.map((field) => [field, true])),
  );
  if (changed.length > 0) {
    const written = await ctx.guestProfiles.correct(
      tenantId,
      guestId,
      request,
      before,
      ctx.now().toISOString(),
    );
    if (!written) throw new ConflictError("The guest's profile changed meanwhile; try again");
  }
  return { profile: { guestId, ...after }, changed };
}
