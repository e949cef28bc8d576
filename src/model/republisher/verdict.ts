/**
 * A republished signal's verdict: whether the signal keeps its Region out of
 * DNS, decided by the republisher every minute from the recent minutes of the
 * signal's value, and published as 0 (healthy) or 1 (unhealthy) with the
 * timestamp of the run, so Route 53 reads it with one evaluation period and
 * never depends on how far back it looks.
 *
 * Stateless: every run recomputes the verdict from the values it reads now, so
 * a minute first read early (from some load balancer nodes only) and
 * overstated is read again, complete, by the next run, and a late minute is
 * used as soon as it arrives. The rule, over the minutes of the window in
 * order (a minute without data is skipped: it is neither a breach nor a
 * recovery):
 *
 * - healthy -> unhealthy when at least `datapointsToAlarm` of the last
 *   `evaluationPeriods` minutes with data breach the threshold, all of them
 *   within the last `evaluationPeriods + maxGapMinutes` minutes. A minute
 *   younger than `recoverySettleMinutes` that does not breach is left out
 *   (it may be a late count's partial read): it neither counts nor vetoes;
 * - unhealthy -> healthy when the last `recoveryPeriods` *settled* minutes with
 *   data are all on the healthy side of `recoveryThreshold`, and no newer
 *   minute breaches (hysteresis: missing data never brings a Region back, only
 *   minutes that show it has recovered). A minute is settled once it is
 *   `recoverySettleMinutes` old (counted from its start): a minute read early
 *   can show some load balancer nodes only, and one of its counts can arrive a
 *   minute late (a missing 5xx count reads as no error), so only a minute read
 *   again, complete, may prove a recovery. Breaches count at once: leaving DNS
 *   waits for nothing, coming back waits for evidence.
 *
 * Pure: no AWS calls, no CDK.
 */

/** How a value is compared with its threshold (CloudWatch's names). */
export type Comparison =
  | 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

/** The rule that turns a signal's minutes into its verdict. */
export interface VerdictRule {
  readonly threshold: number;
  readonly comparison: Comparison;
  /** M: how many of the last N minutes with data must breach. */
  readonly datapointsToAlarm: number;
  /** N. */
  readonly evaluationPeriods: number;
  /** Unhealthy stays unhealthy until a value is on the healthy side of this (at most the threshold, for "greater" comparisons). */
  readonly recoveryThreshold: number;
  /** How many minutes with data in a row must be on the healthy side of `recoveryThreshold`. */
  readonly recoveryPeriods: number;
  /** How old a minute must be (from its start) before it may prove a recovery. */
  readonly recoverySettleMinutes: number;
}

/**
 * The age at which a minute of one metric (a percentile) may prove a
 * recovery: readable 2 minutes after it starts, one more if late (the
 * documented profile, docs/simulator.md). A first read from some load
 * balancer nodes only still shows their latency.
 */
export const DEFAULT_RECOVERY_SETTLE_MINUTES = 3;

/**
 * The age at which a minute computed from several counts (an error rate) may
 * prove a recovery: one more minute, until a late count's partial first read
 * is complete (a late 5xx count read from one node makes the rate read low).
 */
export const COUNTS_RECOVERY_SETTLE_MINUTES = 4;

/** The most minutes without data that may separate the N minutes of one decision. */
export const MAX_GAP_MINUTES = 2;

/** Whether `value` breaches `threshold` under `comparison`. */
export function breaches(value: number, threshold: number, comparison: Comparison): boolean {
  switch (comparison) {
    case 'GreaterThanThreshold': return value > threshold;
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'LessThanThreshold': return value < threshold;
    case 'LessThanOrEqualToThreshold': return value <= threshold;
  }
}

/** Whether `value` shows recovery: it does not breach the (looser) recovery threshold. */
function recovered(value: number, rule: VerdictRule): boolean {
  return !breaches(value, rule.recoveryThreshold, rule.comparison);
}

/**
 * The verdict after the window's minutes, oldest first (`undefined`: no data
 * in that minute): 1 unhealthy, 0 healthy. The Region is assumed healthy
 * before the window starts, so the window must be long enough to hold an
 * incident's entry (see `verdictWindowMinutes`).
 */
export function verdict(values: readonly (number | undefined)[], rule: VerdictRule): 0 | 1 {
  const points: { minute: number; value: number }[] = [];
  values.forEach((value, minute) => {
    if (value !== undefined && Number.isFinite(value)) {
      points.push({ minute, value });
    }
  });
  return replay(points, values.length, rule) ? 1 : 0;
}

/**
 * The state machine over the minutes with data, oldest first, as the run at
 * minute `now` (the window's length) sees them: true while unhealthy.
 */
function replay(points: readonly { minute: number; value: number }[], now: number, rule: VerdictRule): boolean {
  const settled = (minute: number) => now - minute >= rule.recoverySettleMinutes;
  let unhealthy = false;
  // The minutes with data since the last recovery: a recovery starts the count
  // of breaches afresh, so the breaches it ended cannot trip it again.
  let since: { minute: number; value: number }[] = [];
  points.forEach((point, i) => {
    since.push(point);
    if (!unhealthy) {
      // A young minute that does not breach may still be incomplete (a late or partial count): it neither counts nor vetoes.
      const evidence = since.filter(p => settled(p.minute) || breaches(p.value, rule.threshold, rule.comparison));
      const last = evidence.slice(-rule.evaluationPeriods);
      const recent = last.filter(p => p.minute > point.minute - rule.evaluationPeriods - MAX_GAP_MINUTES);
      unhealthy = recent.filter(p => breaches(p.value, rule.threshold, rule.comparison)).length >= rule.datapointsToAlarm;
      return;
    }
    // Recovery is decided on the settled minutes; the newer ones may only veto it.
    if (!settled(point.minute)) {
      return;
    }
    const last = since.filter(p => settled(p.minute)).slice(-rule.recoveryPeriods);
    const newer = points.slice(i + 1).filter(p => !settled(p.minute));
    if (last.length === rule.recoveryPeriods && last.every(p => recovered(p.value, rule))
      && !newer.some(p => breaches(p.value, rule.threshold, rule.comparison))) {
      unhealthy = false;
      since = [];
    }
  });
  return unhealthy;
}

/**
 * The minutes each run reads: enough for the longest rule to enter and leave
 * the unhealthy state inside the window, plus a margin that holds a Region
 * out while values hover between the recovery threshold and the threshold.
 */
export function verdictWindowMinutes(rules: readonly VerdictRule[]): number {
  const longest = Math.max(1, ...rules.map(r => r.evaluationPeriods + MAX_GAP_MINUTES + r.recoveryPeriods + r.recoverySettleMinutes));
  return longest + VERDICT_WINDOW_MARGIN_MINUTES;
}

/** Minutes a verdict's hysteresis band holds a Region out beyond the rule's own minutes. */
export const VERDICT_WINDOW_MARGIN_MINUTES = 10;
