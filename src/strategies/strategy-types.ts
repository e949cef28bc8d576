import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';

/**
 * What a metric strategy is given: the signal's metric, its alarm settings and
 * where it lives.
 */
export interface MetricStrategyBindOptions {
  /** The metric the signal watches, as the user or the built-in signal defined it. */
  readonly metric: cloudwatch.IMetric;

  /** The signal's name, unique within its Region. */
  readonly signalName: string;

  /** The failover's name. */
  readonly failoverName: string;

  /** The Region of the signal (a Region code, or a token for environment-agnostic stacks). */
  readonly region: string;

  /** The signal's threshold, in the metric's unit. */
  readonly threshold: number;

  /** How the metric is compared with the threshold. */
  readonly comparisonOperator: cloudwatch.ComparisonOperator;

  /** How many consecutive periods must breach. */
  readonly evaluationPeriods: number;

  /** What the signal's health check reports while data is missing. */
  readonly insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum;

  /**
   * How many of the `evaluationPeriods` most recent minutes must breach (M of
   * N). Only strategies that judge the metric themselves (republish) can
   * honour a smaller value: Route 53 reads no "M out of N" alarm.
   *
   * @default - evaluationPeriods: every period must breach
   */
  readonly datapointsToAlarm?: number;

  /**
   * For a metric-math expression: the key, in its `usingMetrics`, of the
   * metric that counts the minute's samples (for an error rate, its
   * RequestCount). A minute without that metric may rest on part of its counts
   * (a late RequestCount makes a rate read 100 %), so strategies that judge
   * the metric themselves (republish) count it only once it has settled.
   *
   * @default - every minute with data counts at once
   */
  readonly samplesKey?: string;

  /**
   * The value the metric must get back to (compared as the threshold is)
   * before an unhealthy signal is healthy again. Used by strategies that judge
   * the metric themselves (republish).
   *
   * @default - the threshold
   */
  readonly recoveryThreshold?: number;

  /**
   * How many minutes with data in a row must be back on the healthy side of
   * `recoveryThreshold` before an unhealthy signal is healthy again. Used by
   * strategies that judge the metric themselves (republish).
   *
   * @default 1
   */
  readonly recoveryPeriods?: number;
}

/**
 * The result of binding a metric strategy: what the signal's alarm (the one
 * Route 53 follows) watches, and how.
 */
export interface MetricStrategyConfig {
  /**
   * A metric whose alarm Route 53 can read: one metric (no math), a simple
   * statistic (Average, Minimum, Maximum, Sum or SampleCount) and a period of
   * 60 seconds or a multiple of 60.
   */
  readonly metric: cloudwatch.IMetric;

  /**
   * The alarm's threshold.
   *
   * @default - the signal's threshold
   */
  readonly threshold?: number;

  /**
   * The alarm's comparison operator.
   *
   * @default - the signal's comparison operator
   */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;

  /**
   * The alarm's evaluation periods (DatapointsToAlarm is always the same).
   *
   * @default - the signal's evaluation periods
   */
  readonly evaluationPeriods?: number;
}

/**
 * Options of the republish strategy.
 */
export interface RepublishOptions {
  /**
   * No longer used. The republisher decides every minute from the values it
   * can read at that moment and publishes a verdict with the run's own
   * timestamp; a minute read early or late is read again by the next run, so
   * nothing waits for a minute to settle.
   *
   * @default - not used
   * @deprecated the verdict is decided every minute; this setting has no effect
   */
  readonly settleDelay?: Duration;

  /**
   * No longer used: each run reads the minutes its verdict rule needs.
   *
   * @default - not used
   * @deprecated the verdict is decided every minute; this setting has no effect
   */
  readonly backfillMinutes?: number;
}

/**
 * Options of the mirror strategy.
 */
export interface MirrorOptions {
  /**
   * Whether a mirrored alarm in INSUFFICIENT_DATA counts as in ALARM (1)
   * rather than OK (0).
   *
   * @default false - INSUFFICIENT_DATA is published as 0 (healthy), so a silent
   * metric never takes a Region out of DNS
   */
  readonly insufficientDataAsAlarm?: boolean;
}

/**
 * Options of the approximate strategy.
 */
export interface ApproximateOptions {
  /**
   * The simple statistic that replaces a percentile.
   *
   * @default 'Maximum' - never lower than any percentile, so the Region leaves DNS
   * no later than with the percentile (and possibly on a single slow request)
   */
  readonly statistic?: string;
}
