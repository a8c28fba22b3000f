/** The functions' custom metrics (Powertools Metrics, Embedded Metric Format) that the stack alarms on. */
export const METRICS_NAMESPACE = 'HotelInbox';

export type MetricName =
  | 'EventsPublished'
  | 'DuplicateEvents'
  | 'PublishFailed'
  | 'UnroutableDelivery'
  | 'OutboundSent'
  | 'OutboundFailed'
  | 'OutboundRetryLater';
