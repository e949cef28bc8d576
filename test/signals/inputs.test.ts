/**
 * Signal inputs that can never work, always or never fire, or are read
 * wrongly: cross-Region and cross-account alarms, thresholds beyond what the
 * metric can reach, statistics in aws-cdk-lib's grammar, tokens.
 */
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { FailoverSignal, MetricStrategy } from '../../src';
import { parseStatistic, StatisticKind } from '../../src/model/statistic';
import { ACCOUNT, alb, failover, regionStack, synthRegion } from '../helpers';


const param = (stack: Stack, id = 'P') => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
const remoteArn = 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:checkout-latency';

describe('the Region and account of a signal\'s alarm', () => {
  test.each([false, true])('fails if an alarm imported by ARN is in another Region (mirror: %s)', mirror => {
    expect(() => synthRegion(s => [FailoverSignal.fromAlarm({ alarm: cloudwatch.Alarm.fromAlarmArn(s, 'Remote', remoteArn), mirror })])).toThrow(
      "[AAF-SIGNAL-REGION] signal 'Remote': 'alarm' must be in the Region the signal guards (us-east-1): a health alarm can only watch "
      + 'alarms of its own Region, an alarm only metrics of its own Region, and the republisher reads and mirrors its own Region only, '
      + "got: alarm in eu-west-1. Fix: use an alarm of us-east-1, created in that Region's stack.",
    );
  });

  test('fails if a mirrored alarm is in another account', () => {
    const arn = 'arn:aws:cloudwatch:us-east-1:222222222222:alarm:checkout-latency';
    expect(() => synthRegion(s => [FailoverSignal.fromAlarm({ alarm: cloudwatch.Alarm.fromAlarmArn(s, 'Remote', arn), mirror: true })])).toThrow(
      "[AAF-SIGNAL-ACCOUNT] signal 'Remote': 'alarm' must be in the account of the republisher that mirrors it (111111111111): its "
      + 'DescribeAlarms and alarm state-change rule see no other account, so nothing would ever be published and the signal would stay '
      + 'healthy, got: alarm in account 222222222222. Fix: create the alarm in this account',
    );
  });

  test.each(['Direct', 'Mirror', 'Republish'])('fails if a metric is in another Region (strategy %s)', strategy => {
    const metric = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors', statistic: 'Sum', region: 'eu-west-1' });
    const chosen = strategy === 'Direct' ? MetricStrategy.direct() : strategy === 'Mirror' ? MetricStrategy.mirror() : MetricStrategy.republish();
    expect(() => synthRegion(() => [FailoverSignal.fromMetric({ metric, threshold: 1, strategy: chosen })])).toThrow(
      /^\[AAF-SIGNAL-REGION\] signal 'Errors': 'metric' must be in the Region the signal guards \(us-east-1\).*got: metric Shop\/Errors in eu-west-1\. Fix: /,
    );
  });

  test('a local alarm imported by ARN: its health check names the ARN\'s Region and the health alarm watches it', () => {
    const arn = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:checkout-latency`;
    const { template } = synthRegion(s => [FailoverSignal.fromAlarm({ alarm: cloudwatch.Alarm.fromAlarmArn(s, 'Local', arn) })]);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ AlarmIdentifier: { Name: 'checkout-latency', Region: 'us-east-1' } }),
    });
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmRule: Match.stringLikeRegexp('checkout-latency') });
  });
});

describe('thresholds that can never or always fire', () => {
  const asg = (s: Stack) => autoscaling.AutoScalingGroup.fromAutoScalingGroupName(s, 'Asg', 'web');
  test.each<[string, () => FailoverSignal, string]>([
    ['a 5xx count of -1', () => FailoverSignal.targetHttp5xxCount({ threshold: -1 }), "TargetHttp5xxCount signal: 'threshold' must be a finite number at least 0: a count per period"],
    ['a connection-error count of -0.5', () => FailoverSignal.targetConnectionErrorCount({ threshold: -0.5 }), "'threshold' must be a finite number at least 0"],
    ['a latency of 0 ms', () => FailoverSignal.targetResponseTime({ threshold: Duration.millis(0) }), "TargetResponseTime signal: 'threshold' must be a finite number above 0: a response time in seconds"],
    ['an ASG CPU of 100', () => FailoverSignal.autoScalingGroupCpu({ autoScalingGroup: asg(new Stack()), threshold: 100 }), "AutoScalingGroupCpu signal: 'threshold' must be a finite number above 0 and below 100"],
    ['a CPU of 0', () => FailoverSignal.autoScalingGroupCpu({ autoScalingGroup: asg(new Stack()), threshold: 0 }), 'so at 0 the signal always fires'],
    ['an error rate of -1 %', () => FailoverSignal.http5xxErrorRate({ threshold: -1 }), "'threshold' must be a finite number at least 0 and below 100"],
    ['an error rate of Infinity', () => FailoverSignal.targetConnectionErrorRate({ threshold: Infinity }), 'got: Infinity. Fix: choose a finite threshold'],
    ['a metric threshold of NaN', () => FailoverSignal.fromMetric({ metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors' }), threshold: NaN }),
      "signal 'Errors': 'threshold' must be a finite number: the value the metric is compared with, got: NaN. Fix: choose a finite threshold."],
  ])('fails if the threshold is %s', (_name, make, message) => {
    expect(make).toThrow('[AAF-SIGNAL-THRESHOLD] ');
    expect(make).toThrow(message);
  });

  test('accepts a count of 0 (any event fires: strict, but a choice) and an ECS CPU of 100', () => {
    expect(() => FailoverSignal.elbHttp5xxCount({ threshold: 0 })).not.toThrow();
    // Only its names are read at construction; tasks above their reservation exceed 100 %.
    const service = { serviceName: 'api', cluster: { clusterName: 'main' } } as unknown as ecs.IBaseService;
    expect(() => FailoverSignal.ecsServiceCpu({ service, threshold: 100 })).not.toThrow();
  });
});

describe('statistics in aws-cdk-lib\'s grammar', () => {
  test.each(['P99', 'p100', 'tm99', 'p99.99', 'TM(10%:90%)', 'tm(10%:90%)', 'wm90', 'WM(:95%)', 'iqm', 'Max', 'avg'])(
    'a latency signal accepts %s and alarms on it as CloudWatch names it', statistic => {
      const strategy = MetricStrategy.mirror();
      const { template } = synthRegion(() => [FailoverSignal.targetResponseTime({ threshold: Duration.millis(800), statistic, strategy })]);
      const name = parseStatistic(statistic)!.name;
      const key = parseStatistic(statistic)!.kind === StatisticKind.SIMPLE ? 'Statistic' : 'ExtendedStatistic';
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Api-us-east-1-TargetResponseTime-source', [key]: name, Threshold: 0.8 });
    });

  test.each<[string, string | undefined]>([
    ['P99', 'p99'], ['p99.9', 'p99.9'], ['p100', 'p100'], ['p101', undefined], ['tm(10%:90%)', 'TM(10%:90%)'], ['PR(:0.5)', 'PR(:0.5)'],
    ['tc(10%:)', 'TC(10%:)'], ['TS(:90%)', 'TS(:90%)'], ['tm(10:90%)', undefined], ['tm(:)', undefined], ['tm(110%:)', undefined],
    ['tm(1:2:3)', undefined], ['IQM', 'TM(25%:75%)'], ['n', 'SampleCount'], ['foo', undefined], ['p', undefined], ['pr90', undefined],
  ])('parses %s as %s', (statistic, name) => {
    expect(parseStatistic(statistic)?.name).toBe(name);
  });

  test('fails if a metric\'s statistic is one CloudWatch does not know', () => {
    const metric = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency', statistic: 'p99x' });
    expect(() => synthRegion(() => [FailoverSignal.fromMetric({ metric, threshold: 1 })])).toThrow(
      "[AAF-SIGNAL-STATISTIC] signal 'Latency': 'statistic' must be a statistic CloudWatch knows, with a range's lower bound below its upper (its alarm would fail to deploy, or the "
      + "republisher could never read it), got: 'p99x' (metric Shop/Latency). Fix: use Average, Minimum, Maximum, Sum, SampleCount, IQM",
    );
  });
});

describe('tokens', () => {
  test('fails if a latency threshold is a token in milliseconds (it cannot be converted to seconds)', () => {
    expect(() => synthRegion(s => [FailoverSignal.targetResponseTime({ threshold: Duration.millis(param(s)) })])).toThrow(
      /^\[AAF-SIGNAL-TOKEN\] TargetResponseTime signal: 'threshold' must be known at synth time or be Duration.seconds\(<token>\) .*got: Duration\.millis\(.*\)\. Fix: pass Duration\.seconds\(param\.valueAsNumber\)/,
    );
  });

  test('a latency threshold of Duration.seconds(token) is passed through as it is (mirrored)', () => {
    const strategy = MetricStrategy.mirror();
    const { template } = synthRegion(s => [FailoverSignal.targetResponseTime({ threshold: Duration.seconds(param(s)), strategy })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Api-us-east-1-TargetResponseTime-source', Threshold: { Ref: 'P' } });
  });

  test('fails if a period is a token', () => {
    expect(() => synthRegion(s => [FailoverSignal.elbHttp5xxCount({ threshold: 5, period: Duration.minutes(param(s)) })])).toThrow(
      /^\[AAF-SIGNAL-TOKEN\] signal 'ElbHttp5xxCount': 'period' must be known at synth time .*got: a token .* Fix: pass Duration\.minutes\(1\)/,
    );
  });

  test('fails if minRequests is a token', () => {
    expect(() => synthRegion(s => [FailoverSignal.http5xxErrorRate({ threshold: 5, minRequests: param(s) })])).toThrow(
      /^\[AAF-SIGNAL-TOKEN\] Http5xxErrorRate signal: 'minRequests' must be a number known at synth time .*got: a token .*Fix: pass the number itself\./,
    );
  });

  test.each<[string, (s: Stack) => FailoverSignal]>([
    ['Threshold', s => FailoverSignal.elbHttp5xxCount({ threshold: param(s) })],
    ['EvaluationPeriods', s => FailoverSignal.elbHttp5xxCount({ threshold: 1, evaluationPeriods: param(s) })],
    ['Threshold', s => FailoverSignal.fromAlarm({
      alarm: new cloudwatch.Alarm(s, 'Own', {
        metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors', statistic: 'Sum' }), threshold: param(s), evaluationPeriods: 1,
      }),
    })],
  ])('fails if the %s of an alarm Route 53 follows is a token (the health check could not be re-synced)', (property, make) => {
    expect(() => synthRegion(s => [make(s)])).toThrow(new RegExp(`\\[AAF-ALARM-TOKEN\\] .*'${property}' must be known at synth time: Route 53 copies it `
      + 'when the health check is created .*got: \\{"Ref":"P"\\} \\(a value decided at deployment\\)\\. Fix: pass the number or string itself'));
  });
});

describe('missing data', () => {
  test('fails if a traffic-based signal without probe is unhealthy on missing data (a drained Region never comes back)', () => {
    expect(() => synthRegion(() => [FailoverSignal.elbHttp5xxCount({
      threshold: 5, insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.UNHEALTHY,
    })], { probe: { enabled: false } })).toThrow(
      "[AAF-SIGNAL-NEVER-RECOVERS] FailoverRegion 'Service-us-east-1/Failover', signal 'ElbHttp5xxCount', alarm "
      + "'Service-us-east-1/Failover/Signals/ElbHttp5xxCount/Alarm': 'insufficientDataHealthStatus' must not be UNHEALTHY on a "
      + 'traffic-based signal without probe traffic (its metric stops when the Region leaves DNS, so the health check stays unhealthy '
      + 'and the Region never comes back), got: Unhealthy. Fix: turn the probe on (the default), or use HEALTHY or LAST_KNOWN_STATUS.',
    );
  });

  test('accepts unhealthy on missing data with the probe on, or on a signal published continuously', () => {
    const unhealthy = route53.InsufficientDataHealthStatusEnum.UNHEALTHY;
    expect(() => synthRegion(() => [FailoverSignal.elbHttp5xxCount({ threshold: 5, insufficientDataHealthStatus: unhealthy })])).not.toThrow();
    expect(() => synthRegion(s => [FailoverSignal.autoScalingGroupCpu({
      autoScalingGroup: autoscaling.AutoScalingGroup.fromAutoScalingGroupName(s, 'Asg', 'web'), insufficientDataHealthStatus: unhealthy,
    })], { probe: { enabled: false } })).not.toThrow();
  });

  test('warns if an alarm given to fromAlarm breaches on missing data while its health check reads Healthy', () => {
    const { stack } = synthRegion(s => [FailoverSignal.fromAlarm({
      alarm: new cloudwatch.Alarm(s, 'Own', {
        metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors', statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
    })]);
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover/Signals/Own', Match.stringLikeRegexp(
      "^\\[AAF-SIGNAL-MISSING-DATA-MISMATCH\\] FailoverRegion 'Service-us-east-1/Failover', signal 'Own', alarm 'Service-us-east-1/Own': "
      + "'TreatMissingData' tells the opposite of the health check: without data the alarm \\(and the Region's health alarm and "
      + "notifications\\) reads ALARM while Route 53 does not take the Region out, got: 'breaching' with insufficientDataHealthStatus "
      + "Healthy\\. Fix: set the alarm's treatMissingData to 'notBreaching', or insufficientDataHealthStatus to UNHEALTHY\\."));
  });

  test('does not warn about the library\'s own alarms', () => {
    const { stack } = synthRegion(() => [FailoverSignal.elbHttp5xxCount({ threshold: 5 }), FailoverSignal.http5xxErrorRate({ threshold: 5 })]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('AAF-SIGNAL-MISSING-DATA-MISMATCH'));
  });
});

describe('notifications with nothing to report', () => {
  test('warns if the failover\'s notifications reach a Region with neither signals nor switch', () => {
    const app = new App();
    const f = failover(app, { evacuationSwitch: false, notifications: true });
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [] });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "^\\[AAF-NOTIFICATION-NOTHING-TO-REPORT\\] FailoverRegion 'Service-us-east-1/Failover': the failover's 'notifications' is true, "
      + 'but this Region has neither signals nor the evacuation switch, so it gets no topic and nothing is ever told, got: signals \\[\\] '
      + 'and evacuationSwitch false\\. Fix: add signals or turn the switch on in this Region\\.'));
  });
});
