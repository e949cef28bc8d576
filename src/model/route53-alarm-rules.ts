/**
 * The Route 53 alarm rules: which CloudWatch alarms a CLOUDWATCH_METRIC
 * health check can follow.
 *
 * This module is the single owner of those rules. Signals, strategies, the
 * regional construct and the tests all call it. It knows nothing of the
 * library's constructs: it works on plain `AlarmSettings`.
 *
 * Sources: Route 53 API reference (AlarmIdentifier, CloudWatchAlarmConfiguration),
 * Route 53 Developer Guide ("Values that you specify when you create or update
 * health checks"), CloudWatch API reference (PutMetricAlarm).
 */
import { createHash } from 'crypto';
import { parseStatistic, StatisticKind } from './statistic';
import { RuleViolation, unless } from './violation';

/** The statistics Route 53 accepts on an alarm (no extended statistics). */
export const ROUTE53_STATISTICS: readonly string[] = ['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount'];

/** One day, the longest Period x EvaluationPeriods when Period is under an hour. */
const ONE_DAY_SECONDS = 86_400;
/** Seven days, the longest Period x EvaluationPeriods when Period is an hour or more. */
const SEVEN_DAYS_SECONDS = 7 * ONE_DAY_SECONDS;

/**
 * Stable ids of the Route 53 alarm rules. They appear in every message and
 * never change meaning.
 */
export enum AlarmRuleId {
  COMPOSITE = 'AAF-ALARM-COMPOSITE',
  ANOMALY_DETECTION = 'AAF-ALARM-ANOMALY-DETECTION',
  METRIC_MATH = 'AAF-ALARM-METRIC-MATH',
  CROSS_ACCOUNT = 'AAF-ALARM-CROSS-ACCOUNT',
  EXTENDED_STATISTIC = 'AAF-ALARM-EXTENDED-STATISTIC',
  STATISTIC = 'AAF-ALARM-STATISTIC',
  PERIOD = 'AAF-ALARM-PERIOD',
  M_OF_N = 'AAF-ALARM-M-OF-N',
  EVALUATION_WINDOW = 'AAF-ALARM-EVALUATION-WINDOW',
}

/**
 * The rules a metric breaks that a strategy other than Direct can work around
 * (by republishing the value, or mirroring an alarm's state): a percentile or
 * other non-simple statistic, metric math.
 */
export const WORKAROUND_RULES: readonly AlarmRuleId[] = [AlarmRuleId.EXTENDED_STATISTIC, AlarmRuleId.STATISTIC, AlarmRuleId.METRIC_MATH];

/**
 * The settings of one CloudWatch alarm as resolved values. A value that is
 * still a token after resolution (a parameter, an import) is left `unknown`
 * and is never validated as if it were a value.
 */
export interface AlarmSettings {
  /** Composite alarms have no metric of their own. */
  readonly composite: boolean;
  readonly namespace?: unknown;
  readonly metricName?: unknown;
  readonly dimensions?: unknown;
  readonly statistic?: unknown;
  readonly extendedStatistic?: unknown;
  readonly period?: unknown;
  readonly evaluationPeriods?: unknown;
  readonly datapointsToAlarm?: unknown;
  readonly threshold?: unknown;
  readonly comparisonOperator?: unknown;
  /** The `Metrics` array (metric math, cross-account or anomaly detection alarms), when present. */
  readonly metrics?: MetricQuerySettings[];
  /** Set on anomaly detection alarms. */
  readonly thresholdMetricId?: unknown;
  /** The account the alarm lives in, when known (imported alarms). */
  readonly accountId?: unknown;
  /** How the alarm treats missing data ('breaching', 'notBreaching', 'ignore', 'missing'). */
  readonly treatMissingData?: unknown;
}

/** What the rules need of one entry of an alarm's `Metrics` array. */
export interface MetricQuerySettings {
  readonly expression?: unknown;
  readonly accountId?: unknown;
}

/** A broken Route 53 alarm rule. */
export interface AlarmRuleViolation extends RuleViolation {
  readonly ruleId: AlarmRuleId;
}

