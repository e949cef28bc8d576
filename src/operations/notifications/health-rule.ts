/**
 * The Region's health as one CloudWatch composite alarm, raised in the Region
 * from its own alarms. Not part of the public API.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The longest AlarmRule CloudWatch accepts. */
export const MAX_ALARM_RULE_LENGTH = 10240;

/**
 * The rule of a Region's health alarm: in ALARM when the switch is, or when
 * fewer than `minHealthy` signal alarms are OK, that is, when at least
 * `signals - minHealthy + 1` of them are in ALARM (every combination of that
 * size, joined by OR).
 *
 * @returns undefined when there is nothing to watch
 */
export function regionHealthRule(
  switchAlarm: cloudwatch.IAlarm | undefined, signalAlarms: cloudwatch.IAlarm[], minHealthy: number,
): cloudwatch.IAlarmRule | undefined {
  const inAlarm = (a: cloudwatch.IAlarm) => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM);
  const parts: cloudwatch.IAlarmRule[] = switchAlarm ? [inAlarm(switchAlarm)] : [];
  const unhealthyNeeded = signalAlarms.length - minHealthy + 1;
  if (signalAlarms.length > 0 && unhealthyNeeded >= 1 && unhealthyNeeded <= signalAlarms.length) {
    for (const group of combinations(signalAlarms, unhealthyNeeded)) {
      parts.push(group.length === 1 ? inAlarm(group[0]) : cloudwatch.AlarmRule.allOf(...group.map(inAlarm)));
    }
  }
  if (parts.length === 0) {
    return undefined;
  }
  return parts.length === 1 ? parts[0] : cloudwatch.AlarmRule.anyOf(...parts);
}

/** Every subset of `items` with `size` elements, in order. */
export function combinations<T>(items: T[], size: number): T[][] {
  if (size === 0) {
    return [[]];
  }
  const result: T[][] = [];
  for (let i = 0; i <= items.length - size; i++) {
    for (const rest of combinations(items.slice(i + 1), size - 1)) {
      result.push([items[i], ...rest]);
    }
  }
  return result;
}

/**
 * The length of a rule once rendered, estimated before its tokens resolve:
 * every alarm reference counts as a full ARN with a name of 255 characters
 * unless the alarm's name is known.
 */
export function estimatedRuleLength(rule: cloudwatch.IAlarmRule): number {
  const rendered = rule.renderAlarmRule();
  // Each token stands for one alarm ARN ("arn:aws:cloudwatch:<region>:<account>:alarm:<name>").
  return rendered.replace(/\$\{Token\[[^\]]+\]\}/g, 'x'.repeat(ARN_ESTIMATE)).length;
}

/** An alarm ARN with a name of up to 255 characters. */
const ARN_ESTIMATE = 'arn:aws-us-gov:cloudwatch:ap-southeast-7:111111111111:alarm:'.length + 255;
