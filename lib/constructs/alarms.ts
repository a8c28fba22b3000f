import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, type MetricName } from '../../functions/contracts/metrics';

/**
 * An alarm that fires as soon as the metric is above `threshold` in one period (missing data
 * is fine: nothing reported), notifying `action` when given.
 */
export function alarmAbove(
  scope: Construct,
  id: string,
  description: string,
  metric: cloudwatch.IMetric,
  threshold: number,
  action?: cloudwatch.IAlarmAction,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric,
    alarmDescription: description,
    threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (action) alarm.addAlarmAction(action);
  return alarm;
}

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
  return alarmAbove(scope, id, description, metric, 0, action);
}

/** A custom metric a function emits through Powertools Metrics, summed per `period` (one minute). */
export function customMetric(
  metricName: MetricName,
  serviceName: string,
  period: Duration = Duration.minutes(1),
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: serviceName },
    statistic: cloudwatch.Stats.SUM,
    period,
  });
}

/** What `functionAlarms` needs of a function: its Errors metric and its metrics' service name. */
interface AlarmedFunction {
  metricErrors(props: cloudwatch.MetricOptions): cloudwatch.Metric;
  serviceName: string;
}

/**
 * The two alarms every function of the stack carries: failed invocations, and PublishFailed (an
 * event that did not reach the bus). The descriptions say what each means for this function.
 */
export function functionAlarms(
  scope: Construct,
  fn: AlarmedFunction,
  descriptions: { errors: string; publishFailed: string },
  action?: cloudwatch.IAlarmAction,
): cloudwatch.Alarm[] {
  return [
    alarmAboveZero(
      scope,
      'ErrorsAlarm',
      descriptions.errors,
      fn.metricErrors({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
      action,
    ),
    alarmAboveZero(
      scope,
      'PublishFailedAlarm',
      descriptions.publishFailed,
      customMetric('PublishFailed', fn.serviceName),
      action,
    ),
  ];
}
