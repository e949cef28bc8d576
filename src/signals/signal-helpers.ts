/**
 * Defaults and helpers of the built-in signals. Not part of the public API.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { SignalBindContext } from './signal-types';
import { isUsableName, signalAlarmName, USABLE_NAME_DESCRIPTION } from '../model/names';
import { treatMissingDataFor } from '../private/alarm-helpers';
import { createRoute53Alarm } from '../private/route53-alarm';

/** The default fewest requests a minute's error rate is judged on. */
export const DEFAULT_MIN_REQUESTS = 20;

/**
 * 100 x errors / max(requests, errors', minRequests) over the load balancer's
 * counts, where errors' is the ELB's 5xx (plus the targets' 5xx when they are
 * among the errors) and a missing count is 0. One expression over the source
 * counts, so that the republisher can tell a minute with no data (no source
 * datapoint) from a minute with no errors.
 */
export function errorRateExpression(
  lb: elbv2.IApplicationLoadBalancer, period: Duration, errors: Record<string, string>, minRequests: number,
): cloudwatch.MathExpression {
  const count = (name: string) => lb.metrics.custom(name, { period, statistic: cloudwatch.Stats.SUM });
  const usingMetrics: Record<string, cloudwatch.IMetric> = { r: count('RequestCount'), e5: count('HTTPCode_ELB_5XX_Count') };
  for (const [id, name] of Object.entries(errors)) {
    usingMetrics[id] = count(name);
  }
  const sum = (ids: string[]) => ids.map(id => `FILL(${id},0)`).join(' + ');
  const failed = sum(Object.keys(errors));
  const unserved = sum([...new Set([...Object.keys(errors).filter(id => id !== 'ce'), 'e5'])]);
  const reached = `IF(FILL(r,0) > ${unserved}, FILL(r,0), ${unserved})`;
  return new cloudwatch.MathExpression({
    expression: `100 * (${failed}) / IF(${reached} < ${minRequests}, ${minRequests}, ${reached})`,
    usingMetrics,
    period,
    label: 'error rate (%)',
  });
}

/** The default CPU utilization threshold, in percent. */
export const DEFAULT_CPU_THRESHOLD = 90;
/** The default number of evaluation periods. */
export const DEFAULT_EVALUATION_PERIODS = 3;
/** The default metric period. */
export const DEFAULT_PERIOD = Duration.minutes(1);

/** Checks a signal name (given, or derived when `given` is undefined) and returns it. */
export function validSignalName(given: string | undefined, derived: string): string {
  const name = given ?? derived;
  if (!isUsableName(name)) {
    const hint = given === undefined ? ' (derived from the metric or alarm; set signalName)' : '';
    throw new Error(`[AAF-SIGNAL-NAME] 'signalName' ${USABLE_NAME_DESCRIPTION}, got: '${name}'${hint}.`);
  }
  return name;
}

/** The default InsufficientDataHealthStatus of a signal. */
export function defaultInsufficientData(trafficBased: boolean): route53.InsufficientDataHealthStatusEnum {
  return trafficBased
    ? route53.InsufficientDataHealthStatusEnum.HEALTHY
    : route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS;
}

/** A metric's name for a default signal name, or 'Expression' for metric math. */
export function metricName(metric: cloudwatch.IMetric): string {
  const config = metric.toMetricConfig();
  return config.metricStat?.metricName ?? 'Expression';
}

/** The metric with its period replaced, where the metric type allows it. */
export function withPeriod(metric: cloudwatch.IMetric, period: Duration): cloudwatch.IMetric {
  if (metric instanceof cloudwatch.Metric || metric instanceof cloudwatch.MathExpression) {
    return metric.with({ period });
  }
  return metric;
}


/** What the Route 53-readable alarm of a signal watches, and how. */
export interface SignalAlarmSettings {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
}

/**
 * The alarm a signal's health check follows: named `<failoverName>-<region>-<signalName>`,
 * every evaluation period must breach (Route 53 reads no "M out of N"), and
 * TreatMissingData shows what Route 53 does with missing data.
 */
export function signalAlarm(
  scope: Construct, context: SignalBindContext, signalName: string, strategyName: string,
  insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum, settings: SignalAlarmSettings,
): cloudwatch.Alarm {
  return createRoute53Alarm(scope, {
    alarmName: signalAlarmName(context.failoverName, context.region, signalName),
    alarmDescription: `Failover signal '${signalName}' of '${context.failoverName}' in ${context.region}: `
      + `while in ALARM, Route 53 takes this Region out of DNS (strategy ${strategyName}).`,
    metric: settings.metric,
    threshold: settings.threshold,
    comparisonOperator: settings.comparisonOperator,
    evaluationPeriods: settings.evaluationPeriods,
    treatMissingData: treatMissingDataFor(insufficientDataHealthStatus),
  });
}
