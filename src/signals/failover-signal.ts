import { Duration, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { mirrorAlarm, treatMissingDataFor } from '../private/alarm-helpers';
import { defaultStrategyFor } from '../private/default-strategy';
import { isUsableName, USABLE_NAME_DESCRIPTION } from '../rules/names';
import { simpleStatistic } from '../rules/route53-alarm-rules';
import { MetricStrategy, MirrorOptions } from '../strategies/metric-strategy';

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
   * How many consecutive periods must breach before the Region is unhealthy.
   * Route 53 requires DatapointsToAlarm to equal EvaluationPeriods, so every
   * one of these periods must breach.
   *
   * @default 3
   */
  readonly evaluationPeriods?: number;

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

/**
 * A signal of a Region's health: something that makes the Region leave DNS
 * when it serves users badly.
 *
 * Each signal yields one CloudWatch alarm that Route 53 can read, and the
 * Region gets one CLOUDWATCH_METRIC health check per signal. Use the static
 * factories for the built-in signals, or extend this class.
 */
export abstract class FailoverSignal {
  /**
   * The ALB's `TargetResponseTime` (seconds from the request leaving the load
   * balancer to the response headers arriving). Traffic-based.
   *
   * @param props the threshold, statistic and alarm settings
   */
  public static targetResponseTime(props: TargetResponseTimeSignalProps): FailoverSignal {
    const statistic = props.statistic ?? cloudwatch.Stats.AVERAGE;
    const simple = simpleStatistic(statistic);
    const percentile = /^p\d{1,2}(\.\d+)?$/.test(statistic);
    if (!percentile && simple !== cloudwatch.Stats.AVERAGE && simple !== cloudwatch.Stats.MAXIMUM) {
      throw new Error(
        'TargetResponseTime signal: \'statistic\' must be \'Average\', \'Maximum\' or a percentile such as \'p99\' '
        + `(a response time summed or counted says nothing about how slow the Region is), got: '${statistic}'.`,
      );
    }
    return new MetricAlarmSignal({
      kind: 'TargetResponseTime',
      options: props,
      trafficBased: true,
      threshold: props.threshold.toMilliseconds() / 1000,
      metric: (ctx, period) => ctx.loadBalancer.metrics.custom('TargetResponseTime', {
        period, statistic,
      }),
    });
  }

  /**
   * The percentage of requests answered with a 5xx, by the targets or by the
   * load balancer itself. Traffic-based; republished by default (metric math).
   *
   * rate = 100 x (target 5xx + ELB 5xx) / max(requests, target 5xx + ELB 5xx, minRequests),
   * where requests is `RequestCount`, and a missing 5xx count is 0 (ALB reports
   * those counts only when they are not zero). `RequestCount` leaves out the
   * requests rejected before a target was chosen (for example 503 with no healthy
   * target), so when it falls while the ELB's 5xx soar, the errors themselves
   * make up the denominator and the rate reads 100 %, not more. When served and
   * unserved requests mix, the denominator leaves the unserved ones out and the
   * rate reads higher than the true share: it errs towards failing over.
   *
   * @param props the threshold in percent and the alarm settings
   */
  public static http5xxErrorRate(props: ErrorRateSignalProps): FailoverSignal {
    return FailoverSignal.errorRate('Http5xxErrorRate', props, { t5: 'HTTPCode_Target_5XX_Count', e5: 'HTTPCode_ELB_5XX_Count' });
  }

  /**
   * The percentage of requests whose connection to a target failed.
   * Traffic-based; republished by default (metric math).
   *
   * rate = 100 x connection errors / max(requests, ELB 5xx, minRequests), with
   * the same treatment of missing counts as `http5xxErrorRate`.
   *
   * @param props the threshold in percent and the alarm settings
   */
  public static targetConnectionErrorRate(props: ErrorRateSignalProps): FailoverSignal {
    return FailoverSignal.errorRate('TargetConnectionErrorRate', props, { ce: 'TargetConnectionErrorCount' });
  }

  /**
   * The ALB's `HTTPCode_Target_5XX_Count`: 5xx responses generated by the
   * targets (Sum per period). Traffic-based.
   *
   * @param props the threshold per period and the alarm settings
   */
  public static targetHttp5xxCount(props: CountSignalProps): FailoverSignal {
    return FailoverSignal.albCount('HTTPCode_Target_5XX_Count', 'TargetHttp5xxCount', props);
  }

  /**
   * The ALB's `HTTPCode_ELB_5XX_Count`: 5xx responses generated by the load
   * balancer itself (for example 503 when no target is healthy). Traffic-based.
   *
   * @param props the threshold per period and the alarm settings
   */
  public static elbHttp5xxCount(props: CountSignalProps): FailoverSignal {
    return FailoverSignal.albCount('HTTPCode_ELB_5XX_Count', 'ElbHttp5xxCount', props);
  }

  /**
   * The ALB's `TargetConnectionErrorCount`: connections to targets that could
   * not be established (Sum per period). Traffic-based.
   *
   * @param props the threshold per period and the alarm settings
   */
  public static targetConnectionErrorCount(props: CountSignalProps): FailoverSignal {
    return FailoverSignal.albCount('TargetConnectionErrorCount', 'TargetConnectionErrorCount', props);
  }

  /**
   * A target group's `UnHealthyHostCount` (Average per period). Published
   * continuously, whether or not requests flow.
   *
   * @param props the target group, threshold and alarm settings
   */
  public static unhealthyHostCount(props: UnhealthyHostCountSignalProps): FailoverSignal {
    return new MetricAlarmSignal({
      kind: 'UnhealthyHostCount',
      options: props,
      trafficBased: false,
      threshold: props.threshold,
      metric: (_ctx, period) => props.targetGroup.metrics.unhealthyHostCount({ period, statistic: cloudwatch.Stats.AVERAGE }),
    });
  }

  /**
   * An ECS service's `CPUUtilization` (Average per period). Published
   * continuously while tasks run.
   *
   * @param props the ECS service, threshold and alarm settings
   */
  public static ecsServiceCpu(props: EcsServiceCpuSignalProps): FailoverSignal {
    return FailoverSignal.cpu('EcsServiceCpu', props, 'AWS/ECS', {
      ClusterName: props.service.cluster.clusterName,
      ServiceName: props.service.serviceName,
    });
  }

  /**
   * An Auto Scaling group's EC2 `CPUUtilization` (Average per period).
   * Published continuously; 1-minute data needs detailed monitoring.
   *
   * @param props the Auto Scaling group, threshold and alarm settings
   */
  public static autoScalingGroupCpu(props: AutoScalingGroupCpuSignalProps): FailoverSignal {
    return FailoverSignal.cpu('AutoScalingGroupCpu', props, 'AWS/EC2', {
      AutoScalingGroupName: props.autoScalingGroup.autoScalingGroupName,
    });
  }

  /**
   * Any CloudWatch metric with a simple statistic.
   *
   * @param props the metric, threshold and alarm settings
   */
  public static fromMetric(props: MetricSignalProps): FailoverSignal {
    return new MetricAlarmSignal({
      kind: metricName(props.metric),
      options: props,
      trafficBased: props.trafficBased ?? true,
      threshold: props.threshold,
      comparisonOperator: props.comparisonOperator,
      metric: (_ctx, period) => withPeriod(props.metric, period),
    });
  }

  /**
   * An existing CloudWatch alarm. Accepted only if Route 53 can read it.
   *
   * @param props the alarm and how Route 53 should treat missing data
   */
  public static fromAlarm(props: AlarmSignalProps): FailoverSignal {
    return new ExistingAlarmSignal(props);
  }

  private static errorRate(kind: string, props: ErrorRateSignalProps, errors: Record<string, string>): FailoverSignal {
    const minRequests = props.minRequests ?? DEFAULT_MIN_REQUESTS;
    if (!Token.isUnresolved(minRequests) && (!Number.isInteger(minRequests) || minRequests < 1)) {
      throw new Error(`${kind} signal: 'minRequests' must be a whole number of at least 1, got: ${minRequests}.`);
    }
    if (!Token.isUnresolved(props.threshold) && !(props.threshold >= 0 && props.threshold < 100)) {
      throw new Error(`${kind} signal: 'threshold' must be a percentage from 0 to less than 100, got: ${props.threshold}.`);
    }
    return new MetricAlarmSignal({
      kind,
      options: props,
      trafficBased: true,
      threshold: props.threshold,
      metric: (ctx, period) => errorRateExpression(ctx.loadBalancer, period, errors, minRequests),
    });
  }

  private static albCount(metric: string, kind: string, props: CountSignalProps): FailoverSignal {
    return new MetricAlarmSignal({
      kind,
      options: props,
      trafficBased: true,
      threshold: props.threshold,
      metric: (ctx, period) => ctx.loadBalancer.metrics.custom(metric, { period, statistic: cloudwatch.Stats.SUM }),
    });
  }

  private static cpu(kind: string, props: CpuSignalOptions, namespace: string, dimensionsMap: Record<string, string>): FailoverSignal {
    const threshold = props.threshold ?? DEFAULT_CPU_THRESHOLD;
    if (!Token.isUnresolved(threshold) && (threshold < 0 || threshold > 100)) {
      throw new Error(`${kind} signal: 'threshold' must be a CPU utilization from 0 to 100 (percent), got: ${threshold}.`);
    }
    return new MetricAlarmSignal({
      kind,
      options: props,
      trafficBased: false,
      threshold,
      metric: (_ctx, period) => new cloudwatch.Metric({
        namespace, metricName: 'CPUUtilization', dimensionsMap, statistic: cloudwatch.Stats.AVERAGE, period,
      }),
    });
  }

  /**
   * The signal's name, unique within a Region. It names the signal's
   * constructs and alarm.
   */
  public abstract readonly signalName: string;

  /**
   * Creates the signal's alarm (and anything it needs) in `scope`, which is a
   * construct in the Region's stack reserved for this signal.
   *
   * @param scope the construct in the Region's stack reserved for this signal
   * @param context the failover, Region, load balancer and defaults the signal binds to
   */
  public abstract bind(scope: Construct, context: SignalBindContext): SignalConfig;
}

/** The default fewest requests a minute's error rate is judged on. */
const DEFAULT_MIN_REQUESTS = 20;

/**
 * 100 x errors / max(requests, errors', minRequests) over the load balancer's
 * counts, where errors' is the ELB's 5xx (plus the targets' 5xx when they are
 * among the errors) and a missing count is 0. One expression over the source
 * counts, so that the republisher can tell a minute with no data (no source
 * datapoint) from a minute with no errors.
 */
function errorRateExpression(
  lb: elbv2.IApplicationLoadBalancer, period: Duration, errors: Record<string, string>, minRequests: number,
): cloudwatch.MathExpression {
  const count = (name: string) => lb.metrics.custom(name, { period, statistic: cloudwatch.Stats.SUM });
  const usingMetrics: Record<string, cloudwatch.IMetric> = { r: count('RequestCount'), e5: count('HTTPCode_ELB_5XX_Count') };
  for (const [id, name] of Object.entries(errors)) {
    usingMetrics[id] = count(name);
  }
  const sum = (ids: string[]) => ids.map(id => `FILL(${id},0)`).join(' + ');
  const failed = sum(Object.keys(errors));
  const unserved = sum([...new Set([...Object.keys(errors).filter(id => id !== 'ce'), 'e5'])]);
  const reached = `IF(FILL(r,0) > ${unserved}, FILL(r,0), ${unserved})`;
  return new cloudwatch.MathExpression({
    expression: `100 * (${failed}) / IF(${reached} < ${minRequests}, ${minRequests}, ${reached})`,
    usingMetrics,
    period,
    label: 'error rate (%)',
  });
}

/** The default CPU utilization threshold, in percent. */
const DEFAULT_CPU_THRESHOLD = 90;
/** The default number of evaluation periods. */
const DEFAULT_EVALUATION_PERIODS = 3;
/** The default metric period. */
const DEFAULT_PERIOD = Duration.minutes(1);

/** Checks a signal name (given, or derived when `given` is undefined) and returns it. */
function validSignalName(given: string | undefined, derived: string): string {
  const name = given ?? derived;
  if (!isUsableName(name)) {
    const hint = given === undefined ? ' (derived from the metric or alarm; set signalName)' : '';
    throw new Error(`'signalName' ${USABLE_NAME_DESCRIPTION}, got: '${name}'${hint}.`);
  }
  return name;
}

/** The default InsufficientDataHealthStatus of a signal. */
function defaultInsufficientData(trafficBased: boolean): route53.InsufficientDataHealthStatusEnum {
  return trafficBased
    ? route53.InsufficientDataHealthStatusEnum.HEALTHY
    : route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS;
}

/** A metric's name for a default signal name, or 'Expression' for metric math. */
function metricName(metric: cloudwatch.IMetric): string {
  const config = metric.toMetricConfig();
  return config.metricStat?.metricName ?? 'Expression';
}

/** The metric with its period replaced, where the metric type allows it. */
function withPeriod(metric: cloudwatch.IMetric, period: Duration): cloudwatch.IMetric {
  if (metric instanceof cloudwatch.Metric || metric instanceof cloudwatch.MathExpression) {
    return metric.with({ period });
  }
  return metric;
}

/** How a metric-based built-in signal is described. */
interface MetricAlarmSignalSpec {
  readonly kind: string;
  readonly options: MetricSignalOptions;
  readonly trafficBased: boolean;
  readonly threshold: number;
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  readonly metric: (context: SignalBindContext, period: Duration) => cloudwatch.IMetric;
}

/** A signal that alarms on a metric (through its strategy). */
class MetricAlarmSignal extends FailoverSignal {
  public readonly signalName: string;

  constructor(private readonly spec: MetricAlarmSignalSpec) {
    super();
    this.signalName = validSignalName(spec.options.signalName, spec.kind);
    const evaluationPeriods = spec.options.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS;
    if (!Token.isUnresolved(evaluationPeriods) && (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1)) {
      throw new Error(
        `signal '${this.signalName}': 'evaluationPeriods' must be a whole number of at least 1, got: ${evaluationPeriods}.`,
      );
    }
    if (!Token.isUnresolved(spec.threshold) && !Number.isFinite(spec.threshold)) {
      throw new Error(`signal '${this.signalName}': 'threshold' must be a finite number, got: ${spec.threshold}.`);
    }
  }

  public bind(scope: Construct, context: SignalBindContext): SignalConfig {
    const options = this.spec.options;
    const period = options.period ?? DEFAULT_PERIOD;
    const evaluationPeriods = options.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS;
    const comparisonOperator = this.spec.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    const insufficientDataHealthStatus = options.insufficientDataHealthStatus ?? defaultInsufficientData(this.spec.trafficBased);
    const metric = this.spec.metric(context, period);
    const strategy = options.strategy ?? defaultStrategyFor(metric);

    const config = strategy.bind(scope, {
      metric,
      signalName: this.signalName,
      failoverName: context.failoverName,
      region: context.region,
      threshold: this.spec.threshold,
      comparisonOperator,
      evaluationPeriods,
      insufficientDataHealthStatus,
    });
    const alarm = signalAlarm(scope, context, this.signalName, strategy.strategyName, insufficientDataHealthStatus, {
      metric: config.metric,
      threshold: config.threshold ?? this.spec.threshold,
      comparisonOperator: config.comparisonOperator ?? comparisonOperator,
      evaluationPeriods: config.evaluationPeriods ?? evaluationPeriods,
    });
    return { alarm, insufficientDataHealthStatus, trafficBased: this.spec.trafficBased };
  }
}

/** What the Route 53-readable alarm of a signal watches, and how. */
interface SignalAlarmSettings {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
}

/**
 * The alarm a signal's health check follows: named `<failoverName>-<region>-<signalName>`,
 * every evaluation period must breach (Route 53 reads no "M out of N"), and
 * TreatMissingData shows what Route 53 does with missing data.
 */
function signalAlarm(
  scope: Construct, context: SignalBindContext, signalName: string, strategyName: string,
  insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum, settings: SignalAlarmSettings,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'Alarm', {
    alarmName: `${context.failoverName}-${context.region}-${signalName}`,
    alarmDescription: `Failover signal '${signalName}' of '${context.failoverName}' in ${context.region}: `
      + `while in ALARM, Route 53 takes this Region out of DNS (strategy ${strategyName}).`,
    metric: settings.metric,
    threshold: settings.threshold,
    comparisonOperator: settings.comparisonOperator,
    evaluationPeriods: settings.evaluationPeriods,
    datapointsToAlarm: settings.evaluationPeriods,
    treatMissingData: treatMissingDataFor(insufficientDataHealthStatus),
  });
}

/** A signal that follows an alarm the user already has. */
class ExistingAlarmSignal extends FailoverSignal {
  public readonly signalName: string;

  constructor(private readonly props: AlarmSignalProps) {
    super();
    this.signalName = validSignalName(props.signalName, props.alarm.node.id);
  }

  public bind(scope: Construct, context: SignalBindContext): SignalConfig {
    const trafficBased = this.props.trafficBased ?? true;
    const insufficientDataHealthStatus = this.props.insufficientDataHealthStatus ?? defaultInsufficientData(trafficBased);
    if (!this.props.mirror) {
      return { alarm: this.props.alarm, insufficientDataHealthStatus, trafficBased };
    }
    const signal = { signalName: this.signalName, failoverName: context.failoverName, region: context.region };
    const config = mirrorAlarm(scope, signal, this.props.alarm, this.props.mirrorOptions ?? {});
    const alarm = signalAlarm(scope, context, this.signalName, 'Mirror', insufficientDataHealthStatus, {
      metric: config.metric,
      threshold: config.threshold!,
      comparisonOperator: config.comparisonOperator!,
      evaluationPeriods: config.evaluationPeriods!,
    });
    return { alarm, insufficientDataHealthStatus, trafficBased };
  }
}
