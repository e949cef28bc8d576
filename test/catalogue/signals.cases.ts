/** The bad-input catalogue: signal settings that cannot work, never or always fire, or are read wrongly. */
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Case } from './case';
import { FailoverDashboard, FailoverRegionOptions, FailoverSignal, MetricStrategy } from '../../src';
import { alb, failover, regionStack } from '../helpers';

/** A synthesized one-Region failover in us-east-1 with the signals `make` returns; the stack, for its annotations. */
function synth(make: (stack: Stack) => FailoverSignal[], probe = true, app = new App(), options: Partial<FailoverRegionOptions> = {}): Stack {
  const f = failover(app, probe ? {} : { probe: { enabled: false } });
  const stack = regionStack(app, 'us-east-1');
  f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: make(stack), ...options });
  app.synth();
  return stack;
}

const param = (stack: Stack) => new CfnParameter(stack, 'P', { type: 'Number' }).valueAsNumber;
const remote = (stack: Stack, arn = 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:latency') => cloudwatch.Alarm.fromAlarmArn(stack, 'Remote', arn);
const shop = (props: Partial<cloudwatch.MetricProps> = {}) => new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors', statistic: 'Sum', ...props });

export const CASES: Case[] = [
  ['an alarm imported by ARN from another Region', 'AAF-SIGNAL-REGION', () => { synth(s => [FailoverSignal.fromAlarm({ alarm: remote(s) })]); }],
  ['a mirrored alarm of another Region', 'AAF-SIGNAL-REGION', () => { synth(s => [FailoverSignal.fromAlarm({ alarm: remote(s), mirror: true })]); }],
  ['a mirrored signal on a metric of another Region', 'AAF-SIGNAL-REGION', () => {
    synth(() => [FailoverSignal.fromMetric({ metric: shop({ region: 'eu-west-1' }), threshold: 1, strategy: MetricStrategy.mirror() })]);
  }],
  ['a mirrored alarm of another account', 'AAF-SIGNAL-ACCOUNT', () => {
    synth(s => [FailoverSignal.fromAlarm({ alarm: remote(s, 'arn:aws:cloudwatch:us-east-1:222222222222:alarm:latency'), mirror: true })]);
  }],
  ['a 5xx count threshold of -1', 'AAF-SIGNAL-THRESHOLD', () => { FailoverSignal.targetHttp5xxCount({ threshold: -1 }); }],
  ['an unhealthy host count threshold of -1', 'AAF-SIGNAL-THRESHOLD', () => {
    synth(s => [FailoverSignal.unhealthyHostCount({ threshold: -1, targetGroup: alb(new Stack(s, 'X')).addListener('L', { port: 80 }).addTargets('T', { port: 80 }) })]);
  }],
  ['a latency threshold of 0 ms', 'AAF-SIGNAL-THRESHOLD', () => { FailoverSignal.targetResponseTime({ threshold: Duration.millis(0) }); }],
  ['an Auto Scaling group CPU threshold of 100', 'AAF-SIGNAL-THRESHOLD', () => {
    FailoverSignal.autoScalingGroupCpu({ autoScalingGroup: autoscaling.AutoScalingGroup.fromAutoScalingGroupName(new Stack(), 'A', 'web'), threshold: 100 });
  }],
  ['an error-rate threshold of Infinity', 'AAF-SIGNAL-THRESHOLD', () => { FailoverSignal.http5xxErrorRate({ threshold: Infinity }); }],
  ['a metric threshold of NaN', 'AAF-SIGNAL-THRESHOLD', () => { FailoverSignal.fromMetric({ metric: shop(), threshold: NaN }); }],
  ['a statistic CloudWatch does not know', 'AAF-SIGNAL-STATISTIC', () => {
    synth(() => [FailoverSignal.fromMetric({ metric: shop({ statistic: 'p99x' }), threshold: 1, strategy: MetricStrategy.republish() })]);
  }],
  ['a latency summed (trimmed sum)', 'AAF-SIGNAL-STATISTIC', () => { FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'ts90' }); }],
  ['a latency threshold of Duration.millis(parameter)', 'AAF-SIGNAL-TOKEN', () => {
    synth(s => [FailoverSignal.targetResponseTime({ threshold: Duration.millis(param(s)) })]);
  }],
  ['a period that is a parameter', 'AAF-SIGNAL-TOKEN', () => { synth(s => [FailoverSignal.elbHttp5xxCount({ threshold: 1, period: Duration.minutes(param(s)) })]); }],
  ['minRequests that is a parameter', 'AAF-SIGNAL-TOKEN', () => { synth(s => [FailoverSignal.http5xxErrorRate({ threshold: 5, minRequests: param(s) })]); }],
  ['a direct signal\'s threshold that is a parameter', 'AAF-ALARM-TOKEN', () => { synth(s => [FailoverSignal.elbHttp5xxCount({ threshold: param(s) })]); }],
  ['UNHEALTHY on missing data of a traffic-based signal without probe', 'AAF-SIGNAL-NEVER-RECOVERS', () => {
    const unhealthy = route53.InsufficientDataHealthStatusEnum.UNHEALTHY;
    synth(() => [FailoverSignal.elbHttp5xxCount({ threshold: 5, insufficientDataHealthStatus: unhealthy })], false);
  }],
  ['an alarm that breaches on missing data with a Healthy health check', 'AAF-SIGNAL-MISSING-DATA-MISMATCH', () => synth(s => [FailoverSignal.fromAlarm({
    alarm: new cloudwatch.Alarm(s, 'Own', { metric: shop(), threshold: 1, evaluationPeriods: 1, treatMissingData: cloudwatch.TreatMissingData.BREACHING }),
  })]), 'warning'],
  ['notifications on a Region with nothing to report', 'AAF-NOTIFICATION-NOTHING-TO-REPORT', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    failover(app, { notifications: true, evacuationSwitch: false }).addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [] });
    return stack;
  }, 'warning'],
  ['a metric signal compared with an anomaly band', 'AAF-STRATEGY-COMPARISON', () => {
    FailoverSignal.fromMetric({
      metric: shop(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD,
    });
  }],
  ['a p99 latency approximated by SampleCount', 'AAF-STRATEGY-STATISTIC', () => {
    synth(() => [FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'p99', strategy: MetricStrategy.approximate({ statistic: 'SampleCount' }) })]);
  }],
  ['an undefined entry in a Region\'s signals', 'AAF-INPUT-SIGNALS', () => { synth(() => [undefined as any]); }],
  ['a 90-second period', 'AAF-ALARM-PERIOD', () => { FailoverSignal.elbHttp5xxCount({ threshold: 5, period: Duration.seconds(90) }); }],
  ['insufficientDataHealthStatus \'Whatever\' (plain JavaScript)', 'AAF-INPUT-ENUM', () => {
    FailoverSignal.elbHttp5xxCount({ threshold: 5, insufficientDataHealthStatus: 'Whatever' as any });
  }],
  ['a probe protocol TCP (plain JavaScript)', 'AAF-INPUT-ENUM', () => { synth(() => [FailoverSignal.elbHttp5xxCount({ threshold: 5 })], true, undefined, { probe: { protocol: 'TCP' as any } }); }],
  ['ipv6: \'no\' (plain JavaScript)', 'AAF-INPUT-BOOLEAN', () => { synth(() => [FailoverSignal.elbHttp5xxCount({ threshold: 5 })], true, undefined, { ipv6: 'no' as any }); }],
  ['a reversed trimmed-mean range', 'AAF-SIGNAL-STATISTIC', () => { FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'TM(90%:10%)' }); }],
  ['minRequests of 2**53', 'AAF-SIGNAL-MIN-REQUESTS', () => { FailoverSignal.http5xxErrorRate({ threshold: 5, minRequests: 2 ** 53 }); }],
  ['an alarm of the aws-cn partition in an aws Region', 'AAF-REGION-PARTITION', () => {
    synth(s => [FailoverSignal.fromAlarm({ alarm: remote(s, 'arn:aws-cn:cloudwatch:us-east-1:111111111111:alarm:latency') })]);
  }],
  ['a load balancer of another account', 'AAF-REGION-LOAD-BALANCER', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: 'us-east-1' } });
    failover(app).addRegion(regionStack(app, 'us-east-1'), 'Failover', { loadBalancer: alb(other), signals: [FailoverSignal.elbHttp5xxCount({ threshold: 5 })] });
  }],
  ['a dashboard interval of 0 seconds', 'AAF-DASHBOARD-INTERVAL', () => {
    const app = new App();
    new FailoverDashboard(new Stack(app, 'Ops'), 'Dashboard', { failover: failover(app), defaultInterval: Duration.seconds(0) });
  }],
];
