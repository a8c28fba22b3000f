import { type OutboundChannel, surveyIdOfThread } from '../../../schemas/events';
import { DetailType } from '../../contracts/bus';
import { type PublishOnceDeps, publishOnce } from '../ingest/publish-once';
import { surveyOutboundFailed } from '../surveys/survey-message';
import type { TicketStore } from '../tickets/ports';
import { ticketEvent } from '../tickets/ticket-event';
import type { DeliveryError } from './ports';

export interface OutboundFailedDeps extends PublishOnceDeps {
  tickets: Pick<TicketStore, 'getTicket'>;
}

/**
 * Publishes `Outbound Message Failed` once however often it is called (the sender's refusal, a
 * later `failed` status and their retries share one occasion): about the ticket, or, for a
 * message of a survey's thread (which has no ticket), about the survey.
 */
export async function publishOutboundFailed(
  deps: OutboundFailedDeps,
  ref: { tenantId: string; ticketId: string; messageId: string; channel: OutboundChannel },
  error: DeliveryError,
  failedAt: string,
): Promise<void> {
  const surveyId = surveyIdOfThread(ref.ticketId);
  if (surveyId !== undefined) {
    const { tenantId, messageId, channel } = ref;
    await publishOnce(deps, [
      surveyOutboundFailed({ tenantId, surveyId, messageId, channel }, error, failedAt),
    ]);
    return;
  }
  const ticket = await deps.tickets.getTicket(ref.tenantId, ref.ticketId);
  if (!ticket) throw new Error(`Ticket ${ref.ticketId} is missing; the failure is reported on retry`);
  await publishOnce(deps, [
    ticketEvent(ticket, `outbound-failed:${ref.messageId}`, DetailType.outboundMessageFailed, failedAt, {
      messageId: ref.messageId,
      code: error.code,
      title: error.title,
      failedAt,
    }),
  ]);
}
