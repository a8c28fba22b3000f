import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from '../contracts/metrics';
import type { MetricName, Metrics } from '../domain/ports';

/**
 * Structured JSON logs. Callers log ids, counts and outcomes only: never a phone number,
 * a name, a message text or a token (guest data is the hotel's secret).
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'hotel-inbox' });

/** CloudWatch metrics through the Embedded Metric Format, flushed by the handler's middleware. */
export const powertoolsMetrics = new PowertoolsMetrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'hotel-inbox',
});

export const metrics: Metrics = {
  count(name: MetricName, value: number) {
    if (value > 0) powertoolsMetrics.addMetric(name, MetricUnit.Count, value);
  },
};
