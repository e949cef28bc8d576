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

/** The most alarms one composite alarm's rule may name (CloudWatch, PutCompositeAlarm). */
export const MAX_ALARM_RULE_ALARMS = 100;

/** The size of a health alarm's rule. */
export interface HealthRuleSize {
  /** Its length, estimated as estimatedRuleLength does (a float: it may be astronomically large). */
  readonly length: number;
  /** How many distinct alarms it names. */
  readonly alarms: number;
}

/**
 * The size of the rule `regionHealthRule` would build, computed without
 * building it. The rule ORs every combination of the signals it needs in
 * ALARM: C(n, k) of them, 167,960 ANDs of 11 alarms for 20 signals and
 * minHealthy 10. Building those first exhausts the stack or the heap long
 * before their length could be checked, so the length is counted instead: each
 * alarm appears in C(n-1, k-1) of the combinations.
 */
export function healthRuleSize(
  switchAlarm: cloudwatch.IAlarm | undefined, signalAlarms: cloudwatch.IAlarm[], minHealthy: number,
): HealthRuleSize {
  const reference = (a: cloudwatch.IAlarm) => estimatedRuleLength(cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM));
  const n = signalAlarms.length;
  const k = n - minHealthy + 1;
  const signalsIn = n > 0 && k >= 1 && k <= n;
  const groups = signalsIn ? binomial(n, k) : 0;
  // "(a AND b AND c)": the parentheses and k - 1 " AND ".
  const groupOverhead = k > 1 ? 2 + 5 * (k - 1) : 0;
  const signalsLength = signalsIn
    ? binomial(n - 1, k - 1) * signalAlarms.reduce((sum, a) => sum + reference(a), 0) + groups * groupOverhead
    : 0;
  const parts = groups + (switchAlarm ? 1 : 0);
  // "(p1 OR p2)": the parentheses and parts - 1 " OR ".
  const length = signalsLength + (switchAlarm ? reference(switchAlarm) : 0) + (parts > 1 ? 2 + 4 * (parts - 1) : 0);
  return { length, alarms: (signalsIn ? n : 0) + (switchAlarm ? 1 : 0) };
}

/** Whether CloudWatch accepts a rule of this size. */
export function healthRuleFits(size: HealthRuleSize): boolean {
  return size.length <= MAX_ALARM_RULE_LENGTH && size.alarms <= MAX_ALARM_RULE_ALARMS;
}

/** n choose k, exact while it is below 2^53, a float beyond. */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) {
    return 0;
  }
  const m = Math.min(k, n - k);
  let result = 1;
  for (let i = 1; i <= m; i++) {
    result = result * (n - m + i) / i;
  }
  return result < Number.MAX_SAFE_INTEGER ? Math.round(result) : result;
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
