import type * as z from 'zod';
import { DetailType } from '../../functions/contracts/bus';
import { BusinessMessageEchoedSchema } from './business-message-echoed';
import { GuestMessageReceivedSchema } from './guest-message-received';
import { MessageStatusChangedSchema } from './message-status-changed';
import { OutboundMessageFailedSchema, OutboundMessageRequestedSchema } from './outbound-messages';
import {
  DetractorFollowUpOpenedSchema,
  SurveyAnsweredSchema,
  SurveyExpiredSchema,
  SurveyScheduledSchema,
  SurveySentSchema,
  SurveySkippedSchema,
} from './survey-events';
import { TemplateStatusChangedSchema } from './template-status-changed';
import {
  CsatRecordedSchema,
  LeadStageChangedSchema,
  LostOpportunityFlaggedSchema,
  SlaBreachedSchema,
  TicketAssignedSchema,
  TicketEscalatedSchema,
  TicketOpenedSchema,
  TicketReopenedSchema,
  TicketResolvedSchema,
  TicketTriagedSchema,
} from './ticket-events';
import { UnroutableDeliverySchema } from './unroutable-delivery';
import { UnsupportedDeliveryReceivedSchema } from './unsupported-delivery-received';

/** Every canonical event: its detail-type and the schema of its detail. */
export const EVENT_CATALOGUE = {
  [DetailType.guestMessageReceived]: GuestMessageReceivedSchema,
  [DetailType.businessMessageEchoed]: BusinessMessageEchoedSchema,
  [DetailType.messageStatusChanged]: MessageStatusChangedSchema,
  [DetailType.templateStatusChanged]: TemplateStatusChangedSchema,
  [DetailType.unsupportedDeliveryReceived]: UnsupportedDeliveryReceivedSchema,
  [DetailType.unroutableDelivery]: UnroutableDeliverySchema,
  [DetailType.ticketOpened]: TicketOpenedSchema,
  [DetailType.ticketReopened]: TicketReopenedSchema,
  [DetailType.ticketTriaged]: TicketTriagedSchema,
  [DetailType.ticketAssigned]: TicketAssignedSchema,
  [DetailType.slaBreached]: SlaBreachedSchema,
  [DetailType.ticketEscalated]: TicketEscalatedSchema,
  [DetailType.ticketResolved]: TicketResolvedSchema,
  [DetailType.outboundMessageRequested]: OutboundMessageRequestedSchema,
  [DetailType.outboundMessageFailed]: OutboundMessageFailedSchema,
  [DetailType.leadStageChanged]: LeadStageChangedSchema,
  [DetailType.lostOpportunityFlagged]: LostOpportunityFlaggedSchema,
  [DetailType.csatRecorded]: CsatRecordedSchema,
  [DetailType.surveyScheduled]: SurveyScheduledSchema,
  [DetailType.surveySent]: SurveySentSchema,
  [DetailType.surveySkipped]: SurveySkippedSchema,
  [DetailType.surveyAnswered]: SurveyAnsweredSchema,
  [DetailType.surveyExpired]: SurveyExpiredSchema,
  [DetailType.detractorFollowUpOpened]: DetractorFollowUpOpenedSchema,
} as const satisfies Record<DetailType, z.ZodType>;

export type DetailOf<T extends DetailType> = z.infer<(typeof EVENT_CATALOGUE)[T]>;

/** A canonical event ready to publish. */
export type CanonicalEvent = {
  [T in DetailType]: { detailType: T; detail: DetailOf<T> };
}[DetailType];

export * from './business-message-echoed';
export * from './common';
export * from './guest-message-received';
export * from './message-content';
export * from './message-status-changed';
export * from './outbound-messages';
export * from './survey-events';
export * from './template-status-changed';
export * from './ticket-events';
export * from './unroutable-delivery';
export * from './unsupported-delivery-received';
