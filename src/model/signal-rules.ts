/**
 * The rules of a signal's own settings: thresholds a metric can cross both
 * ways, statistics CloudWatch knows, an alarm and metrics in the Region (and
 * account) the signal guards. Plain values only; the signals call these.
 */
import { isInMetricUnit, ParsedStatistic, parseStatistic, StatisticKind } from './statistic';
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
    problem: 'must be a statistic CloudWatch knows, with a range\'s lower bound below its upper (its alarm would fail to deploy, '
      + 'or the republisher could never read it)',
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
      ? 'must be a statistic CloudWatch knows (a range\'s lower bound below its upper)'
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

/** The id of the rules on the strategy a signal's alarm is built by (comparison, approximation). */
export enum StrategyRuleId {
  COMPARISON = 'AAF-STRATEGY-COMPARISON',
  STATISTIC = 'AAF-STRATEGY-STATISTIC',
}

/** The comparisons with a static threshold: the only ones Route 53 (and the republisher) can read. */
export const STATIC_COMPARISONS: readonly string[] = [
  'GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
];

/**
 * A signal's comparison: with a static threshold. The anomaly-band operators
 * need a ThresholdMetricId (an anomaly detection band), which a signal never
 * has: its alarm would fail to deploy, and Route 53 cannot read anomaly
 * detection alarms anyway. Whatever the strategy.
 */
export function checkStaticComparison(comparisonOperator: unknown): RuleViolation[] {
  return unless(comparisonOperator === undefined || STATIC_COMPARISONS.includes(comparisonOperator as string), {
    ruleId: StrategyRuleId.COMPARISON,
    property: 'comparisonOperator',
    value: typeof comparisonOperator === 'string' ? `'${comparisonOperator}'` : `${typeof comparisonOperator} ${String(comparisonOperator)}`,
    problem: `must compare with a static threshold (${STATIC_COMPARISONS.join(', ')}): an anomaly band needs an anomaly `
      + 'detection model (ThresholdMetricId), which a signal\'s alarm has not, and Route 53 cannot read anomaly detection alarms',
    fix: 'use one of those operators (cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, ...)',
  });
}

/**
 * The simple statistics an extended statistic may be approximated by: the
 * same kind of value. A percentile or mean of values (in the metric's unit,
 * such as seconds) by Average, Maximum or Minimum, never by a Sum or
 * SampleCount, which count requests against a threshold in seconds; a
 * trimmed sum by Sum; a trimmed count by SampleCount; a percentile rank by
 * none (no simple statistic is a share of datapoints).
 */
export function approximationsOf(source: ParsedStatistic): readonly string[] {
  if (isInMetricUnit(source)) {
    return ['Average', 'Maximum', 'Minimum'];
  }
  if (source.kind === StatisticKind.TRIMMED_SUM) {
    return ['Sum'];
  }
  return source.kind === StatisticKind.TRIMMED_COUNT ? ['SampleCount'] : [];
}

/**
 * MetricStrategy.approximate: the simple statistic replacing the signal's
 * statistic must keep its meaning and unit (`approximationsOf`).
 *
 * @param source the signal's statistic, as given
 * @param approximation the simple statistic of the strategy, as Route 53 names it
 */
export function checkApproximation(source: string, approximation: string): RuleViolation[] {
  const parsed = parseStatistic(source);
  const allowed = parsed === undefined ? [] : approximationsOf(parsed);
  return unless(parsed === undefined || allowed.includes(approximation), {
    ruleId: StrategyRuleId.STATISTIC,
    property: 'statistic',
    value: `'${approximation}' for the signal's '${source}'`,
    problem: allowed.length === 0
      ? 'cannot approximate a percentile rank: no simple statistic is a share of datapoints'
      : `must keep the meaning and unit of '${source}' (allowed: ${allowed.join(', ')}); a ${approximation} compared `
        + 'with the threshold would measure something else (a count of requests against a time, say)',
    fix: allowed.length === 0
      ? 'use MetricStrategy.republish() or MetricStrategy.mirror()'
      : `pass MetricStrategy.approximate({ statistic: '${allowed[1] ?? allowed[0]}' }) (or leave it unset for Maximum), `
        + 'or use MetricStrategy.republish()',
  });
}

/**
 * The largest `minRequests`: an error rate's denominator is at least
 * minRequests, so above the requests the load balancer serves in a period the
 * rate can never reach the threshold. One billion a minute is over 16 million
 * requests a second, beyond any one load balancer; it also keeps the number
 * exact and short in the rate's expression.
 */
export const MAX_MIN_REQUESTS = 1_000_000_000;

/** An error rate's `minRequests`: a whole number from 1 to MAX_MIN_REQUESTS. */
export function checkMinRequests(minRequests: number): RuleViolation[] {
  return unless(Number.isInteger(minRequests) && minRequests >= 1 && minRequests <= MAX_MIN_REQUESTS, {
    ruleId: 'AAF-SIGNAL-MIN-REQUESTS',
    property: 'minRequests',
    value: String(minRequests),
    problem: `must be a whole number from 1 to ${MAX_MIN_REQUESTS} (the rate's denominator is at least minRequests: above `
      + 'what the load balancer serves in a period, the rate could never reach the threshold)',
    fix: 'leave it unset (20) or pass a whole number in that range, about the fewest requests a period of normal traffic has',
  });
}
