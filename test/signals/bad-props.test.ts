/**
 * Props a bad-input hunt found accepted (or failing with a bare error) on
 * signals, strategies, Regions, the failover and the dashboard: each now
 * fails with its rule id, the prop, the value received, what is allowed and
 * a fix. Plain-JavaScript callers (jsii languages) are simulated with `as any`.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ActiveActiveFailover, FailoverDashboard, FailoverSignal, MetricStrategy } from '../../src';
import { parseStatistic } from '../../src/model/statistic';
import { ACCOUNT, alb, failover, regionStack, synthRegion, ZONE } from '../helpers';


/** The error `make` throws, which must contain every fragment (id first). */
function expectError(make: () => unknown, fragments: string[]): void {
  let message = '';
  try {
    make();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message.startsWith(fragments[0])).toBe(true);
  for (const fragment of fragments) {
    expect(message).toContain(fragment);
  }
}

const shop = () => new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors', statistic: 'Sum' });
const latency = () => FailoverSignal.targetResponseTime({ threshold: Duration.millis(500) });

describe('comparison operators', () => {
  const bands = [
    cloudwatch.ComparisonOperator.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD,
    cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
    cloudwatch.ComparisonOperator.LESS_THAN_LOWER_THRESHOLD,
  ];
  const strategies = [MetricStrategy.direct(), MetricStrategy.mirror(), MetricStrategy.republish(), MetricStrategy.approximate()];
  test.each(bands.flatMap(op => strategies.map(strategy => [op, strategy] as const)))('fails if a signal compares with an anomaly band (%s, %o)', (op, strategy) => {
    expectError(() => FailoverSignal.fromMetric({ metric: shop(), threshold: 1, comparisonOperator: op, strategy }), [
      "[AAF-STRATEGY-COMPARISON] signal 'Errors': 'comparisonOperator' must compare with a static threshold (GreaterThanThreshold, "
      + 'GreaterThanOrEqualToThreshold, LessThanThreshold, LessThanOrEqualToThreshold)',
      `got: '${op}'. Fix: use one of those operators`,
    ]);
  });

  test('a static comparison is accepted', () => {
    const { template } = synthRegion(() => [FailoverSignal.fromMetric({
      metric: shop(), threshold: 1, comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', ComparisonOperator: 'LessThanThreshold' });
  });
});

describe('MetricStrategy.approximate keeps the signal\'s meaning', () => {
  test.each(['SampleCount', 'Sum'])('fails if a response-time percentile is approximated by %s', statistic => {
    expectError(() => synthRegion(() => [FailoverSignal.targetResponseTime({
      threshold: Duration.seconds(1), statistic: 'p99', strategy: MetricStrategy.approximate({ statistic }),
    })]), [
      "[AAF-STRATEGY-STATISTIC] signal 'TargetResponseTime' (strategy Approximate): 'statistic' must keep the meaning and unit of 'p99' "
      + '(allowed: Average, Maximum, Minimum)',
      `got: '${statistic}' for the signal's 'p99'. Fix: pass MetricStrategy.approximate({ statistic: 'Maximum' })`,
    ]);
  });

  test.each(['Average', 'Maximum', 'Minimum'])('a percentile is approximated by %s', statistic => {
    const { template } = synthRegion(() => [FailoverSignal.targetResponseTime({
      threshold: Duration.seconds(1), statistic: 'p99', strategy: MetricStrategy.approximate({ statistic }),
    })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetResponseTime', Statistic: statistic });
  });
});

describe('statistic ranges', () => {
  test('fails if a trimmed mean\'s range is reversed', () => {
    expectError(() => FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'TM(90%:10%)' }), [
      "[AAF-SIGNAL-STATISTIC] TargetResponseTime signal: 'statistic' must be a statistic CloudWatch knows (a range's lower bound below its upper)",
      "got: 'TM(90%:10%)'. Fix: use 'Average'",
    ]);
  });

  test.each([['TM(10%:90%)', true], ['TM(90%:10%)', false], ['TM(50%:50%)', false], ['PR(5:5)', true], ['PR(10:2)', false], ['TM(:90%)', true]])(
    'the range of %s is valid: %s', (statistic, valid) => {
      expect(parseStatistic(statistic) !== undefined).toBe(valid);
    });
});

describe('signals of a Region', () => {
  test.each([[undefined, 'undefined undefined'], [{ signalName: 'x' }, 'an object (Object)'], ['latency', "'latency'"]])(
    'fails if a Region\'s signals hold something else than a signal (%p)', (entry, got) => {
      expectError(() => synthRegion(() => [latency(), entry as any]), [
        "[AAF-INPUT-SIGNALS] FailoverRegion 'Service-us-east-1/Failover': 'signals[1]' must be a FailoverSignal",
        `got: ${got}. Fix: pass FailoverSignal objects`,
      ]);
    });

  test('fails if the failover\'s defaultSignals hold something else than a signal', () => {
    expectError(() => failover(new App(), { defaultSignals: [null as any] }), [
      "[AAF-INPUT-SIGNALS] ActiveActiveFailover 'Api': 'defaultSignals[0]' must be a FailoverSignal, got: object null. Fix:",
    ]);
  });
});

describe('signal periods', () => {
  const factories: Array<[string, (period: Duration) => FailoverSignal]> = [
    ['elbHttp5xxCount', period => FailoverSignal.elbHttp5xxCount({ threshold: 5, period })],
    ['http5xxErrorRate', period => FailoverSignal.http5xxErrorRate({ threshold: 5, period })],
    ['targetResponseTime', period => FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), period })],
    ['fromMetric', period => FailoverSignal.fromMetric({ metric: shop(), threshold: 1, period })],
  ];
  test.each(factories)('fails if %s has a period of 90 seconds', (_name, make) => {
    expectError(() => make(Duration.seconds(90)), [
      '[AAF-ALARM-PERIOD] signal', "'period' is not a standard-resolution period; Route 53 reads only alarms whose period is 60 seconds or a multiple of 60",
      'got: 90 seconds. Fix: use a period of 1 minute (or a whole number of minutes).',
    ]);
  });

  test.each([Duration.seconds(10), Duration.millis(500)])('fails if a period is under a minute (%s)', period => {
    expectError(() => FailoverSignal.elbHttp5xxCount({ threshold: 5, period }), ["[AAF-ALARM-PERIOD] signal 'ElbHttp5xxCount': 'period'", 'got: '] );
  });

  test('fails if period x evaluationPeriods exceeds a day', () => {
    expectError(() => FailoverSignal.elbHttp5xxCount({ threshold: 5, period: Duration.minutes(30), evaluationPeriods: 49 }), [
      "[AAF-ALARM-EVALUATION-WINDOW] signal 'ElbHttp5xxCount': 'evaluationPeriods' exceeds CloudWatch's limit of 86400 seconds",
      'got: 49 x 1800 seconds = 88200 seconds. Fix: use at most 48 evaluation periods of 1800 seconds.',
    ]);
  });
});

describe('enum and boolean props from plain JavaScript', () => {
  test('fails if insufficientDataHealthStatus is not one of the enum\'s values', () => {
    expectError(() => FailoverSignal.elbHttp5xxCount({ threshold: 5, insufficientDataHealthStatus: 'Whatever' as any }), [
      "[AAF-INPUT-ENUM] signal 'ElbHttp5xxCount': 'insufficientDataHealthStatus' must be one of 'Healthy', 'Unhealthy', 'LastKnownStatus', "
      + "got: 'Whatever'. Fix: pass a member of route53.InsufficientDataHealthStatusEnum, or leave it unset.",
    ]);
    expectError(() => FailoverSignal.fromAlarm({ alarm: cloudwatch.Alarm.fromAlarmName(new Stack(), 'A', 'a'), insufficientDataHealthStatus: 5 as any }), [
      "[AAF-INPUT-ENUM] signal 'A': 'insufficientDataHealthStatus' must be one of", 'got: number 5.',
    ]);
  });

  test('fails if the probe\'s protocol is not HTTP or HTTPS', () => {
    expectError(() => synthRegion(() => [latency()], { probe: { protocol: 'TCP' as any } }), [
      "[AAF-INPUT-ENUM] FailoverRegion 'Service-us-east-1/Failover': 'probe.protocol' must be one of 'HTTP', 'HTTPS', got: 'TCP'. "
      + 'Fix: pass a member of ProbeProtocol, or leave it unset.',
    ]);
  });

  test.each(['ipv6', 'evaluateTargetHealth', 'evacuationSwitch'])('fails if the Region\'s %s is not a boolean', prop => {
    expectError(() => synthRegion(() => [latency()], { [prop]: 'false' } as any), [
      `[AAF-INPUT-BOOLEAN] FailoverRegion 'Service-us-east-1/Failover': '${prop}' must be a boolean (true or false), got: 'false'. `
      + 'Fix: pass true or false (not a string or a number), or leave it unset.',
    ]);
  });

  test.each(['evaluateTargetHealth', 'evacuationSwitch', 'notifications'])('fails if the failover\'s %s is not a boolean', prop => {
    expectError(() => failover(new App(), { [prop]: 'no' } as any), [
      `[AAF-INPUT-BOOLEAN] ActiveActiveFailover 'Api': '${prop}' must be a boolean (true or false), got: 'no'. Fix: pass true or false`,
    ]);
  });

  test('fails if probe.enabled, trafficBased or mirror is not a boolean', () => {
    expectError(() => synthRegion(() => [latency()], { probe: { enabled: 0 as any } }), ["[AAF-INPUT-BOOLEAN] FailoverRegion 'Service-us-east-1/Failover': 'probe.enabled' must be a boolean", 'got: number 0.']);
    expectError(() => FailoverSignal.fromMetric({ metric: shop(), threshold: 1, trafficBased: 'yes' as any }),
      ["[AAF-INPUT-BOOLEAN] signal 'Errors': 'trafficBased' must be a boolean", "got: 'yes'."]);
    expectError(() => FailoverSignal.fromAlarm({ alarm: cloudwatch.Alarm.fromAlarmName(new Stack(), 'A', 'a'), mirror: 'false' as any }),
      ["[AAF-INPUT-BOOLEAN] signal 'A': 'mirror' must be a boolean", "got: 'false'."]);
  });
});

describe('minRequests', () => {
  test.each([2 ** 53, 1e9 + 1])('fails if minRequests is above a billion (%d)', minRequests => {
    expectError(() => FailoverSignal.http5xxErrorRate({ threshold: 5, minRequests }), [
      "[AAF-SIGNAL-MIN-REQUESTS] Http5xxErrorRate signal: 'minRequests' must be a whole number from 1 to 1000000000",
      `got: ${minRequests}. Fix: leave it unset (20)`,
    ]);
  });

  test('a billion is accepted', () => {
    expect(FailoverSignal.http5xxErrorRate({ threshold: 5, minRequests: 1e9 }).signalName).toBe('Http5xxErrorRate');
  });
});

describe('partitions and accounts', () => {
  test('fails if an imported alarm is of another partition', () => {
    const arn = 'arn:aws-cn:cloudwatch:us-east-1:111111111111:alarm:latency';
    expectError(() => synthRegion(s => [FailoverSignal.fromAlarm({ alarm: cloudwatch.Alarm.fromAlarmArn(s, 'I', arn) })]), [
      `[AAF-REGION-PARTITION] signal 'I': 'alarm' must be in the partition of its Region us-east-1 (aws): a health check of one partition cannot watch an alarm of another, got: '${arn}' (partition aws-cn). `
      + "Fix: use an alarm of partition aws (an ARN starting with 'arn:aws:'), created in us-east-1.",
    ]);
  });

  test('fails if the load balancer is in another account\'s stack', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: 'us-east-1' } });
    expectError(() => f.addRegion(stack, 'Failover', { loadBalancer: alb(other), signals: [latency()] }), [
      `[AAF-REGION-LOAD-BALANCER] FailoverRegion 'Service-us-east-1/Failover': 'loadBalancer' must be in the account of its stack (${ACCOUNT}), `
      + "got a load balancer in account '222222222222'. Fix: create the FailoverRegion in the stack of account 222222222222",
    ]);
  });
});

