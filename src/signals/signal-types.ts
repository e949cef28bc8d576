import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MetricStrategy } from '../strategies/metric-strategy';
import { MirrorOptions } from '../strategies/strategy-types';

/**
 * What a signal is bound to: plain values describing one Region of one
 * failover. A signal never sees the construct that owns it.
 */
export interface SignalBindContext {
  /** The failover's name (used in alarm names). */
  readonly failoverName: string;

  /** The Region's code (or a token for environment-agnostic stacks). */
  readonly region: string;

  /** The Region's Application Load Balancer. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
}

/**
 * The result of binding a signal: an alarm Route 53 can follow, and how its
 * health check treats missing data.
 */
export interface SignalConfig {
  /**
   * The alarm the signal's Route 53 health check follows. It must be one Route 53
   * can read (checked at synth time when its settings can be seen).
   */
  readonly alarm: cloudwatch.IAlarm;

  /**
   * What the health check reports while the alarm's metric has no data.
   */
  readonly insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum;

  /**
   * Whether the metric is published only while requests flow (ALB request
   * metrics). Such a metric goes silent when the Region is drained from DNS.
   */
  readonly trafficBased: boolean;
}

/**
 * Options every signal accepts.
 */
export interface SignalOptions {
  /**
   * The signal's name, unique within a Region. It names the signal's
   * constructs and its alarm (`<failoverName>-<region>-<signalName>`), so
   * changing it replaces them.
   *
   * Letters, digits, '-', '_' and '.'; at most 64 characters.
   *
   * @default - the signal kind, e.g. 'TargetResponseTime'
   */
  readonly signalName?: string;

  /**
   * What the Route 53 health check reports while the metric has no data.
   *
   * Route 53 evaluates the metric itself, not the alarm state, so the alarm's
   * TreatMissingData plays no part; this setting decides. On the alarms it
   * creates, the library sets TreatMissingData to match, so the alarm shows what
   * Route 53 does; an alarm given to `fromAlarm` is left as it is.
   *
   * @default - `HEALTHY` for traffic-based signals (their metrics are missing
   * when no request flows, including after the Region is drained),
   * `LAST_KNOWN_STATUS` for signals whose metric is published continuously.
   */
  readonly insufficientDataHealthStatus?: route53.InsufficientDataHealthStatusEnum;
}

/**
 * Options of signals that watch a metric.
 */
export interface MetricSignalOptions extends SignalOptions {
  /**
   * How many periods a decision looks at (N). With the direct strategy every
   * one of them must breach (Route 53 reads no "M out of N"); the republish
   * strategy judges `datapointsToAlarm` of them (M of N) itself.
   *
   * @default 3
   */
  readonly evaluationPeriods?: number;

  /**
   * How many of the last `evaluationPeriods` minutes with data must breach
   * (M of N). Only with strategies that judge the metric themselves
   * (`MetricStrategy.republish()`) or through a regular alarm
   * (`MetricStrategy.mirror()`); the direct and approximate strategies reject
   * any other value than `evaluationPeriods`.
   *
   * @default - evaluationPeriods: every period must breach
   */
  readonly datapointsToAlarm?: number;

  /**
   * Hysteresis on the way back (republish strategy): an unhealthy signal is
   * healthy again only once its value is back on the healthy side of this
   * (in the metric's unit: 0.8 for a 1 s TargetResponseTime threshold, which is
   * in seconds), so a value hovering
   * around the threshold does not bring the Region back and forth.
   *
   * @default - the threshold
   */
  readonly recoveryThreshold?: number;

  /**
   * How many minutes with data in a row must be on the healthy side of
   * `recoveryThreshold` before an unhealthy signal is healthy again (republish
   * strategy). Minutes without data never count: missing data never brings a
   * Region back.
   *
   * @default 1
   */
  readonly recoveryPeriods?: number;

  /**
   * The period of the metric. Route 53 reads only standard-resolution alarms:
   * 1 minute or a whole number of minutes.
   *
   * @default Duration.minutes(1)
   */
  readonly period?: Duration;

  /**
   * How the metric becomes a metric whose alarm Route 53 can read.
   *
   * @default MetricStrategy.direct()
   */
  readonly strategy?: MetricStrategy;
}

/**
 * Properties of the ALB target response time signal.
 */
export interface TargetResponseTimeSignalProps extends MetricSignalOptions {
  /**
   * The Region is unhealthy when the response time exceeds this.
   */
  readonly threshold: Duration;

