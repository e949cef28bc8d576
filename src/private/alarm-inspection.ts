/**
 * Reads the Route 53-relevant settings of an alarm construct or a metric (the
 * CDK adapter of `model/alarm-settings.ts`), so that the rules can check it and
 * the health check can be re-synced with it.
 *
 * Settings are read from the alarm's rendered CloudFormation properties
 * (escape-hatch overrides included), resolved in its stack: call this during
 * synthesis (from an aspect), after every construct has been configured.
 */
import { Arn, ArnFormat, CfnResource, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { renderedResource } from './cfn';
import { settingsOfAlarmProperties } from '../model/alarm-settings';
import { AlarmSettings, simpleStatistic } from '../model/route53-alarm-rules';
import { Placement } from '../model/signal-rules';

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
 * Inspects an alarm: a CDK `Alarm` (or any construct whose default child is an
 * `AWS::CloudWatch::Alarm`), a `CompositeAlarm`, or an imported alarm.
 */
export function inspectAlarm(alarm: cloudwatch.IAlarm): AlarmInspection {
  const account = placementOfAlarm(alarm).account;
  const child = alarm.node.defaultChild;
  if (child instanceof cloudwatch.CfnCompositeAlarm) {
    return { account, settings: { composite: true, accountId: account } };
  }
  if (child instanceof CfnResource && child.cfnResourceType === cloudwatch.CfnAlarm.CFN_RESOURCE_TYPE_NAME) {
    return { account, settings: { ...settingsOfAlarmProperties(renderedResource(child).properties), accountId: account } };
  }
  return { account };
}

/**
 * The Region and account of an alarm, where known at synth time. An alarm
 * imported by ARN takes the stack's environment in aws-cdk-lib, whatever its
 * ARN says: the ARN, when it is a plain value, is the truth.
 */
export function placementOfAlarm(alarm: cloudwatch.IAlarm): Placement {
  const arn = Token.isUnresolved(alarm.alarmArn) ? undefined : Arn.split(alarm.alarmArn, ArnFormat.COLON_RESOURCE_NAME);
  return {
    region: resolvedOrUndefined(arn?.region) ?? resolvedOrUndefined(alarm.env.region),
    account: resolvedOrUndefined(arn?.account) ?? resolvedOrUndefined(alarm.env.account),
  };
}

function resolvedOrUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' || Token.isUnresolved(value) ? undefined : value;
}

/**
 * The settings an alarm on `metric` would have, as far as the metric decides
 * them (statistic, period, metric math, account).
 */
export function settingsOfMetric(metric: cloudwatch.IMetric): AlarmSettings {
  const config = metric.toMetricConfig();
  if (config.mathExpression) {
    return { composite: false, metrics: [{ expression: config.mathExpression.expression }] };
  }
  const stat = config.metricStat!;
  const simple = simpleStatistic(stat.statistic);
  return {
    composite: false,
    namespace: stat.namespace,
    metricName: stat.metricName,
    statistic: simple,
    extendedStatistic: simple === undefined ? stat.statistic : undefined,
    period: stat.period.isUnresolved() ? undefined : stat.period.toSeconds(),
    accountId: stat.account,
  };
}

/** An alarm's name when it is known at synth time. */
export function literalAlarmName(alarm: cloudwatch.IAlarm): string | undefined {
  const cfn = alarm.node.defaultChild;
  const name = cfn instanceof cloudwatch.CfnAlarm ? cfn.alarmName : alarm.alarmName;
  return name === undefined || Token.isUnresolved(name) ? undefined : name;
}
