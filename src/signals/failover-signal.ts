import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import {
  DEFAULT_CPU_THRESHOLD, DEFAULT_EVALUATION_PERIODS, DEFAULT_MIN_REQUESTS, DEFAULT_PERIOD, defaultInsufficientData,
  checkAlarmPartition, checkAlarmSignalFlags, checkMetricPlacement, checkSignalOptions, checkSignalPeriod, errorRateExpression,
  knownNumber, metricName, secondsOf, signalAlarm, throwViolations, validSignalName, withPeriod,
} from './signal-helpers';
import {
  AlarmSignalProps, AutoScalingGroupCpuSignalProps, CountSignalProps, CpuSignalOptions, EcsServiceCpuSignalProps,
  ErrorRateSignalProps, MetricSignalOptions, MetricSignalProps, SignalBindContext, SignalConfig,
  TargetResponseTimeSignalProps, UnhealthyHostCountSignalProps,
} from './signal-types';
import { checkBoolean } from '../model/input-rules';
import {
  checkMinRequests, checkPlacement, checkResponseTimeStatistic, checkStaticComparison, checkThreshold, ThresholdRange,
} from '../model/signal-rules';
import { parseStatistic } from '../model/statistic';
import { mirrorAlarm } from '../private/alarm-helpers';
import { placementOfAlarm } from '../private/alarm-inspection';
import { defaultStrategyFor } from '../private/default-strategy';
import { MetricStrategy } from '../strategies/metric-strategy';

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
    const kind = 'TargetResponseTime';
    const given = props.statistic ?? cloudwatch.Stats.AVERAGE;
    throwViolations(`${kind} signal`, checkResponseTimeStatistic(given));
    // The name CloudWatch expects ('P99' is 'p99'): checked above, so it parses.
    const statistic = parseStatistic(given)!.name;
    const threshold = secondsOf(`${kind} signal`, props.threshold);
    if (!Token.isUnresolved(threshold)) {
      // Every response takes some time: at 0 s the Region is out of DNS whenever it serves a request.
      throwViolations(`${kind} signal`, checkThreshold(threshold, { min: 0, minInclusive: false, meaning: 'a response time in seconds (every response takes more than 0 s, so at 0 the signal fires on every request)' }));
    }
    return new MetricAlarmSignal({
      kind,
      options: props,
      trafficBased: true,
      threshold,
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
   * requests rejected before a target was chosen (for example 503 when no target
   * is registered; when every registered target is unhealthy the ALB fails open
   * and routes to them all, so those requests are counted and answered by the
   * targets or end in connection errors), so when it falls while the ELB's 5xx soar, the errors themselves
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
   * balancer itself (for example 502 when a target's connection fails, 503
   * when no target is registered; with every registered target unhealthy the
   * ALB fails open and still routes to them). Traffic-based.
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
    if (!Token.isUnresolved(props.threshold)) {
      throwViolations('UnhealthyHostCount signal', checkThreshold(props.threshold, COUNT_RANGE));
    }
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
    const minRequests = knownNumber(`${kind} signal`, 'minRequests', props.minRequests ?? DEFAULT_MIN_REQUESTS,
      'it is written into the rate\'s expression and checked now');
    throwViolations(`${kind} signal`, checkMinRequests(minRequests));
    if (!Token.isUnresolved(props.threshold)) {
      // 0 % fires on a single error (strict, but a choice); 100 % can never be exceeded.
      throwViolations(`${kind} signal`, checkThreshold(props.threshold, {
        min: 0, minInclusive: true, max: 100, maxInclusive: false, meaning: 'a percentage of requests (a rate never exceeds 100)',
      }));
    }
    return new MetricAlarmSignal({
      kind,
      options: props,
      trafficBased: true,
      threshold: props.threshold,
      metric: (ctx, period) => errorRateExpression(ctx.loadBalancer, period, errors, minRequests),
      // RequestCount ('r'): without it, a minute's rate may rest on a late count.
      samplesKey: 'r',
    });
  }

  private static albCount(metric: string, kind: string, props: CountSignalProps): FailoverSignal {
    if (!Token.isUnresolved(props.threshold)) {
      throwViolations(`${kind} signal`, checkThreshold(props.threshold, COUNT_RANGE));
    }
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
    if (!Token.isUnresolved(threshold)) {
      // An instance's CPU never exceeds 100 %; an ECS service's may (tasks above their reservation), up to where 100 is a threshold.
      const ecs = namespace === 'AWS/ECS';
      throwViolations(`${kind} signal`, checkThreshold(threshold, {
        min: 0,
        minInclusive: false,
        max: 100,
        maxInclusive: ecs,
        meaning: `a CPU utilization in percent (what runs uses more than 0, so at 0 the signal always fires${ecs ? '' : '; an instance never exceeds 100, so at 100 it never fires'})`,
      }));
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

/**
 * A count (or average count) per period: never below 0, so a threshold below 0
 * fires whenever there is data. 0 fires on a single event: strict, but a choice.
 */
const COUNT_RANGE: ThresholdRange = { min: 0, minInclusive: true, meaning: 'a count per period (a count is never below 0, so below 0 the signal fires whenever there is data)' };

/** How a metric-based built-in signal is described. */
interface MetricAlarmSignalSpec {
  readonly kind: string;
  readonly options: MetricSignalOptions;
  readonly trafficBased: boolean;
  readonly threshold: number;
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  readonly metric: (context: SignalBindContext, period: Duration) => cloudwatch.IMetric;
  /** The usingMetrics key of the sample count (see MetricStrategyBindOptions.samplesKey). */
  readonly samplesKey?: string;
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
        `[AAF-SIGNAL-EVALUATION-PERIODS] signal '${this.signalName}': 'evaluationPeriods' must be a whole number of at least 1, got: ${evaluationPeriods}. `
        + 'Fix: leave it unset (3) or pass a whole number.',
      );
    }
    if (!Token.isUnresolved(spec.threshold)) {
      throwViolations(`signal '${this.signalName}'`, checkThreshold(spec.threshold, { meaning: 'the value the metric is compared with' }));
    }
    // aws-cdk-lib cannot check (or convert) a period that is a token, and Route 53 reads whole minutes only.
    if (spec.options.period?.isUnresolved()) {
      throw new Error(`[AAF-SIGNAL-TOKEN] signal '${this.signalName}': 'period' must be known at synth time (Route 53 reads only `
        + `whole minutes, checked now), got: a token (${spec.options.period}). Fix: pass Duration.minutes(1) or another whole number of minutes.`);
    }
    const subject = `signal '${this.signalName}'`;
    checkSignalPeriod(subject, spec.options, evaluationPeriods);
    checkSignalOptions(subject, spec.options);
    throwViolations(subject, [...checkStaticComparison(spec.comparisonOperator), ...checkBoolean('trafficBased', spec.trafficBased)]);
  }

  public bind(scope: Construct, context: SignalBindContext): SignalConfig {
    const options = this.spec.options;
    const period = options.period ?? DEFAULT_PERIOD;
    const evaluationPeriods = options.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS;
    const comparisonOperator = this.spec.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    const insufficientDataHealthStatus = options.insufficientDataHealthStatus ?? defaultInsufficientData(this.spec.trafficBased);
    const metric = this.spec.metric(context, period);
    checkMetricPlacement(`signal '${this.signalName}'`, metric, context.region);
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
      datapointsToAlarm: options.datapointsToAlarm,
      samplesKey: this.spec.samplesKey,
      recoveryThreshold: options.recoveryThreshold,
      recoveryPeriods: options.recoveryPeriods,
    });
    // A value the republisher publishes every minute is missing only while the
    // republisher is: keep the last status then, unless the user chose otherwise.
    const checkStatus = options.insufficientDataHealthStatus
      ?? (publishedEveryMinute(strategy) ? route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS : insufficientDataHealthStatus);
    const alarm = signalAlarm(scope, context, this.signalName, strategy.strategyName, checkStatus, {
      metric: config.metric,
      threshold: config.threshold ?? this.spec.threshold,
      comparisonOperator: config.comparisonOperator ?? comparisonOperator,
      evaluationPeriods: config.evaluationPeriods ?? evaluationPeriods,
    });
    return { alarm, insufficientDataHealthStatus: checkStatus, trafficBased: this.spec.trafficBased };
  }
}

