/**
 * Hand-written templates for the simulator's tests: small enough that the
 * expected minute of every change can be worked out by hand.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_VERSION, RepublisherConfig, RepublishedSignalConfig } from '../../src/model/republisher/config';
import { DEFAULT_RECOVERY_SETTLE_MINUTES } from '../../src/model/republisher/verdict';
import { StackTemplate } from '../../src/simulator/dns';
import { checkScenario, Scenario } from '../../src/simulator/scenario';

export const NAME = 'api.example.com.';

export interface RegionOptions {
  /** The alarm behind the Region's CLOUDWATCH_METRIC health check (properties of AWS::CloudWatch::Alarm). */
  readonly alarm?: Record<string, unknown>;
  readonly insufficientDataHealthStatus?: string;
  readonly evaluateTargetHealth?: boolean;
  /** Add an HTTP endpoint check on the load balancer (probe traffic), not attached to any record. */
  readonly probe?: boolean;
  /** Extra resources. */
  readonly resources?: Record<string, { Type: string; Properties?: any }>;
  /** The load balancer's `client_keep_alive.seconds`; none when absent (3,600 s). */
  readonly keepAliveSeconds?: number;
  /** A republisher (its once-a-minute schedule with this configuration). */
  readonly republisher?: RepublisherConfig;
}

/** One Region: a load balancer, a latency alias record to it, optionally a health check on an alarm. */
export function regionStack(region: string, options: RegionOptions = {}): StackTemplate {
  const resources: Record<string, { Type: string; Properties?: any }> = {
    Lb: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: options.keepAliveSeconds === undefined ? {}
        : { LoadBalancerAttributes: [{ Key: 'client_keep_alive.seconds', Value: String(options.keepAliveSeconds) }] },
    },
    Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { HealthCheckIntervalSeconds: 30, UnhealthyThresholdCount: 2, HealthyThresholdCount: 2 } },
    Record: {
      Type: 'AWS::Route53::RecordSet',
      Properties: {
        Name: NAME,
        Type: 'A',
        Region: region,
        SetIdentifier: region,
        AliasTarget: { DNSName: { 'Fn::GetAtt': ['Lb', 'DNSName'] }, EvaluateTargetHealth: options.evaluateTargetHealth ?? false },
        ...(options.alarm ? { HealthCheckId: { Ref: 'Check' } } : {}),
      },
    },
    ...options.resources,
  };
  if (options.republisher) {
    const input = JSON.stringify({ kind: 'tick', version: CONFIG_VERSION, config: options.republisher });
    resources.Schedule = { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 minute)', Targets: [{ Id: 'R', Input: input }] } };
  }
  if (options.alarm) {
    resources.Alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: `alarm-${region}`, ...options.alarm } };
    resources.Check = {
      Type: 'AWS::Route53::HealthCheck',
      Properties: {
        HealthCheckConfig: {
          Type: 'CLOUDWATCH_METRIC',
          AlarmIdentifier: { Name: { Ref: 'Alarm' }, Region: region },
          InsufficientDataHealthStatus: options.insufficientDataHealthStatus ?? 'LastKnownStatus',
        },
      },
    };
  }
  if (options.probe) {
    resources.Probe = {
      Type: 'AWS::Route53::HealthCheck',
      Properties: {
        HealthCheckConfig: { Type: 'HTTP', FullyQualifiedDomainName: { 'Fn::GetAtt': ['Lb', 'DNSName'] }, Port: 80, RequestInterval: 30, FailureThreshold: 3 },
      },
    };
  }
  return { stackName: `Service-${region}`, region, template: { Resources: resources } };
}

/** A one-minute alarm on ECS CPU above 90 %. */
export function cpuAlarm(evaluationPeriods = 1): Record<string, unknown> {
  return {
    Namespace: 'AWS/ECS',
    MetricName: 'CPUUtilization',
    Statistic: 'Average',
    Period: 60,
    EvaluationPeriods: evaluationPeriods,
    DatapointsToAlarm: evaluationPeriods,
    Threshold: 90,
    ComparisonOperator: 'GreaterThanThreshold',
  };
}

