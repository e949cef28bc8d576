import { App, Aspects, Duration, IAspect, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Route53AlarmGuard } from '../../src';
import { ACCOUNT } from '../helpers';

/** A stack in `region` of a fresh app, with the guard applied to the app. */
export function guarded(region = 'us-east-1', guard: IAspect = new Route53AlarmGuard()): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'Checks', { env: { account: ACCOUNT, region } });
  Aspects.of(app).add(guard);
  return { app, stack };
}

/** A 1-minute metric of the ALB. */
export function albMetric(props: Partial<cloudwatch.MetricProps> = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    dimensionsMap: { LoadBalancer: 'app/api/0123456789abcdef' },
    statistic: 'Average',
    period: Duration.minutes(1),
    ...props,
  });
}

/** An alarm Route 53 can read, unless `props` say otherwise. */
export function alarm(scope: Stack, id: string, props: Partial<cloudwatch.AlarmProps> = {}): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, { metric: albMetric(), threshold: 1, evaluationPeriods: 3, ...props });
}

/** A hand-made CLOUDWATCH_METRIC health check on `alarmName` in `region`. */
export function alarmCheck(scope: Stack, id: string, alarmName: string, region: string = scope.region,
  extra: Partial<route53.CfnHealthCheck.HealthCheckConfigProperty> = {}): route53.CfnHealthCheck {
  return new route53.CfnHealthCheck(scope, id, {
    healthCheckConfig: { type: 'CLOUDWATCH_METRIC', alarmIdentifier: { name: alarmName, region }, insufficientDataHealthStatus: 'Healthy', ...extra },
  });
}

/** The rule ids of the errors (or warnings) on the stack, sorted, with the path they are on. */
export function findings(stack: Stack, level: 'error' | 'warning' | 'info' = 'error'): Array<[string, string]> {
  const annotations = Annotations.fromStack(stack);
  const found = level === 'error' ? annotations.findError('*', Match.anyValue())
    : level === 'warning' ? annotations.findWarning('*', Match.anyValue()) : annotations.findInfo('*', Match.anyValue());
  return found
    .map(m => [m.id.replace(`/${stack.node.path}/`, ''), /^\[([A-Z0-9-]+)\]/.exec(String(m.entry.data))?.[1] ?? String(m.entry.data)] as [string, string])
    .sort((a, b) => (a.join() < b.join() ? -1 : a.join() > b.join() ? 1 : 0));
}

/** The rule ids found on the stack (errors). */
export function ruleIds(stack: Stack): string[] {
  return [...new Set(findings(stack).map(([, id]) => id))].sort();
}

/** The hosted zone of the records made here. */
export const ZONE_ID = 'Z0123456789EXAMPLE';

/** An alias target to an ALB, with target health. */
export const ELB_ALIAS = { dnsName: 'dualstack.api-1.us-east-1.elb.amazonaws.com', hostedZoneId: 'Z35SXDOTRQ7X7K', evaluateTargetHealth: true };

/** A latency record with the given properties (an alias to an ALB with target health unless overridden). */
export function latencyRecord(stack: Stack, id: string, props: Partial<route53.CfnRecordSetProps> = {}): route53.CfnRecordSet {
  return new route53.CfnRecordSet(stack, id, {
    hostedZoneId: ZONE_ID,
    name: 'api.example.com.',
    type: 'A',
    region: stack.region,
    setIdentifier: stack.region,
    aliasTarget: ELB_ALIAS,
    ...props,
  });
}

/** A hand-made alarm Route 53 can read, but for `overrides`. */
export function cfnAlarm(stack: Stack, overrides: Partial<cloudwatch.CfnAlarmProps> = {}): cloudwatch.CfnAlarm {
  return new cloudwatch.CfnAlarm(stack, 'Alarm', {
    alarmName: 'api-errors',
    namespace: 'AWS/ApplicationELB',
    metricName: 'HTTPCode_ELB_5XX_Count',
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 3,
    threshold: 5,
    comparisonOperator: 'GreaterThanThreshold',
    ...overrides,
  });
}