/** A signal that follows an alarm the user already has. */
class ExistingAlarmSignal extends FailoverSignal {
  public readonly signalName: string;

  constructor(private readonly props: AlarmSignalProps) {
    super();
    this.signalName = validSignalName(props.signalName, props.alarm.node.id);
    checkSignalOptions(`signal '${this.signalName}'`, props);
    checkAlarmSignalFlags(`signal '${this.signalName}'`, props);
  }

  public bind(scope: Construct, context: SignalBindContext): SignalConfig {
    const trafficBased = this.props.trafficBased ?? true;
    const own = { region: resolved(context.region), account: resolved(Stack.of(scope).account) };
    throwViolations(`signal '${this.signalName}'`, checkPlacement('alarm', placementOfAlarm(this.props.alarm), own, this.props.mirror === true));
    checkAlarmPartition(`signal '${this.signalName}'`, this.props.alarm, context.region);
    if (!this.props.mirror) {
      const insufficientDataHealthStatus = this.props.insufficientDataHealthStatus ?? defaultInsufficientData(trafficBased);
      return { alarm: this.props.alarm, insufficientDataHealthStatus, trafficBased };
    }
    // The mirrored state is published every minute: keep the last status while the republisher is down.
    const insufficientDataHealthStatus = this.props.insufficientDataHealthStatus ?? route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS;
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

/** A value known at synth time, or undefined. */
function resolved(value: string): string | undefined {
  return Token.isUnresolved(value) ? undefined : value;
}

/** Whether the strategy's metric is published every minute by the stack's republisher. */
function publishedEveryMinute(strategy: MetricStrategy): boolean {
  return strategy.strategyName === 'Republish' || strategy.strategyName === 'Mirror';
}
