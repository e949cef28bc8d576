/**
 * Reads the Route 53-relevant settings of a CDK alarm, so that the rules can
 * check it and the regional construct can fingerprint it.
 */
import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmSettings, MetricQuerySettings } from './route53-alarm-rules';

/** What can be seen of an alarm at synth time. */
export interface AlarmInspection {
  /**
   * The settings, or `undefined` when the alarm is imported (by name or ARN)
   * and its settings cannot be seen.
   */
  readonly settings?: AlarmSettings;
  /** The alarm's account, when known. */
  readonly account?: string;
}

/**
 * Inspects an alarm: a CDK `Alarm` (or any construct whose default child is a
 * `CfnAlarm`), a `CompositeAlarm`, or an imported alarm.
 */
export function inspectAlarm(alarm: cloudwatch.IAlarm): AlarmInspection {
  const account = accountOfArn(alarm.alarmArn) ?? resolvedOrUndefined(alarm.env.account);
  const child = alarm.node.defaultChild;
  if (child instanceof cloudwatch.CfnCompositeAlarm) {
    return { account, settings: { composite: true } };
  }
  if (child instanceof cloudwatch.CfnAlarm) {
    return { account, settings: settingsOfCfnAlarm(child) };
  }
  return { account };
}

/** The settings of one `AWS::CloudWatch::Alarm`, resolved in its stack. */
export function settingsOfCfnAlarm(cfn: cloudwatch.CfnAlarm): AlarmSettings {
  const stack = Stack.of(cfn);
  const r = (v: unknown) => (v === undefined ? undefined : stack.resolve(v));
  const metrics = r(cfn.metrics);
  return {
    composite: false,
    namespace: r(cfn.namespace),
    metricName: r(cfn.metricName),
    dimensions: r(cfn.dimensions),
    statistic: r(cfn.statistic),
    extendedStatistic: r(cfn.extendedStatistic),
    period: r(cfn.period),
    evaluationPeriods: r(cfn.evaluationPeriods),
    datapointsToAlarm: r(cfn.datapointsToAlarm),
    threshold: r(cfn.threshold),
    comparisonOperator: r(cfn.comparisonOperator),
    thresholdMetricId: r(cfn.thresholdMetricId),
    metrics: Array.isArray(metrics) ? metrics.map(metricQuerySettings) : undefined,
  };
}

function metricQuerySettings(query: unknown): MetricQuerySettings {
  const q = (query ?? {}) as Record<string, unknown>;
  return { expression: q.expression ?? q.Expression, accountId: q.accountId ?? q.AccountId };
}

/** The account in an alarm ARN, when the ARN is a plain value. */
function accountOfArn(arn: string): string | undefined {
  return Token.isUnresolved(arn) ? undefined : Arn.split(arn, ArnFormat.COLON_RESOURCE_NAME).account;
}

function resolvedOrUndefined(value: string | undefined): string | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}