  /**
   * The statistic of `TargetResponseTime` to watch: 'Average', 'Maximum' or a
   * percentile ('p99', 'p99.9'). Route 53 cannot read percentiles, so a
   * percentile uses the republish strategy unless `strategy` says otherwise.
   *
   * @default 'Average'
   */
  readonly statistic?: string;
}

/**
 * Properties of signals that count events per period (5xx responses,
 * connection errors).
 */
export interface CountSignalProps extends MetricSignalOptions {
  /**
   * The Region is unhealthy when the count in one period exceeds this.
   */
  readonly threshold: number;
}

/**
 * Properties of the unhealthy host count signal.
 */
export interface UnhealthyHostCountSignalProps extends MetricSignalOptions {
  /**
   * The target group to watch. Its `UnHealthyHostCount` metric needs the
   * TargetGroup dimension, so the group must be attached to the Region's load
   * balancer (or imported with its load balancer ARNs).
   */
  readonly targetGroup: elbv2.IApplicationTargetGroup;

  /**
   * The Region is unhealthy when the average number of unhealthy targets in a
   * period exceeds this.
   */
  readonly threshold: number;
}

/**
 * Options of the CPU utilization signals.
 */
export interface CpuSignalOptions extends MetricSignalOptions {
  /**
   * The Region is unhealthy when the average CPU utilization (percent) in a
   * period exceeds this.
   *
   * @default 90
   */
  readonly threshold?: number;
}

/**
 * Properties of the ECS service CPU signal.
 */
export interface EcsServiceCpuSignalProps extends CpuSignalOptions {
  /** The ECS service (Fargate or EC2) whose CPU utilization to watch. */
  readonly service: ecs.IBaseService;
}

/**
 * Properties of the Auto Scaling group CPU signal.
 */
export interface AutoScalingGroupCpuSignalProps extends CpuSignalOptions {
  /**
   * The Auto Scaling group whose average CPU utilization to watch. EC2
   * publishes 1-minute CPU data only with detailed monitoring; without it the
   * metric has one datapoint every 5 minutes and the signal reacts slowly.
   */
  readonly autoScalingGroup: autoscaling.IAutoScalingGroup;
}

/**
 * Properties of a signal on any metric.
 */
export interface MetricSignalProps extends MetricSignalOptions {
  /**
   * The metric to watch. When it is a `Metric` or a `MathExpression`, its
   * period is replaced by `period`; any other `IMetric` keeps its own.
   */
  readonly metric: cloudwatch.IMetric;

  /** The threshold the metric is compared with. */
  readonly threshold: number;

  /**
   * How the metric is compared with the threshold; the Region is unhealthy
   * while the comparison holds.
   *
   * @default cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD
   */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;

  /**
   * Whether the metric is published only while requests flow. This decides the
   * default `insufficientDataHealthStatus`.
   *
   * @default true - the safe assumption for a metric the library does not know:
   * a silent metric never keeps a Region out of DNS
   */
  readonly trafficBased?: boolean;
}

/**
 * Properties of a signal that follows an existing alarm.
 */
export interface AlarmSignalProps extends SignalOptions {
  /**
   * The alarm to follow. It must be one Route 53 can read: one metric, a simple
   * statistic, a standard-resolution period, DatapointsToAlarm equal to
   * EvaluationPeriods, same account. An alarm defined in this app is checked at
   * synth time; an imported alarm cannot be checked (a warning says so).
   */
  readonly alarm: cloudwatch.IAlarm;

  /**
   * Whether the alarm's metric is published only while requests flow. This
   * decides the default `insufficientDataHealthStatus`.
   *
   * @default true - the safe assumption for an alarm the library does not know
   */
  readonly trafficBased?: boolean;

  /**
   * Follow the alarm through a mirrored 0/1 metric instead of directly. Use it
   * for alarms Route 53 cannot read: percentiles, metric math, anomaly detection,
   * composite alarms, "M out of N". The stack's republisher publishes the
   * alarm's state every minute and on every state change.
   *
   * @default false - the health check follows the alarm directly (it must be one Route 53 can read)
   */
  readonly mirror?: boolean;

  /**
   * Options of the mirror, when `mirror` is true.
   *
   * @default - INSUFFICIENT_DATA is published as OK (0)
   */
  readonly mirrorOptions?: MirrorOptions;
}

/**
 * Properties of the error-rate signals (percent of requests).
 */
export interface ErrorRateSignalProps extends MetricSignalOptions {
  /**
   * The Region is unhealthy when the error rate, in percent (0 to 100),
   * exceeds this.
   */
  readonly threshold: number;

  /**
   * The fewest requests a minute is judged on: a minute with fewer requests
   * divides its errors by this number instead, so three requests with one error
   * do not read as 33 %, while a minute where most requests fail still breaches
   * (20 failed requests out of 20 read as 100 %).
   *
   * @default 20
   */
  readonly minRequests?: number;
}
