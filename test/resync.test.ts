import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { FailoverSignal, TargetResponseTimeSignalProps } from '../src';
import { alb, failover, regionStack } from './helpers';

/**
 * Route 53 copies an alarm's settings when a health check is created or
 * updated. These tests synthesize the same Region twice and compare the
 * health checks: they must differ exactly when the alarm's Route 53-relevant
 * settings differ.
 */
function healthChecks(latency: Partial<TargetResponseTimeSignalProps> = {}, options: { extraSignal?: boolean } = {}) {
  const app = new App();
  const f = failover(app);
  const stack = regionStack(app, 'us-east-1');
  const lb = alb(stack);
  const signals = [
    FailoverSignal.targetResponseTime({ threshold: Duration.millis(500), ...latency }),
    FailoverSignal.elbHttp5xxCount({ threshold: 10 }),
  ];
  if (options.extraSignal) {
    signals.push(FailoverSignal.targetConnectionErrorCount({ threshold: 5 }));
  }
  f.addRegion(stack, 'Failover', { loadBalancer: lb, signals });
  return Template.fromStack(stack).findResources('AWS::Route53::HealthCheck');
}

const latencyCheckId = (checks: Record<string, unknown>) => Object.keys(checks).find(id => id.includes('TargetResponseTime'))!;
const elbCheckId = (checks: Record<string, unknown>) => Object.keys(checks).find(id => id.includes('ElbHttp5xx'))!;

test('the same configuration synthesizes identical health checks', () => {
  expect(healthChecks()).toEqual(healthChecks());
});

test.each<[string, Partial<TargetResponseTimeSignalProps>]>([
  ['threshold', { threshold: Duration.millis(800) }],
  ['period', { period: Duration.minutes(2) }],
  ['statistic', { statistic: 'Maximum' }],
  ['evaluation periods', { evaluationPeriods: 5 }],
])('changing the alarm\'s %s replaces its health check and updates the calculated check', (_name, change) => {
  const before = healthChecks();
  const after = healthChecks(change);
  expect(latencyCheckId(after)).not.toBe(latencyCheckId(before));
  // The other signal's health check stays the same resource with the same properties.
  expect(elbCheckId(after)).toBe(elbCheckId(before));
  expect(after[elbCheckId(after)]).toEqual(before[elbCheckId(before)]);
  // The calculated check now names the new child, so CloudFormation updates it in the same deployment.
  const calculated = (checks: Record<string, any>) => Object.values(checks).find(c => c.Properties.HealthCheckConfig.Type === 'CALCULATED');
  expect(calculated(after).Properties.HealthCheckConfig.ChildHealthChecks).toContainEqual({ Ref: latencyCheckId(after) });
});

test('changing the alarm\'s dimensions (another load balancer) replaces every health check on it', () => {
  const app = () => {
    const a = new App();
    const f = failover(a);
    const stack = regionStack(a, 'us-east-1');
    return { f, stack };
  };
  const one = app();
  one.f.addRegion(one.stack, 'Failover', { loadBalancer: alb(one.stack), signals: [FailoverSignal.elbHttp5xxCount({ threshold: 10 })] });
  const two = app();
  const other = alb(two.stack);
  (other.node.defaultChild as any).overrideLogicalId('OtherAlb');
  two.f.addRegion(two.stack, 'Failover', { loadBalancer: other, signals: [FailoverSignal.elbHttp5xxCount({ threshold: 10 })] });
  const ids = (s: typeof one.stack) => Object.keys(Template.fromStack(s).findResources('AWS::Route53::HealthCheck'));
  expect(ids(two.stack)).not.toEqual(ids(one.stack));
});

test('adding a signal leaves the existing signals\' health checks untouched', () => {
  const before = healthChecks();
  const after = healthChecks({}, { extraSignal: true });
  expect(after[latencyCheckId(after)]).toEqual(before[latencyCheckId(before)]);
  expect(latencyCheckId(after)).toBe(latencyCheckId(before));
});

test('changing what Route 53 does not copy (TreatMissingData, description) keeps the health check', () => {
  const build = (treatMissingData: cloudwatch.TreatMissingData, description: string) => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const lb = alb(stack);
    const alarm = lb.metrics.targetResponseTime({ period: Duration.minutes(1), statistic: 'Maximum' })
      .createAlarm(stack, 'Latency', { threshold: 2, evaluationPeriods: 2, treatMissingData, alarmDescription: description });
    f.addRegion(stack, 'Failover', { loadBalancer: lb, signals: [FailoverSignal.fromAlarm({ alarm })] });
    return Template.fromStack(stack).findResources('AWS::Route53::HealthCheck');
  };
  expect(build(cloudwatch.TreatMissingData.BREACHING, 'one')).toEqual(build(cloudwatch.TreatMissingData.NOT_BREACHING, 'two'));
});

test('changing a user alarm\'s threshold replaces its health check too', () => {
  const build = (threshold: number) => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const lb = alb(stack);
    const alarm = lb.metrics.targetResponseTime({ period: Duration.minutes(1), statistic: 'Maximum' })
      .createAlarm(stack, 'Latency', { threshold, evaluationPeriods: 2 });
    f.addRegion(stack, 'Failover', { loadBalancer: lb, signals: [FailoverSignal.fromAlarm({ alarm })] });
    return Object.keys(Template.fromStack(stack).findResources('AWS::Route53::HealthCheck'));
  };
  expect(build(2)).toEqual(build(2));
  expect(build(3)).not.toEqual(build(2));
});