describe('hosted zone id', () => {
  test('a \'/hostedzone/\' prefix is removed before the records copy the id', () => {
    const app = new App();
    const f = new ActiveActiveFailover(app, 'Api', { ...ZONE, hostedZoneId: `/hostedzone/${ZONE.hostedZoneId}` });
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [latency()] });
    expect(f.hostedZoneId).toBe(ZONE.hostedZoneId);
    const records = Template.fromStack(stack).findResources('AWS::Route53::RecordSet');
    expect(Object.values(records).map((r: any) => r.Properties.HostedZoneId)).toEqual(Object.values(records).map(() => ZONE.hostedZoneId));
  });

  test('fails if the id after the prefix is not a zone id', () => {
    expectError(() => new ActiveActiveFailover(new App(), 'Api', { ...ZONE, hostedZoneId: '/hostedzone/example.com' }), [
      "[AAF-RECORD-ZONE] ActiveActiveFailover 'Api': 'hostedZoneId' must be a hosted zone id: upper-case letters and digits, such as "
      + "'Z0123456789ABCDEFGHIJ' (a '/hostedzone/' prefix, as the Route 53 API returns ids, is removed), got: '/hostedzone/example.com'. Fix:",
    ]);
  });
});

describe('dashboard interval', () => {
  test.each([Duration.seconds(0), Duration.seconds(30), Duration.days(456)])('fails if defaultInterval is %s', defaultInterval => {
    const app = new App();
    const f = failover(app);
    expectError(() => new FailoverDashboard(new Stack(app, 'Ops'), 'Dashboard', { failover: f, defaultInterval }), [
      "[AAF-DASHBOARD-INTERVAL] FailoverDashboard 'Ops/Dashboard': 'defaultInterval' must be from 60 seconds",
      `got: ${defaultInterval.toSeconds()} seconds. Fix: leave it unset (3 hours)`,
    ]);
  });
});
