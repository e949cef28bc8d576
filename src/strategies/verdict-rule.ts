/**
 * The verdict rule of a republished signal, from the options a strategy is
 * bound with, checked. Not part of the public API.
 */
import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { MetricStrategyBindOptions } from './strategy-types';
import { COUNTS_RECOVERY_SETTLE_MINUTES, Comparison, DEFAULT_RECOVERY_SETTLE_MINUTES, VerdictRule } from '../model/republisher/verdict';
import { checkStaticComparison } from '../model/signal-rules';
import { formatViolation } from '../model/violation';
import { WarningId } from '../model/warnings';
import { addWarning } from '../private/warnings';

/** The comparisons a verdict can make (the static-threshold ones). */
const COMPARISONS: Record<string, Comparison> = {
  [cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD]: 'GreaterThanThreshold',
  [cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD]: 'GreaterThanOrEqualToThreshold',
  [cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD]: 'LessThanThreshold',
  [cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD]: 'LessThanOrEqualToThreshold',
};

/** The rule the republisher judges the signal's minutes by. */
export function verdictRuleOf(options: MetricStrategyBindOptions, strategyName: string): VerdictRule {
  const subject = `signal '${options.signalName}' (strategy ${strategyName})`;
  const comparison = COMPARISONS[options.comparisonOperator];
  if (comparison === undefined) {
    // Signals check it when made; a strategy bound by a signal of its own (a subclass) is checked here.
    const violations = checkStaticComparison(options.comparisonOperator);
    throw new Error(violations.map(v => formatViolation(subject, v)).join('\n'));
  }
  const rule: VerdictRule = {
    threshold: options.threshold,
    comparison,
    evaluationPeriods: options.evaluationPeriods,
    datapointsToAlarm: options.datapointsToAlarm ?? options.evaluationPeriods,
    recoveryThreshold: options.recoveryThreshold ?? options.threshold,
    recoveryPeriods: options.recoveryPeriods ?? 1,
    recoverySettleMinutes: options.samplesKey === undefined ? DEFAULT_RECOVERY_SETTLE_MINUTES : COUNTS_RECOVERY_SETTLE_MINUTES,
  };
  // The republisher decides from these numbers every minute: they must be known now, not at deployment.
  for (const [property, value] of Object.entries(rule)) {
    if (typeof value === 'number' && Token.isUnresolved(value)) {
      throw new Error(`[AAF-STRATEGY-TOKEN] ${subject}: '${property}' must be a number known at synth time (the republisher `
        + `judges every minute by it), got a token (${value}). Fix: pass the number itself, or use MetricStrategy.mirror().`);
    }
  }
  checkPeriods(subject, rule);
  const loose = comparison.startsWith('Greater') ? rule.recoveryThreshold <= rule.threshold : rule.recoveryThreshold >= rule.threshold;
  if (!Number.isFinite(rule.recoveryThreshold) || !loose) {
    throw new Error(`[AAF-SIGNAL-RECOVERY-THRESHOLD] ${subject}: 'recoveryThreshold' must be a finite number on the healthy `
      + `side of the threshold (${comparison.startsWith('Greater') ? 'at most' : 'at least'} ${rule.threshold}), got: `
      + `${rule.recoveryThreshold}. Fix: leave it unset (the threshold) or move it to the healthy side.`);
  }
  return rule;
}

/** The most minutes a verdict looks at (N): an hour of one-minute data. */
export const MAX_VERDICT_PERIODS = 60;

function checkPeriods(subject: string, rule: VerdictRule): void {
  if (!Number.isInteger(rule.evaluationPeriods) || rule.evaluationPeriods < 1 || rule.evaluationPeriods > MAX_VERDICT_PERIODS) {
    throw new Error(`[AAF-SIGNAL-EVALUATION-PERIODS] ${subject}: 'evaluationPeriods' must be a whole number from 1 to `
      + `${MAX_VERDICT_PERIODS} with this strategy (minutes the republisher reads), got: ${rule.evaluationPeriods}. Fix: choose a value in that range.`);
  }
  checkDatapoints(subject, rule.datapointsToAlarm, rule.evaluationPeriods);
  if (!Number.isInteger(rule.recoveryPeriods) || rule.recoveryPeriods < 1 || rule.recoveryPeriods > 60) {
    throw new Error(`[AAF-SIGNAL-RECOVERY-PERIODS] ${subject}: 'recoveryPeriods' must be a whole number from 1 to 60, `
      + `got: ${rule.recoveryPeriods}. Fix: choose a value in that range.`);
  }
}

/** M of N: a whole number from 1 to evaluationPeriods (a token N is checked at deployment). */
export function checkDatapoints(subject: string, m: number, n: number): void {
  if (Token.isUnresolved(m)) {
    return;
  }
  const max = Token.isUnresolved(n) ? Infinity : n;
  if (!Number.isInteger(m) || m < 1 || m > max) {
    throw new Error(`[AAF-SIGNAL-DATAPOINTS] ${subject}: 'datapointsToAlarm' must be a whole number from 1 to evaluationPeriods (${n}), `
      + `got: ${m}. Fix: choose a value in that range.`);
  }
}

/**
 * `datapointsToAlarm` (M of N) can differ from `evaluationPeriods` only where
 * the strategy judges the metric itself: Route 53 reads no "M out of N" alarm.
 */
export function requireEveryPeriod(options: MetricStrategyBindOptions, strategyName: string): void {
  const m = options.datapointsToAlarm;
  if (m !== undefined && !Token.isUnresolved(m) && !Token.isUnresolved(options.evaluationPeriods) && m !== options.evaluationPeriods) {
    throw new Error(`[AAF-SIGNAL-DATAPOINTS] signal '${options.signalName}' (strategy ${strategyName}): 'datapointsToAlarm' must `
      + `equal evaluationPeriods (${options.evaluationPeriods}) with this strategy, got: ${m}. Route 53 reads no "M out of N" alarm. `
      + 'Fix: leave datapointsToAlarm unset, or use MetricStrategy.republish() (which judges M of N itself) or MetricStrategy.mirror().');
  }
}

/**
 * Warns when the hysteresis options are given to a strategy that does not
 * judge the metric itself: Route 53 (direct, approximate) and a regular alarm
 * (mirror) read no recovery threshold.
 */
export function warnIfRecoveryIgnored(scope: Construct, options: MetricStrategyBindOptions, strategyName: string): void {
  const given = (['recoveryThreshold', 'recoveryPeriods'] as const).filter(p => options[p] !== undefined);
  if (given.length > 0) {
    addWarning(scope, WarningId.RECOVERY_IGNORED,
      `signal '${options.signalName}' (strategy ${strategyName}): ${given.map(p => `'${p}'`).join(' and ')} ${given.length > 1 ? 'are' : 'is'} `
      + 'ignored: only MetricStrategy.republish() judges the metric itself and has a way back other than the threshold. '
      + 'Use MetricStrategy.republish(), or leave them unset.');
  }
}
