/**
 * Seeded fuzz of the signal factories: thresholds at and beyond each limit,
 * statistics in and out of aws-cdk-lib's grammar, tokens in number and
 * Duration props, each strategy. Every case must end in a specific AAF rule
 * (thrown) or in a template Route53AlarmGuard accepts: never a bare
 * TypeError/RangeError from aws-cdk-lib, never a silent garbage threshold.
 */
import { App, Aspects, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { FailoverSignal, MetricSignalOptions, MetricStrategy, Route53AlarmGuard } from '../../src';
import { mulberry32 } from '../fuzz';
import { ACCOUNT, failover, importedAlb, regionStack } from '../helpers';

/* eslint-enable no-bitwise */

const SEED = 0x5161a15;
const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** A value a number prop may take: at and beyond the limits, or a token. */
type NumberInput = number | 'token';
const NUMBERS: readonly NumberInput[] = [-1, -0.0001, 0, 0.001, 0.5, 1, 5, 20, 99.999, 100, 100.5, 150, 1e9, NaN, Infinity, -Infinity, 'token'];
const WHOLE: readonly NumberInput[] = [-1, 0, 1, 2, 3, 60, 61, 1441, 2.5, NaN, 'token'];
const STATISTICS: readonly string[] = [
  'Average', 'avg', 'Maximum', 'MAX', 'Minimum', 'Sum', 'SampleCount', 'n', 'IQM', 'iqm', 'p99', 'P99', 'p100', 'p0', 'p99.99', 'p101',
  'tm99', 'TM(10%:90%)', 'tm(10%:90%)', 'tm(:)', 'tm(10:90%)', 'wm90', 'WM(:95%)', 'tc90', 'TS(:90%)', 'PR(:0.5)', 'pr(100:2000)',
  'p', 'p99x', 'foo', 'percentile99', ' p99',
];
const PERIODS = ['default', 'minute', 'fiveMinutes', '30s', 'token'] as const;
const STRATEGIES = ['default', 'direct', 'republish', 'mirror', 'approximate'] as const;

interface Inputs {
  readonly factory: string;
  readonly threshold: NumberInput;
  readonly statistic: string;
  readonly evaluationPeriods?: NumberInput;
  readonly datapointsToAlarm?: NumberInput;
  readonly minRequests?: NumberInput;
  readonly recoveryThreshold?: NumberInput;
  readonly period: typeof PERIODS[number];
  readonly strategy: typeof STRATEGIES[number];
  readonly millis: boolean;
}

const FACTORIES = [
  'targetResponseTime', 'http5xxErrorRate', 'targetConnectionErrorRate', 'targetHttp5xxCount', 'elbHttp5xxCount',
  'targetConnectionErrorCount', 'unhealthyHostCount', 'ecsServiceCpu', 'autoScalingGroupCpu', 'fromMetric',
] as const;

/** One case: every threshold in NUMBERS once per factory, everything else drawn at random. */
function inputs(factory: string, threshold: NumberInput): Inputs {
  const maybe = (pool: readonly NumberInput[]) => (random() < 0.3 ? pick(pool) : undefined);
  return {
    factory,
    threshold,
    statistic: pick(STATISTICS),
    evaluationPeriods: maybe(WHOLE),
    datapointsToAlarm: maybe(WHOLE),
    minRequests: maybe(WHOLE),
    recoveryThreshold: maybe(NUMBERS),
    period: pick(PERIODS),
    strategy: pick(STRATEGIES),
    millis: random() < 0.5,
  };
}

function signalOf(stack: Stack, lb: elbv2.IApplicationLoadBalancer, i: Inputs): FailoverSignal {
  let params = 0;
  const num = (v: NumberInput | undefined) => (v === 'token' ? new CfnParameter(stack, `P${params++}`, { type: 'Number' }).valueAsNumber : v);
  const threshold = num(i.threshold)!;
  const period = {
    'default': undefined, 'minute': Duration.minutes(1), 'fiveMinutes': Duration.minutes(5), '30s': Duration.seconds(30), 'token': Duration.minutes(num('token')!),
  }[i.period];
  const strategy = {
    default: undefined,
    direct: MetricStrategy.direct(),
    republish: MetricStrategy.republish(),
    mirror: MetricStrategy.mirror(),
    approximate: MetricStrategy.approximate(),
  }[i.strategy];
  const options: MetricSignalOptions = {
    evaluationPeriods: num(i.evaluationPeriods),
    datapointsToAlarm: num(i.datapointsToAlarm),
    recoveryThreshold: num(i.recoveryThreshold),
    period,
    strategy,
  };
  switch (i.factory) {
    case 'targetResponseTime': {
      // Duration refuses NaN, Infinity and negative amounts itself, in the user's own call: not this library's to answer.
      const amount = Number.isFinite(threshold) || typeof i.threshold === 'string' ? Math.abs(threshold) : 1;
      const duration = i.millis ? Duration.millis(typeof i.threshold === 'string' ? threshold : Math.round(amount * 1000)) : Duration.seconds(amount);
      return FailoverSignal.targetResponseTime({ ...options, threshold: duration, statistic: i.statistic });
    }
    case 'http5xxErrorRate': return FailoverSignal.http5xxErrorRate({ ...options, threshold, minRequests: num(i.minRequests) });
    case 'targetConnectionErrorRate': return FailoverSignal.targetConnectionErrorRate({ ...options, threshold, minRequests: num(i.minRequests) });
    case 'targetHttp5xxCount': return FailoverSignal.targetHttp5xxCount({ ...options, threshold });
    case 'elbHttp5xxCount': return FailoverSignal.elbHttp5xxCount({ ...options, threshold });
    case 'targetConnectionErrorCount': return FailoverSignal.targetConnectionErrorCount({ ...options, threshold });
    case 'unhealthyHostCount': return FailoverSignal.unhealthyHostCount({
      ...options,
      threshold,
      targetGroup: elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(stack, 'Tg', {
        targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/api/0123456789abcdef`, loadBalancerArns: lb.loadBalancerArn,
      }),
    });
    case 'ecsServiceCpu': return FailoverSignal.ecsServiceCpu({
      ...options,
      threshold,
      service: ecs.FargateService.fromFargateServiceAttributes(stack, 'Svc', {
        serviceName: 'api', cluster: ecs.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'main', vpc: undefined as never }),
      }),
    });
    case 'autoScalingGroupCpu': return FailoverSignal.autoScalingGroupCpu({
      ...options, threshold, autoScalingGroup: autoscaling.AutoScalingGroup.fromAutoScalingGroupName(stack, 'Asg', 'web'),
    });
    default: return FailoverSignal.fromMetric({
      ...options, threshold, metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency', statistic: i.statistic }),
    });
  }
}

/** The outcome of one case: the AAF id thrown, 'accepted', or what went wrong. */
function outcome(i: Inputs): string {
  const app = new App();
  Aspects.of(app).add(new Route53AlarmGuard());
  const stack = regionStack(app, 'us-east-1');
  try {
    const lb = importedAlb(stack);
    failover(app).addRegion(stack, 'Failover', { loadBalancer: lb, signals: [signalOf(stack, lb, i)] });
    app.synth();
  } catch (e) {
    const message = (e as Error).message;
    return /^\[AAF-[A-Z0-9]+(?:-[A-Z0-9]+)*\] .*got[: ].*Fix: \S/s.test(message) ? /^\[([A-Z0-9-]+)\]/.exec(message)![1] : `bare error: ${message}`;
  }
  const errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).map(m => String(m.entry.data));
  if (errors.length > 0) {
    return `guard refused: ${errors.join(' | ')}`;
  }
  type Resource = { Type: string; Properties: { Threshold?: unknown } };
  const resources = app.synth().getStackByName(stack.stackName).template.Resources as Record<string, Resource>;
  const alarms = Object.values(resources).filter(r => r.Type === 'AWS::CloudWatch::Alarm');
  // A threshold is a number a metric can reach (no token number turned into -1.888e+286) or a parameter reference.
  const garbage = alarms.find(a => typeof a.Properties.Threshold === 'number' && Math.abs(a.Properties.Threshold) > 1e12);
  return garbage ? `garbage threshold ${garbage.Properties.Threshold}` : 'accepted';
}

const CASES = FACTORIES.flatMap(factory => NUMBERS.map(threshold => inputs(factory, threshold)));

describe(`signal inputs fuzz (seed ${SEED}, ${CASES.length} cases)`, () => {
  const cases = CASES;

  test('every case ends in a specific AAF rule or a template the guard accepts', () => {
    const results = cases.map(i => [JSON.stringify(i), outcome(i)] as const);
    expect(results.filter(([, r]) => !/^AAF-|^accepted$/.test(r))).toEqual([]);
    // A token is never judged as the number it encodes; a threshold that is not finite is never accepted.
    const threshold = (i: Inputs) => (i.factory === 'targetResponseTime' && typeof i.threshold === 'number' ? 1 : i.threshold);
    expect(results.filter(([, r], n) => threshold(cases[n]) === 'token' && r === 'AAF-SIGNAL-THRESHOLD')).toEqual([]);
    expect(results.filter(([, r], n) => !Number.isFinite(threshold(cases[n])) && threshold(cases[n]) !== 'token' && r === 'accepted')).toEqual([]);
    // Both ends are exercised: the generator is not all-bad or all-good.
    const ids = new Set(results.map(([, r]) => r));
    expect(ids.has('accepted')).toBe(true);
    for (const id of ['AAF-SIGNAL-THRESHOLD', 'AAF-SIGNAL-STATISTIC', 'AAF-SIGNAL-TOKEN']) {
      expect(ids).toContain(id);
    }
  });
});
