/**
 * Defaults and helpers of the built-in signals. Not part of the public API.
 */
import { Arn, ArnFormat, Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { AlarmSignalProps, MetricSignalOptions, SignalBindContext, SignalOptions } from './signal-types';
import { checkBoolean, checkEnum } from '../model/input-rules';
import { isUsableName, signalAlarmName, USABLE_NAME_DESCRIPTION } from '../model/names';
import { checkArnPartition } from '../model/regions';
import { checkAlarmPeriod, checkAlarmWindow } from '../model/route53-alarm-rules';
import { checkKnownStatistic, checkPlacement } from '../model/signal-rules';
import { formatViolation, RuleViolation } from '../model/violation';
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

/** Throws one error with a line per violation of `subject`, when there are any. */
export function throwViolations(subject: string, violations: RuleViolation[]): void {
  if (violations.length > 0) {
    throw new Error(violations.map(v => formatViolation(subject, v)).join('\n'));
  }
}

/**
 * `value`, which must be known at synth time (`why` says what needs it): a
 * token would slip past the checks or be written into a string.
 */
export function knownNumber(subject: string, property: string, value: number, why: string): number {
  if (Token.isUnresolved(value)) {
    throw new Error(`[AAF-SIGNAL-TOKEN] ${subject}: '${property}' must be a number known at synth time (${why}), got: a token `
      + `(${value}). Fix: pass the number itself.`);
  }
  return value;
}

/**
 * A response-time threshold in seconds, the unit of `TargetResponseTime`. A
 * token can only be passed through as it is: in seconds. Dividing a token
 * number (Duration.millis(param)) would give a meaningless number.
 */
export function secondsOf(subject: string, threshold: Duration): number {
  if (!threshold.isUnresolved()) {
    return threshold.toSeconds({ integral: false });
  }
  try {
    return threshold.toSeconds();
  } catch {
    throw new Error(`[AAF-SIGNAL-TOKEN] ${subject}: 'threshold' must be known at synth time or be Duration.seconds(<token>) `
      + '(the alarm compares seconds, and a token in another unit cannot be converted), got: '
      + `${threshold}. Fix: pass Duration.seconds(param.valueAsNumber), or the duration itself.`);
  }
}

/** The metrics a metric or expression is computed from. */
export function metricLeaves(metric: cloudwatch.IMetric): cloudwatch.MetricStatConfig[] {
  const config = metric.toMetricConfig();
  if (config.metricStat) {
    return [config.metricStat];
  }
  return Object.values(config.mathExpression?.usingMetrics ?? {}).flatMap(metricLeaves);
}

/**
 * Every metric a signal watches must be of the Region it guards (no alarm can
 * watch another Region's metric; aws-cdk-lib would fail with an error naming
 * neither signal nor fix), and have a statistic CloudWatch knows.
 */
export function checkMetricPlacement(subject: string, metric: cloudwatch.IMetric, region: string): void {
  const own = { region: Token.isUnresolved(region) ? undefined : region, account: undefined };
  for (const leaf of metricLeaves(metric)) {
    const name = `${leaf.namespace}/${leaf.metricName}`;
    const at = { region: leaf.region === undefined || Token.isUnresolved(leaf.region) ? undefined : leaf.region };
    throwViolations(subject, [...checkPlacement(`metric ${name}`, at, own, false), ...checkKnownStatistic(leaf.statistic, name)]);
  }
}

/** The values of route53.InsufficientDataHealthStatusEnum, as the template takes them. */
const INSUFFICIENT_DATA_STATUSES: readonly string[] = Object.values(route53.InsufficientDataHealthStatusEnum);

/** The enum-like options of every signal, checked: from JavaScript or another jsii language anything may arrive. */
export function checkSignalOptions(subject: string, options: SignalOptions): void {
  throwViolations(subject, checkEnum('insufficientDataHealthStatus', options.insufficientDataHealthStatus,
    INSUFFICIENT_DATA_STATUSES, 'route53.InsufficientDataHealthStatusEnum'));
}

/** The flags of fromAlarm, checked ('false' would be truthy). */
export function checkAlarmSignalFlags(subject: string, props: AlarmSignalProps): void {
  throwViolations(subject, [
    ...checkBoolean('trafficBased', props.trafficBased),
    ...checkBoolean('mirror', props.mirror),
    ...checkBoolean('mirrorOptions.insufficientDataAsAlarm', props.mirrorOptions?.insufficientDataAsAlarm),
  ]);
}

/**
 * A metric signal's period, checked before any metric is built with it
 * (aws-cdk-lib's own error would suggest 1, 5, 10 or 30 seconds, which Route 53
 * cannot read), and its window: Period x evaluationPeriods within CloudWatch's limit.
 */
export function checkSignalPeriod(subject: string, options: MetricSignalOptions, evaluationPeriods: number): void {
  const period = options.period ?? DEFAULT_PERIOD;
  if (period.isUnresolved()) {
    return; // reported as AAF-SIGNAL-TOKEN
  }
  const seconds = period.toSeconds({ integral: false });
  throwViolations(subject, checkAlarmPeriod('period', seconds));
  if (!Token.isUnresolved(evaluationPeriods)) {
    throwViolations(subject, checkAlarmWindow(seconds, evaluationPeriods));
  }
}

/** An alarm imported by ARN must be of the partition of the Region it guards (its ARN, when literal, says which). */
export function checkAlarmPartition(subject: string, alarm: cloudwatch.IAlarm, region: string): void {
  if (Token.isUnresolved(alarm.alarmArn) || Token.isUnresolved(region)) {
    return;
  }
  const partition = Arn.split(alarm.alarmArn, ArnFormat.COLON_RESOURCE_NAME).partition;
  if (partition !== undefined && !Token.isUnresolved(partition)) {
    throwViolations(subject, checkArnPartition('alarm', alarm.alarmArn, partition, region));
  }
}
