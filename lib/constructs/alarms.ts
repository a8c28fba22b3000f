import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, type MetricName } from '../../functions/contracts/metrics';

/**
 * An alarm that fires as soon as the metric is above zero in one period (missing data is
 * fine: no failures reported), notifying `action` when given.
 */
export function alarmAboveZero(
  scope: Construct,
  id: string,
  description: string,
  metric: cloudwatch.IMetric,
  action?: cloudwatch.IAlarmAction,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric,
    alarmDescription: description,
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (action) alarm.addAlarmAction(action);
  return alarm;
}

/** A custom metric a function emits through Powertools Metrics, summed per minute. */
export function customMetric(metricName: MetricName, serviceName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: serviceName },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(1),
  });
}
