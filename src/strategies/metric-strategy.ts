import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { settingsOfMetric } from '../rules/alarm-settings';
import { checkRoute53Alarm } from '../rules/route53-alarm-rules';
import { formatViolation } from '../rules/violation';

/**
 * What a metric strategy is given: the signal's metric and where it lives.
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
}

/**
 * The result of binding a metric strategy.
 */
export interface MetricStrategyConfig {
  /**
   * A metric whose alarm Route 53 can read: one metric (no math), a simple
   * statistic (Average, Minimum, Maximum, Sum or SampleCount) and a period of
   * 60 seconds or a multiple of 60.
   */
  readonly metric: cloudwatch.IMetric;
}

/**
 * How a signal's metric becomes a metric whose alarm Route 53 can read.
 *
 * Route 53 health checks can follow CloudWatch alarms on one metric with a
 * simple statistic only. A strategy turns whatever a signal watches into such
 * a metric. `MetricStrategy.direct()` alarms on the metric as it is. Extend
 * this class to supply your own strategy.
 */
export abstract class MetricStrategy {
  /**
   * Alarm on the signal's metric as it is.
   *
   * The metric must already be one Route 53 can read: a single metric with a
   * simple statistic (Average, Minimum, Maximum, Sum or SampleCount). A
   * percentile (p99, tm90, ...) or a metric-math expression is rejected at
   * synth time with a message naming what to use instead.
   */
  public static direct(): MetricStrategy {
    return new DirectStrategy();
  }

  /** A short name for the strategy, used in messages and documentation. */
  public abstract readonly strategyName: string;

  /**
   * Returns the metric to alarm on, creating any helper resources in `scope`.
   */
  public abstract bind(scope: Construct, options: MetricStrategyBindOptions): MetricStrategyConfig;
}

/** Alarms on the metric as it is, after checking that Route 53 can read it. */
class DirectStrategy extends MetricStrategy {
  public readonly strategyName = 'Direct';

  public bind(_scope: Construct, options: MetricStrategyBindOptions): MetricStrategyConfig {
    const violations = checkRoute53Alarm(settingsOfMetric(options.metric));
    if (violations.length > 0) {
      const subject = `signal '${options.signalName}' (strategy ${this.strategyName})`;
      throw new Error(violations.map(v => formatViolation(subject, v)).join('\n'));
    }
    return { metric: options.metric };
  }
}
