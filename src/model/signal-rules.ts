/**
 * The rules of a signal's own settings: thresholds a metric can cross both
 * ways, statistics CloudWatch knows, an alarm and metrics in the Region (and
 * account) the signal guards. Plain values only; the signals call these.
 */
import { isInMetricUnit, parseStatistic } from './statistic';
import { RuleViolation, unless } from './violation';

/** Stable ids of the signal rules. */
export enum SignalRuleId {
  THRESHOLD = 'AAF-SIGNAL-THRESHOLD',
  STATISTIC = 'AAF-SIGNAL-STATISTIC',
  REGION = 'AAF-SIGNAL-REGION',
  ACCOUNT = 'AAF-SIGNAL-ACCOUNT',
}

/** The values a threshold may take so that the signal can both fire and stay quiet. */
export interface ThresholdRange {
  /** The lowest value allowed (default: none). */
  readonly min?: number;
  /** Whether `min` itself is allowed. */
  readonly minInclusive?: boolean;
  /** The highest value allowed (default: none). */
  readonly max?: number;
  /** Whether `max` itself is allowed. */
  readonly maxInclusive?: boolean;
  /** What the threshold is, and why the bounds: "a count of responses (a count is never below 0, so below 0 it always fires)". */
  readonly meaning: string;
}

/**
 * A threshold (compared with "greater than") that the metric can be on both
 * sides of. One it is always above fires whenever there is data (the Region
 * never stays in DNS); one it is never above can never fire.
 */
export function checkThreshold(threshold: number, range: ThresholdRange): RuleViolation[] {
  const aboveMin = range.min === undefined || (range.minInclusive ? threshold >= range.min : threshold > range.min);
  const belowMax = range.max === undefined || (range.maxInclusive ? threshold <= range.max : threshold < range.max);
  const bounds = [
    range.min === undefined ? '' : `${range.minInclusive ? 'at least' : 'above'} ${range.min}`,
    range.max === undefined ? '' : `${range.maxInclusive ? 'at most' : 'below'} ${range.max}`,
  ].filter(b => b !== '').join(' and ');
  return unless(Number.isFinite(threshold) && aboveMin && belowMax, {
    ruleId: SignalRuleId.THRESHOLD,
    property: 'threshold',
    value: String(threshold),
    problem: `must be a finite number${bounds ? ` ${bounds}` : ''}: ${range.meaning}`,
    fix: `choose a finite threshold${bounds ? ` ${bounds}` : ''}`,
  });
}

/**
 * A statistic CloudWatch knows (aws-cdk-lib passes any string through; an
 * unknown one fails the alarm's deployment or the republisher's every read).
 */
export function checkKnownStatistic(statistic: string, metric: string): RuleViolation[] {
  return unless(parseStatistic(statistic) !== undefined, {
    ruleId: SignalRuleId.STATISTIC,
    property: 'statistic',
    value: `'${statistic}' (metric ${metric})`,
    problem: 'must be a statistic CloudWatch knows (its alarm would fail to deploy, or the republisher could never read it)',
    fix: 'use Average, Minimum, Maximum, Sum, SampleCount, IQM, a percentile (p99, p99.9), or a trimmed, winsorized or ranged '
      + 'statistic (tm90, wm90, tc90, ts90, TM(10%:90%), PR(:0.5))',
  });
}

/**
 * The statistic of a response-time signal: a value in seconds (compared with a
 * Duration), high enough to see slowness: Average, Maximum, a percentile, a
 * trimmed or winsorized mean. A sum, count or percentile rank is not in
 * seconds; Minimum breaches only when every request is slow.
 */
export function checkResponseTimeStatistic(statistic: string): RuleViolation[] {
  const parsed = parseStatistic(statistic);
  const ok = parsed !== undefined && parsed.name !== 'Minimum' && isInMetricUnit(parsed);
  return unless(ok, {
    ruleId: SignalRuleId.STATISTIC,
    property: 'statistic',
    value: `'${statistic}'`,
    problem: parsed === undefined
      ? 'must be a statistic CloudWatch knows'
      : 'must be a response time in seconds, compared with the threshold: a sum, count or percentile rank of response times '
        + 'says nothing about how slow the Region is, and Minimum breaches only once every request is slow',
    fix: 'use \'Average\', \'Maximum\', a percentile (\'p99\', \'P99.9\', \'p100\'), a trimmed or winsorized mean '
      + '(\'tm99\', \'TM(10%:90%)\', \'wm99\', \'IQM\')',
  });
}

/** Where an alarm or a metric lives, as far as is known at synth time. */
export interface Placement {
  readonly region?: string;
  readonly account?: string;
}

/**
 * A signal's alarm (or metric) must be in the Region it guards: a composite
 * health alarm can only watch alarms of its own Region, CloudWatch alarms only
 * metrics of their own Region, and the republisher reads and mirrors its own
 * Region only. A mirrored alarm must also be in the republisher's account:
 * DescribeAlarms and the state-change rule see no other.
 *
 * @param what 'alarm' or 'metric <namespace>/<name>'
 * @param at where it lives (unknown parts are not checked)
 * @param own the Region (and account) of the signal's stack
 * @param mirrored whether the republisher must read it (its account matters)
 */
export function checkPlacement(what: string, at: Placement, own: Placement, mirrored: boolean): RuleViolation[] {
  const differs = (a?: string, b?: string) => a !== undefined && b !== undefined && a !== b;
  return [
    ...unless(!differs(at.region, own.region), {
      ruleId: SignalRuleId.REGION,
      property: what === 'alarm' ? 'alarm' : 'metric',
      value: `${what} in ${at.region}`,
      problem: `must be in the Region the signal guards (${own.region}): a health alarm can only watch alarms of its own Region, `
        + 'an alarm only metrics of its own Region, and the republisher reads and mirrors its own Region only',
      fix: `use an ${what === 'alarm' ? 'alarm' : 'alarm on a metric'} of ${own.region}, created in that Region's stack`,
    }),
    ...unless(!mirrored || !differs(at.account, own.account), {
      ruleId: SignalRuleId.ACCOUNT,
      property: 'alarm',
      value: `${what} in account ${at.account}`,
      problem: `must be in the account of the republisher that mirrors it (${own.account}): its DescribeAlarms and alarm `
        + 'state-change rule see no other account, so nothing would ever be published and the signal would stay healthy',
      fix: 'create the alarm in this account (it may watch metrics of other accounts through CloudWatch cross-account observability)',
    }),
  ];
}