const isNumber = (v: unknown): v is number => typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string' && !v.includes('${Token[');

/**
 * Whether a value is decided at deployment: a token, or an intrinsic (`Ref` to
 * a parameter, `Fn::ImportValue`, `Fn::If`, ...) once resolved. A literal of
 * the wrong type (null, a boolean, an array, an object) is not: no deployment
 * makes it a valid value.
 */
export function isDecidedAtDeployment(v: unknown): boolean {
  if (typeof v === 'string') {
    return v.includes('${Token[');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return false;
  }
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** A value for a message: strings as they are, anything else (an intrinsic) as JSON. */
const printable = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Maps a statistic as users write it ('avg', 'Maximum', 'p99') to the name
 * Route 53 expects, or `undefined` when it is not a simple statistic.
 */
export function simpleStatistic(statistic: string): string | undefined {
  const parsed = parseStatistic(statistic);
  return parsed?.kind === StatisticKind.SIMPLE ? parsed.name : undefined;
}

/**
 * Checks one alarm against Route 53's rules for CLOUDWATCH_METRIC health checks.
 *
 * @param settings the alarm, resolved
 * @param account the account of the health check, when known
 * @returns every rule the alarm breaks (empty when Route 53 accepts it)
 */
export function checkRoute53Alarm(settings: AlarmSettings, account?: string): AlarmRuleViolation[] {
  if (settings.composite) {
    return [{
      ruleId: AlarmRuleId.COMPOSITE,
      property: 'AlarmRule',
      value: 'composite alarm',
      problem: 'is a composite alarm, which has no single metric for Route 53 to evaluate',
      fix: 'alarm on one metric with a simple statistic, or give each metric its own signal and let the Region\'s calculated health check combine them',
    }];
  }
  const violations: AlarmRuleViolation[] = [];
  violations.push(...checkMetricsArray(settings, account));
  violations.push(...checkAccount(settings, account));
  violations.push(...checkStatistic(settings));
  violations.push(...checkPeriod(settings));
  violations.push(...checkDatapoints(settings));
  violations.push(...checkEvaluationWindow(settings));
  return violations;
}

function checkMetricsArray(s: AlarmSettings, account?: string): AlarmRuleViolation[] {
  if (s.thresholdMetricId !== undefined) {
    return [{
      ruleId: AlarmRuleId.ANOMALY_DETECTION,
      property: 'ThresholdMetricId',
      value: printable(s.thresholdMetricId),
      problem: 'makes this an anomaly detection alarm, which Route 53 cannot read',
      fix: 'alarm on the metric itself with a static threshold',
    }];
  }
  if (s.metrics === undefined) {
    return [];
  }
  const queries = s.metrics;
  const expression = queries.find(q => q.expression !== undefined);
  if (expression) {
    return [{
      ruleId: AlarmRuleId.METRIC_MATH,
      property: 'Metrics',
      value: `expression ${JSON.stringify(expression.expression)}`,
      problem: 'uses metric math, which Route 53 cannot read (the API answers InternalFailure)',
      fix: 'alarm on a single metric with a simple statistic (Average, Minimum, Maximum, Sum or SampleCount)',
    }];
  }
  const foreign = queries.find(q => isString(q.accountId) && isString(account) && q.accountId !== account);
  if (foreign) {
    return [{
      ruleId: AlarmRuleId.CROSS_ACCOUNT,
      property: 'Metrics[].AccountId',
      value: String(foreign.accountId),
      problem: `watches a metric of another account than the health check's (${account}), which Route 53 does not support`,
      fix: 'create the alarm, its metric and the health check in the same account',
    }];
  }
  return [{
    ruleId: AlarmRuleId.METRIC_MATH,
    property: 'Metrics',
    value: `${queries.length} metric quer${queries.length === 1 ? 'y' : 'ies'}`,
    problem: 'is defined with the Metrics array, which Route 53 cannot read',
    fix: 'define the alarm with MetricName, Namespace, Statistic and Period',
  }];
}

function checkAccount(s: AlarmSettings, account?: string): AlarmRuleViolation[] {
  if (isString(s.accountId) && isString(account) && s.accountId !== account) {
    return [{
      ruleId: AlarmRuleId.CROSS_ACCOUNT,
      property: 'AlarmArn',
      value: `account ${s.accountId}`,
      problem: `is in another account than the health check's (${account}), which Route 53 does not support`,
      fix: 'create the alarm and the health check in the same account',
    }];
  }
  return [];
}

function checkStatistic(s: AlarmSettings): AlarmRuleViolation[] {
  if (s.metrics !== undefined) {
    return []; // reported by checkMetricsArray
  }
  if (s.extendedStatistic !== undefined) {
    return [{
      ruleId: AlarmRuleId.EXTENDED_STATISTIC,
      property: 'ExtendedStatistic',
      value: printable(s.extendedStatistic),
      problem: 'is an extended statistic (percentile or trimmed statistic), which Route 53 cannot read',
      fix: `use one of ${ROUTE53_STATISTICS.join(', ')} (for a latency percentile, Maximum is the closest simple statistic)`,
    }];
  }
  if (isString(s.statistic) && !ROUTE53_STATISTICS.includes(s.statistic)) {
    return [{
      ruleId: AlarmRuleId.STATISTIC,
      property: 'Statistic',
      value: s.statistic,
      problem: 'is not a statistic Route 53 accepts',
      fix: `use one of ${ROUTE53_STATISTICS.join(', ')}`,
    }];
  }
  return [];
}

function checkPeriod(s: AlarmSettings): AlarmRuleViolation[] {
  return isNumber(s.period) ? checkAlarmPeriod('Period', s.period) : [];
}

/**
 * An alarm's period Route 53 reads: 60 seconds or a multiple of 60 (no high
 * resolution). Also the check of a signal's `period`, before aws-cdk-lib
 * builds a metric with it (its own error suggests 1, 5, 10 or 30 seconds,
 * which Route 53 cannot read).
 *
 * @param property the property as the user names it ('Period' in a template, 'period' on a signal)
 */
export function checkAlarmPeriod(property: string, seconds: number): AlarmRuleViolation[] {
  if (seconds >= 60 && seconds % 60 === 0) {
    return [];
  }
  return [{
    ruleId: AlarmRuleId.PERIOD,
    property,
    value: `${seconds} seconds`,
    problem: 'is not a standard-resolution period; Route 53 reads only alarms whose period is 60 seconds or a multiple of 60',
    fix: 'use a period of 1 minute (or a whole number of minutes)',
  }];
}

/** Period x EvaluationPeriods within CloudWatch's limit, as a signal's `evaluationPeriods` (see checkEvaluationWindow). */
export function checkAlarmWindow(periodSeconds: number, evaluationPeriods: number): AlarmRuleViolation[] {
  return checkEvaluationWindow({ composite: false, period: periodSeconds, evaluationPeriods })
    .map(v => ({ ...v, property: 'evaluationPeriods' }));
}

function checkDatapoints(s: AlarmSettings): AlarmRuleViolation[] {
  if (isNumber(s.datapointsToAlarm) && isNumber(s.evaluationPeriods) && s.datapointsToAlarm !== s.evaluationPeriods) {
    return [{
      ruleId: AlarmRuleId.M_OF_N,
      property: 'DatapointsToAlarm',
      value: `${s.datapointsToAlarm} out of ${s.evaluationPeriods} evaluation periods`,
      problem: 'makes this an "M out of N" alarm, which Route 53 cannot read',
      fix: 'set DatapointsToAlarm equal to EvaluationPeriods (or leave it unset)',
    }];
  }
  return [];
}

function checkEvaluationWindow(s: AlarmSettings): AlarmRuleViolation[] {
  if (!isNumber(s.period) || !isNumber(s.evaluationPeriods)) {
    return [];
  }
  const limit = s.period < 3600 ? ONE_DAY_SECONDS : SEVEN_DAYS_SECONDS;
  const window = s.period * s.evaluationPeriods;
  if (window > limit) {
    return [{
      ruleId: AlarmRuleId.EVALUATION_WINDOW,
      property: 'EvaluationPeriods',
      value: `${s.evaluationPeriods} x ${s.period} seconds = ${window} seconds`,
      problem: `exceeds CloudWatch's limit of ${limit} seconds for Period x EvaluationPeriods`,
      fix: `use at most ${Math.floor(limit / s.period)} evaluation periods of ${s.period} seconds`,
    }];
  }
  return [];
}

/** The id of the rule on tokens in the settings Route 53 copies. */
export const ALARM_TOKEN_RULE = 'AAF-ALARM-TOKEN';

/**
 * The settings Route 53 copies into its CloudWatchAlarmConfiguration must be
 * known at synth time: a value decided at deployment (a parameter) cannot
 * enter the re-sync digest, so changing it would change the alarm and leave
 * the health check on the old copy. Dimensions are left out: they name
 * resources (a load balancer), which are references by nature.
 * DatapointsToAlarm is not copied, but decided at deployment it may make an
 * "M out of N" alarm (AAF-ALARM-M-OF-N) that Route 53 refuses, and no one
 * could tell at synth time.
 */
export function checkKnownAtSynth(s: AlarmSettings): RuleViolation[] {
  const copied: Array<[string, unknown]> = [
    ['Threshold', s.threshold], ['Period', s.period], ['EvaluationPeriods', s.evaluationPeriods],
    ['ComparisonOperator', s.comparisonOperator], ['Statistic', s.statistic], ['ExtendedStatistic', s.extendedStatistic],
    ['Namespace', s.namespace], ['MetricName', s.metricName],
  ];
  const violations = copied.filter(([, v]) => isDecidedAtDeployment(v)).map(([property, v]) => ({
    ruleId: ALARM_TOKEN_RULE,
    property,
    value: `${JSON.stringify(v)} (a value decided at deployment)`,
    problem: 'must be known at synth time: Route 53 copies it when the health check is created and never reads the alarm again, '
      + 'and only a value known now can re-sync the health check when it changes',
    fix: 'pass the number or string itself (not a CfnParameter or another token), or use MetricStrategy.mirror(), whose followed 0/1 alarm has fixed settings',
  }));
  return [...violations, ...unless(!isDecidedAtDeployment(s.datapointsToAlarm), {
    ruleId: ALARM_TOKEN_RULE,
    property: 'DatapointsToAlarm',
    value: `${JSON.stringify(s.datapointsToAlarm)} (a value decided at deployment)`,
    problem: 'must be known at synth time: Route 53 cannot read an alarm whose DatapointsToAlarm differs from EvaluationPeriods '
      + '("M out of N"), and a value decided at deployment cannot be checked against it',
    fix: 'pass the number itself, equal to EvaluationPeriods (or leave DatapointsToAlarm unset)',
  })];
}

/**
 * An alarm whose TreatMissingData says the opposite of what its health check
 * does without data: the alarm (and the Region's health alarm, notifications
 * and dashboard) would read ALARM while Route 53 keeps the Region in DNS, or
 * OK while Route 53 takes it out. 'ignore' and 'missing' keep the alarm's state
 * and say nothing either way. A warning: DNS still does what the health check says.
 *
 * @param ruleId the warning's id
 * @param status the health check's InsufficientDataHealthStatus
 */
export function checkMissingDataAgreement(ruleId: string, treatMissingData: unknown, status: string): RuleViolation[] {
  const expected: Record<string, string> = { Healthy: 'notBreaching', Unhealthy: 'breaching' };
  const opposite = (treatMissingData === 'breaching' && status !== 'Unhealthy')
    || (treatMissingData === 'notBreaching' && status === 'Unhealthy');
  return unless(!opposite, {
    ruleId,
    property: 'TreatMissingData',
    value: `'${String(treatMissingData)}' with insufficientDataHealthStatus ${status}`,
    problem: 'tells the opposite of the health check: without data the alarm (and the Region\'s health alarm and notifications) '
      + `reads ${treatMissingData === 'breaching' ? 'ALARM while Route 53 does not take the Region out' : 'OK while Route 53 takes the Region out'}`,
    fix: `set the alarm's treatMissingData to '${expected[status] ?? 'ignore'}', or insufficientDataHealthStatus to `
      + `${treatMissingData === 'breaching' ? 'UNHEALTHY' : 'HEALTHY'}`,
  });
}

/**
 * A short, stable digest of the alarm settings Route 53 copies into its own
 * CloudWatchAlarmConfiguration when a health check is created or updated.
 * Route 53 never re-reads an alarm by itself, so whatever changes this digest
 * must also change the health check.
 */
export function route53AlarmFingerprint(s: AlarmSettings): string {
  const copied = {
    namespace: s.namespace,
    metricName: s.metricName,
    dimensions: normalizeDimensions(s.dimensions),
    statistic: s.statistic,
    extendedStatistic: s.extendedStatistic,
    period: s.period,
    evaluationPeriods: s.evaluationPeriods,
    threshold: s.threshold,
    comparisonOperator: s.comparisonOperator,
  };
  return createHash('sha256').update(JSON.stringify(copied)).digest('hex').slice(0, 8).toUpperCase();
}

/** Dimensions in a stable order, so that reordering them changes nothing. */
function normalizeDimensions(dimensions: unknown): unknown {
  if (!Array.isArray(dimensions)) {
    return dimensions;
  }
  return [...dimensions]
    .map(d => JSON.stringify(d))
    .sort();
}