/** A one-period alarm on a 0/1 flag metric (Maximum >= 1), like the evacuation switch's and a mirror's. */
export function flagAlarm(namespace: string, metricName: string, dimensions: { Name: string; Value: string }[]): Record<string, unknown> {
  return {
    Namespace: namespace,
    MetricName: metricName,
    Dimensions: dimensions,
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  };
}

/** A one-minute alarm on more than 10 target 5xx a minute (traffic-based: no requests, no data). */
export function target5xxAlarm(): Record<string, unknown> {
  return {
    Namespace: 'AWS/ApplicationELB',
    MetricName: 'HTTPCode_Target_5XX_Count',
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    Threshold: 10,
    ComparisonOperator: 'GreaterThanThreshold',
  };
}

/**
 * Two user groups: 100 users next to r1, 50 next to r2.
 */
export function twoGroups(r1: string, r2: string) {
  return [
    { name: 'near-1', users: 100, latencyMs: { [r1]: 10, [r2]: 100 } },
    { name: 'near-2', users: 50, latencyMs: { [r1]: 100, [r2]: 10 } },
  ];
}

/** A scenario of `events` (plain JSON) with two user groups. */
export function scenario(r1: string, r2: string, rest: Record<string, unknown>): Scenario {
  return checkScenario({ name: 'test', durationMinutes: 40, users: twoGroups(r1, r2), ...rest }, 'test');
}

/** The dimensions of a Region's republished metrics. */
export const regionDimensions = (region: string) => [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: region }];

/**
 * A republished signal: the load balancer's p99 response time, judged every
 * minute (above `threshold` seconds in `n` of the last `n` minutes with data).
 */
export function p99Signal(region: string, n = 1, threshold = 1): RepublishedSignalConfig {
  return {
    metric: { MetricName: 'TargetResponseTime', Dimensions: regionDimensions(region) },
    rule: {
      threshold,
      comparison: 'GreaterThanThreshold',
      evaluationPeriods: n,
      datapointsToAlarm: n,
      recoveryThreshold: threshold,
      recoveryPeriods: 1,
      recoverySettleMinutes: DEFAULT_RECOVERY_SETTLE_MINUTES,
    },
    queries: [{
      Id: 'p',
      MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [] }, Period: 60, Stat: 'p99' },
      ReturnData: true,
    }],
    valueId: 'p',
    presenceIds: ['p'],
  };
}

/** A Region's republisher of `signals`, with its heartbeat. */
export function republisherConfig(region: string, signals: RepublishedSignalConfig[]): RepublisherConfig {
  return {
    namespace: 'ActiveActiveFailover',
    windowMinutes: 16,
    signals,
    mirrors: [],
    switches: [],
    heartbeat: { MetricName: 'RepublisherHeartbeat', Dimensions: [{ Name: 'FunctionName', Value: `republisher-${region}` }] },
  };
}

/** A Region whose health check follows the verdict of a republished p99 signal (one alarm period, LastKnownStatus by default). */
export function republishedP99Region(n = 1, insufficientDataHealthStatus = 'LastKnownStatus'): (region: string) => RegionOptions {
  return region => ({
    alarm: flagAlarm('ActiveActiveFailover', 'TargetResponseTime', regionDimensions(region)),
    insufficientDataHealthStatus,
    probe: true,
    republisher: republisherConfig(region, [p99Signal(region, n)]),
  });
}

/** Writes `stacks` as a cloud assembly in `folder`; returns the folder. */
export function writeAssembly(folder: string, stacks: StackTemplate[], bom = false): string {
  fs.mkdirSync(folder, { recursive: true });
  const json = (value: unknown) => `${bom ? '\uFEFF' : ''}${JSON.stringify(value)}`;
  const artifacts: Record<string, unknown> = {};
  for (const s of stacks) {
    fs.writeFileSync(path.join(folder, `${s.stackName}.template.json`), json(s.template));
    artifacts[s.stackName] = { type: 'aws:cloudformation:stack', environment: `aws://111111111111/${s.region}`, properties: { templateFile: `${s.stackName}.template.json` } };
  }
  fs.writeFileSync(path.join(folder, 'manifest.json'), json({ version: '38.0.1', artifacts }));
  return folder;
}
