import { Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import {
  ApproximateOptions, MetricStrategyBindOptions, MetricStrategyConfig, MirrorOptions, RepublishOptions,
} from './strategy-types';
import { checkDatapoints, requireEveryPeriod, verdictRuleOf, warnIfRecoveryIgnored } from './verdict-rule';
import { sourceAlarmName } from '../model/names';
import { checkRoute53Alarm, simpleStatistic, WORKAROUND_RULES } from '../model/route53-alarm-rules';
import { checkApproximation } from '../model/signal-rules';
import { formatViolation } from '../model/violation';
import { WarningId } from '../model/warnings';
import { mirrorAlarm, treatMissingDataFor } from '../private/alarm-helpers';
import { settingsOfMetric } from '../private/alarm-inspection';
import { addWarning } from '../private/warnings';
import { Republisher } from '../republisher/republisher';
import { metricLeaves } from '../signals/signal-helpers';

/**
 * How a signal's metric becomes a metric whose alarm Route 53 can read.
 *
 * Route 53 health checks can follow CloudWatch alarms on one metric with a
 * simple statistic only. A strategy turns whatever a signal watches (a
 * percentile, a metric-math expression) into such a metric. Extend this class
 * to supply your own strategy.
 */
export abstract class MetricStrategy {
  /**
   * Alarm on the signal's metric as it is.
   *
   * The metric must already be one Route 53 can read: a single metric with a
   * simple statistic (Average, Minimum, Maximum, Sum or SampleCount). A
   * percentile or a metric-math expression is rejected at synth time with a
   * message naming the strategies that would work. Adds no delay and no cost.
   */
  public static direct(): MetricStrategy {
    return new DirectStrategy();
  }

  /**
   * Judge the percentile or metric-math value every minute in the stack's
   * republisher, and publish the verdict (0 healthy, 1 unhealthy) with the
   * run's own timestamp; the signal's Route 53 alarm reads the verdict with
   * one evaluation period.
   *
   * A Lambda function in the stack (one per stack, shared by all republished
   * signals) runs every minute, reads the recent minutes of every republished
   * signal with one GetMetricData call and decides each verdict: unhealthy
   * when `datapointsToAlarm` of the last `evaluationPeriods` minutes with data
   * breach, healthy again after `recoveryPeriods` minutes back under
   * `recoveryThreshold` (missing data never brings a Region back). Every run
   * reads the minutes again, so a minute read early (partially) or late is
   * corrected by the next run. Published to the `ActiveActiveFailover`
   * namespace (dimensions Failover and Region, metric name = signal name). The
   * signal's metric must have a 1-minute period.
   *
   * @param options no longer used (kept for compatibility)
   */
  public static republish(options: RepublishOptions = {}): MetricStrategy {
    void options; // no longer used
    return new RepublishStrategy();
  }

  /**
   * Alarm on the metric with a regular CloudWatch alarm (which may use
   * percentiles and metric math), and mirror that alarm's state as a 0/1 metric
   * (1 while in ALARM) that the signal's Route 53 alarm watches.
   *
   * The state is published every minute (and on every state change) by the
   * stack's republisher function.
   *
   * @param options how the mirrored alarm's INSUFFICIENT_DATA state is published
   */
  public static mirror(options: MirrorOptions = {}): MetricStrategy {
    return new MirrorStrategy(options);
  }

  /**
   * Replace a percentile with a simple statistic (Maximum by default) and alarm
   * on that directly. A warning says so at synth time. Metric math cannot be
   * approximated.
   *
   * @param options the simple statistic to use instead of a percentile
   */
  public static approximate(options: ApproximateOptions = {}): MetricStrategy {
    return new ApproximateStrategy(options);
  }

  /** A short name for the strategy, used in messages and documentation. */
  public abstract readonly strategyName: string;

  /**
   * Returns the metric to alarm on, creating any helper resources in `scope`.
   *
   * @param scope the signal's construct in the Region's stack, for helper resources
   * @param options the signal's metric, names, threshold and alarm settings
   */
  public abstract bind(scope: Construct, options: MetricStrategyBindOptions): MetricStrategyConfig;
}

/** Alarms on the metric as it is, after checking that Route 53 can read it. */
class DirectStrategy extends MetricStrategy {
  public readonly strategyName = 'Direct';

  public bind(scope: Construct, options: MetricStrategyBindOptions): MetricStrategyConfig {
    requireEveryPeriod(options, this.strategyName);
    warnIfRecoveryIgnored(scope, options, this.strategyName);
    const violations = checkRoute53Alarm(settingsOfMetric(options.metric));
    if (violations.length > 0) {
      const subject = `signal '${options.signalName}' (strategy ${this.strategyName})`;
      const hint = violations.some(v => WORKAROUND_RULES.includes(v.ruleId))
        ? ' Or keep the metric and choose a strategy that makes it readable: MetricStrategy.republish() (publishes the '
          + 'value as a plain metric), MetricStrategy.mirror() (mirrors a regular alarm\'s state) or, for a percentile, '
          + 'MetricStrategy.approximate() (uses Maximum instead).'
        : '';
      throw new Error(violations.map(v => formatViolation(subject, v)).join('\n') + hint);
    }
    return { metric: options.metric };
  }
}

/** Publishes the value through the stack's republisher. */
class RepublishStrategy extends MetricStrategy {
  public readonly strategyName = 'Republish';

  public bind(scope: Construct, options: MetricStrategyBindOptions): MetricStrategyConfig {
    requireOneMinutePeriod(options, this.strategyName);
    requireLocalSourceMetrics(scope, options, this.strategyName);
    const rule = verdictRuleOf(options, this.strategyName);
    return {
      metric: Republisher.of(scope).addSignal(options, options.metric, rule, options.samplesKey),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    };
  }
}

/** Mirrors a regular alarm on the metric as a 0/1 metric. */
class MirrorStrategy extends MetricStrategy {
  public readonly strategyName = 'Mirror';

  constructor(private readonly options: MirrorOptions) {
    super();
  }

  public bind(scope: Construct, options: MetricStrategyBindOptions): MetricStrategyConfig {
    warnIfRecoveryIgnored(scope, options, this.strategyName);
    const source = new cloudwatch.Alarm(scope, 'SourceAlarm', {
      alarmName: sourceAlarmName(options.failoverName, options.region, options.signalName),
      alarmDescription: `Source of failover signal '${options.signalName}' of '${options.failoverName}' in ${options.region}: `
        + 'its state is mirrored as a 0/1 metric that Route 53 follows.',
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: options.comparisonOperator,
      evaluationPeriods: options.evaluationPeriods,
      datapointsToAlarm: mirrorDatapoints(options, this.strategyName),
      treatMissingData: treatMissingDataFor(options.insufficientDataHealthStatus),
    });
    return mirrorAlarm(scope, options, source, this.options);
  }
}

/** Replaces a percentile with a simple statistic. */
class ApproximateStrategy extends MetricStrategy {
  public readonly strategyName = 'Approximate';
  private readonly statistic: string;

  constructor(options: ApproximateOptions) {
    super();
    const statistic = options.statistic ?? cloudwatch.Stats.MAXIMUM;
    const simple = simpleStatistic(statistic);
    if (simple === undefined) {
      throw new Error(
        `[AAF-STRATEGY-STATISTIC] MetricStrategy.approximate: 'statistic' must be a simple statistic (Average, Minimum, Maximum, Sum or SampleCount), got: '${statistic}'. `
        + 'Fix: leave it unset (Maximum) or pass Average or Minimum.',
      );
    }
    this.statistic = simple;
  }

  public bind(scope: Construct, options: MetricStrategyBindOptions): MetricStrategyConfig {
    requireEveryPeriod(options, this.strategyName);
    warnIfRecoveryIgnored(scope, options, this.strategyName);
    const config = options.metric.toMetricConfig();
    if (config.mathExpression) {
      throw new Error(
        `[AAF-STRATEGY-APPROXIMATE-MATH] signal '${options.signalName}' (strategy ${this.strategyName}): 'metric' is a metric-math expression, which cannot be `
        + `approximated by a simple statistic, got: ${JSON.stringify(config.mathExpression.expression)}. `
        + 'Fix: use MetricStrategy.republish() or MetricStrategy.mirror().',
      );
    }
    const stat = config.metricStat!;
    if (simpleStatistic(stat.statistic) !== undefined) {
      return { metric: options.metric };
    }
    const violations = checkApproximation(stat.statistic, this.statistic);
    if (violations.length > 0) {
      throw new Error(violations.map(v => formatViolation(`signal '${options.signalName}' (strategy ${this.strategyName})`, v)).join('\n'));
    }
    addWarning(scope, WarningId.APPROXIMATED,
      `signal '${options.signalName}': '${stat.statistic}' is approximated by '${this.statistic}' because Route 53 cannot read `
      + `percentiles. With the same threshold the Region ${this.statistic === 'Maximum' ? 'leaves DNS earlier (a single slow request can breach it)' : 'may leave DNS at other times'}; `
      + 'use MetricStrategy.republish() to alarm on the percentile itself.');
    return {
      metric: new cloudwatch.Metric({
        namespace: stat.namespace,
        metricName: stat.metricName,
        dimensionsMap: Object.fromEntries((stat.dimensions ?? []).map(d => [d.name, String(d.value)])),
        period: stat.period,
        statistic: this.statistic,
        account: stat.account,
        region: stat.region,
      }),
    };
  }
}

/**
 * The republisher reads metrics of its own account and Region, one metric at a
 * time: an expression without source metrics (SEARCH, Metrics Insights) has
 * nothing to tell a minute with data from one without, and is not supported.
 */
function requireLocalSourceMetrics(scope: Construct, options: MetricStrategyBindOptions, strategyName: string): void {
  const subject = `signal '${options.signalName}' (strategy ${strategyName})`;
  const stack = Stack.of(scope);
  const leaves = metricLeaves(options.metric);
  if (leaves.length === 0) {
    throw new Error(
      `[AAF-STRATEGY-SOURCE-METRICS] ${subject}: 'metric' must be built from metrics (usingMetrics), got an expression without any: `
      + `${JSON.stringify(options.metric.toMetricConfig().mathExpression?.expression)}. Fix: list the metrics the expression `
      + 'uses in usingMetrics (SEARCH and Metrics Insights expressions cannot be republished).',
    );
  }
  for (const leaf of leaves) {
    for (const [property, value, own] of [['account', leaf.account, stack.account], ['region', leaf.region, stack.region]] as const) {
      if (value !== undefined && !Token.isUnresolved(value) && !Token.isUnresolved(own) && value !== own) {
        throw new Error(
          `[AAF-STRATEGY-SOURCE-ENV] ${subject}: '${property}' of metric ${leaf.namespace}/${leaf.metricName} must be the stack's (${own}), got: '${value}'. `
          + 'The republisher reads metrics of its own account and Region. Fix: create the signal in the stack of that account and Region.',
        );
      }
    }
  }
}

/** The signal's metric must have a 1-minute period for strategies that publish per minute. */
function requireOneMinutePeriod(options: MetricStrategyBindOptions, strategyName: string): void {
  const config = options.metric.toMetricConfig();
  const period = config.metricStat ? config.metricStat.period.toSeconds() : config.mathExpression!.period;
  if (!Token.isUnresolved(period) && period !== 60) {
    throw new Error(
      `[AAF-STRATEGY-PERIOD] signal '${options.signalName}' (strategy ${strategyName}): 'period' must be 1 minute (the value is republished `
      + `minute by minute), got: ${period} seconds. Fix: use period Duration.minutes(1) and more evaluationPeriods.`,
    );
  }
}

/** The source alarm's M of N (a regular CloudWatch alarm reads it), checked. */
function mirrorDatapoints(options: MetricStrategyBindOptions, strategyName: string): number {
  const m = options.datapointsToAlarm ?? options.evaluationPeriods;
  checkDatapoints(`signal '${options.signalName}' (strategy ${strategyName})`, m, options.evaluationPeriods);
  return m;
}
