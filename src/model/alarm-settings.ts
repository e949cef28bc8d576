/**
 * The Route 53-relevant settings of an alarm, read from its rendered
 * CloudFormation properties (PascalCase, as in a template). Plain values only:
 * the constructs (through `private/alarm-inspection.ts`), the guard and the
 * simulator all read alarms with this one function.
 */
import { AlarmSettings, MetricQuerySettings } from './route53-alarm-rules';

/**
 * The settings of one `AWS::CloudWatch::Alarm` from its CloudFormation
 * properties (PascalCase, as in a template).
 */
export function settingsOfAlarmProperties(p: Record<string, unknown>): AlarmSettings {
  const metrics = p.Metrics;
  return {
    composite: false,
    namespace: p.Namespace,
    metricName: p.MetricName,
    dimensions: p.Dimensions,
    statistic: p.Statistic,
    extendedStatistic: p.ExtendedStatistic,
    period: p.Period,
    evaluationPeriods: p.EvaluationPeriods,
    datapointsToAlarm: p.DatapointsToAlarm,
    threshold: p.Threshold,
    comparisonOperator: p.ComparisonOperator,
    thresholdMetricId: p.ThresholdMetricId,
    treatMissingData: p.TreatMissingData,
    metrics: Array.isArray(metrics) ? metrics.map(metricQuerySettings) : undefined,
  };
}


function metricQuerySettings(query: unknown): MetricQuerySettings {
  const q = (query ?? {}) as Record<string, unknown>;
  return { expression: q.Expression, accountId: q.AccountId };
}
