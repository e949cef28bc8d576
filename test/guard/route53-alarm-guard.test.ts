import { App, Aspects, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Route53AlarmGuard } from '../../src';
import { ACCOUNT } from '../helpers';
import { alarm, alarmCheck, albMetric, findings, guarded } from './fixtures';

describe('Route53AlarmGuard', () => {
  test('four unsupported alarms on hand-made health checks: four errors with distinct rule ids and fixes, none on the valid one', () => {
    const { stack } = guarded();
    const p99 = alarm(stack, 'P99', { metric: albMetric({ statistic: 'p99' }) });
    const math = alarm(stack, 'Math', {
      metric: new cloudwatch.MathExpression({ expression: '100 * e / r', usingMetrics: { e: albMetric({ metricName: 'HTTPCode_Target_5XX_Count', statistic: 'Sum' }), r: albMetric({ metricName: 'RequestCount', statistic: 'Sum' }) }, period: Duration.minutes(1) }),
    });
    const mOfN = alarm(stack, 'MOfN', { evaluationPeriods: 5, datapointsToAlarm: 3 });
    const highRes = alarm(stack, 'HighRes', { metric: albMetric({ period: Duration.seconds(10) }) });
    const valid = alarm(stack, 'Valid');
    for (const a of [p99, math, mOfN, highRes, valid]) {
      alarmCheck(stack, `${a.node.id}Check`, a.alarmName);
    }
    expect(findings(stack)).toEqual([
      ['HighResCheck', 'AAF-ALARM-PERIOD'],
      ['MOfNCheck', 'AAF-ALARM-M-OF-N'],
      ['MathCheck', 'AAF-ALARM-METRIC-MATH'],
      ['P99Check', 'AAF-ALARM-EXTENDED-STATISTIC'],
    ]);
    const messages = Annotations.fromStack(stack).findError('*', Match.anyValue()).map(m => String(m.entry.data));
    for (const message of messages) {
      expect(message).toMatch(/^\[AAF-ALARM-[A-Z-]+\] Health check 'Checks\/\w+Check': 'alarm 'Checks\/\w+\/Resource' \w+' .*, got: .*\. Fix: .+\.$/);
    }
    expect(messages.find(m => m.includes('P99Check'))).toContain("ExtendedStatistic' is an extended statistic (percentile or trimmed statistic), which Route 53 cannot read, got: p99");
  });

  test('finds the alarm by literal name anywhere in the app, and by construct reference', () => {
    const { app, stack } = guarded();
    const other = new Stack(app, 'Alarms', { env: { account: ACCOUNT, region: 'us-east-1' } });
    alarm(other, 'Named', { alarmName: 'checkout-p99', metric: albMetric({ statistic: 'p99' }) });
    alarmCheck(stack, 'ByName', 'checkout-p99');
    expect(findings(stack)).toEqual([['ByName', 'AAF-ALARM-EXTENDED-STATISTIC']]);
  });

  test('a literal alarm name means the alarm of that name in the check\'s Region, not a namesake elsewhere', () => {
    const { app, stack } = guarded(); // us-east-1
    alarm(stack, 'Latency', { alarmName: 'api-latency' }); // Average: Route 53 can read it
    const west = new Stack(app, 'West', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    alarm(west, 'Latency', { alarmName: 'api-latency', metric: albMetric({ statistic: 'p99' }) });
    alarmCheck(stack, 'Check', 'api-latency');
    alarmCheck(west, 'WestCheck', 'api-latency');
    expect(findings(stack)).toEqual([]);
    expect(findings(west)).toEqual([['WestCheck', 'AAF-ALARM-EXTENDED-STATISTIC']]);
  });

  test('a literal name found only in another Region is reported as in the wrong Region', () => {
    const { app, stack } = guarded(); // us-east-1
    alarm(new Stack(app, 'West', { env: { account: ACCOUNT, region: 'eu-central-1' } }), 'Latency', { alarmName: 'api-latency' });
    alarmCheck(stack, 'Check', 'api-latency');
    expect(findings(stack)).toEqual([['Check', 'AAF-GUARD-ALARM-REGION']]);
  });

  test('a literal name found in several other Regions, none the check\'s, is not judged', () => {
    const { app, stack } = guarded(); // us-east-1
    for (const region of ['eu-central-1', 'ap-southeast-2']) {
      const other = new Stack(app, `Other-${region}`, { env: { account: ACCOUNT, region } });
      alarm(other, 'Latency', { alarmName: 'api-latency', metric: albMetric({ statistic: 'p99' }) });
    }
    alarmCheck(stack, 'Check', 'api-latency');
    expect(findings(stack)).toEqual([]);
  });

  test('an alarm not defined in the app is not judged', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Unknown', 'defined-elsewhere');
    expect(findings(stack)).toEqual([]);
  });

  test('reportAsWarnings turns the errors into warnings', () => {
    const { stack } = guarded('us-east-1', new Route53AlarmGuard({ reportAsWarnings: true }));
    alarmCheck(stack, 'Check', alarm(stack, 'P99', { metric: albMetric({ statistic: 'p99' }) }).alarmName);
    expect(findings(stack)).toEqual([]);
    expect(findings(stack, 'warning')).toEqual([['Check', 'AAF-ALARM-EXTENDED-STATISTIC']]);
  });

  test('acknowledge turns one finding on one construct into information with its reason', () => {
    const { stack } = guarded();
    const p99 = alarm(stack, 'P99', { metric: albMetric({ statistic: 'p99' }) });
    const acknowledged = alarmCheck(stack, 'Acknowledged', p99.alarmName);
    alarmCheck(stack, 'Other', p99.alarmName);
    Route53AlarmGuard.acknowledge(acknowledged, 'AAF-ALARM-EXTENDED-STATISTIC', 'monitored by the republisher instead');
    expect(findings(stack)).toEqual([['Other', 'AAF-ALARM-EXTENDED-STATISTIC']]);
    Annotations.fromStack(stack).hasInfo('/Checks/Acknowledged', Match.stringLikeRegexp('Acknowledged: monitored by the republisher instead'));
  });

  test('acknowledging one rule leaves the others of the same construct reported', () => {
    const { stack } = guarded();
    const check = alarmCheck(stack, 'Check', alarm(stack, 'Bad', { metric: albMetric({ statistic: 'p99' }), evaluationPeriods: 3, datapointsToAlarm: 2 }).alarmName);
    Route53AlarmGuard.acknowledge(check, 'AAF-ALARM-M-OF-N', 'tolerated in staging');
    expect(findings(stack)).toEqual([['Check', 'AAF-ALARM-EXTENDED-STATISTIC']]);
  });

  test('fails if acknowledge names a rule the guard does not have', () => {
    const { stack } = guarded();
    expect(() => Route53AlarmGuard.acknowledge(stack, 'AAF-NOPE', 'why')).toThrow(
      /'ruleId' must be a rule id of the guard, got: 'AAF-NOPE'. Allowed: AAF-ALARM-COMPOSITE/,
    );
  });

  test('fails if acknowledge gives no reason', () => {
    const { stack } = guarded();
    expect(() => Route53AlarmGuard.acknowledge(stack, 'AAF-ALARM-M-OF-N', ' ')).toThrow(/'reason' must say why AAF-ALARM-M-OF-N is acceptable/);
  });

  test('fails if a guard on the App would leave a Stage with Route 53 resources unchecked (an App\'s aspect does not reach into a Stage)', () => {
    const app = new App();
    Aspects.of(app).add(new Route53AlarmGuard());
    const stage = new Stage(app, 'Prod', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const unguarded = new Stack(stage, 'Service');
    alarmCheck(unguarded, 'Check', alarm(unguarded, 'P99', { metric: albMetric({ statistic: 'p99' }) }).alarmName);
    expect(() => app.synth()).toThrow(
      "[AAF-GUARD-STAGE] Route53AlarmGuard on the App: 'Aspects.of(app)' does not reach into nested Stages, which the CDK synthesizes "
      + "on their own, so none of their health checks and records would be checked, got: 'Prod' (1 health check(s) and record(s)) "
      + 'without a Route53AlarmGuard of their own. Fix: add a guard to each Stage: Aspects.of(stage).add(new Route53AlarmGuard()).',
    );

    const app2 = new App();
    const stage2 = new Stage(app2, 'Prod', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    Aspects.of(stage2).add(new Route53AlarmGuard());
    const guardedStack = new Stack(stage2, 'Service');
    alarmCheck(guardedStack, 'Check', alarm(guardedStack, 'P99', { metric: albMetric({ statistic: 'p99' }) }).alarmName);
    expect(findings(guardedStack)).toEqual([['Check', 'AAF-ALARM-EXTENDED-STATISTIC']]);
  });

  test('one guard shared by several Stages checks each, also when a Stage is synthesized before the next exists (CDK Pipelines)', () => {
    const app = new App();
    const guard = new Route53AlarmGuard();
    const stacks = ['eu-west-1', 'us-east-1'].map(region => {
      const stage = new Stage(app, `Prod-${region}`, { env: { account: ACCOUNT, region } });
      Aspects.of(stage).add(guard);
      const stack = new Stack(stage, 'Service');
      alarmCheck(stack, 'Check', alarm(stack, 'P99', { metric: albMetric({ statistic: 'p99' }) }).alarmName);
      stage.synth(); // what pipeline.addStage(stage) does
      return stack;
    });
    for (const stack of stacks) {
      expect(findings(stack)).toEqual([['Check', 'AAF-ALARM-EXTENDED-STATISTIC']]);
    }
  });

  test('finds the alarm of a health check by its overridden logical ID', () => {
    const { stack } = guarded();
    const p99 = alarm(stack, 'P99', { metric: albMetric({ statistic: 'p99' }) });
    (p99.node.defaultChild as cloudwatch.CfnAlarm).overrideLogicalId('CheckoutP99');
    alarmCheck(stack, 'Check', p99.alarmName);
    expect(findings(stack)).toEqual([['Check', 'AAF-ALARM-EXTENDED-STATISTIC']]);
  });

  test('sees escape-hatch changes made to an alarm', () => {
    const { stack } = guarded();
    const a = alarm(stack, 'Patched');
    (a.node.defaultChild as cloudwatch.CfnAlarm).addPropertyOverride('Period', 30);
    alarmCheck(stack, 'Check', a.alarmName);
    expect(findings(stack)).toEqual([['Check', 'AAF-ALARM-PERIOD']]);
  });

  test('an L2 HealthCheck is checked like an L1 one', () => {
    const { stack } = guarded();
    const a = alarm(stack, 'MOfN', { evaluationPeriods: 4, datapointsToAlarm: 2 });
    new route53.HealthCheck(stack, 'L2', {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { name: a.alarmName, region: 'us-east-1' },
      insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.HEALTHY,
    });
    expect(findings(stack)).toEqual([['L2/Resource', 'AAF-ALARM-M-OF-N']]);
  });
});
