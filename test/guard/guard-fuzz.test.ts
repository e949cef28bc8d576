/**
 * Seeded fuzz of Route53AlarmGuard: hand-made health checks, records and
 * alarms with generated property combinations (missing fields, wrong types,
 * tokens, intrinsics, odd names, numbers at and beyond limits), set through
 * untyped resources and escape hatches as a user could. Every case must end in
 * an AAF rule id (thrown, or as well-formed findings) or in a clean pass;
 * never in a bare JavaScript error from the guard.
 */
import { App, Aspects, Aws, CfnOutput, CfnResource, Fn, Lazy, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Route53AlarmGuard } from '../../src';
import { mulberry32 } from '../fuzz';
import { ACCOUNT } from '../helpers';

/* eslint-enable no-bitwise */

const SEED = 0x5eed6a7d;
const CASES = 150;

type Gen = () => unknown;

/** One Stage of a case: its stacks, its alarms (by construct) and its health checks, to refer to. */
interface World {
  readonly rand: () => number;
  readonly alarms: cloudwatch.CfnAlarm[];
  readonly checks: CfnResource[];
}

function pick<T>(rand: () => number, values: readonly T[]): T {
  return values[Math.floor(rand() * values.length)];
}

/** Sometimes undefined (a missing field), otherwise one of the generators' values. */
function maybe(w: World, gens: Gen[], missing = 0.2): unknown {
  return w.rand() < missing ? undefined : pick(w.rand, gens)();
}

const REGIONS: Gen[] = [
  () => 'us-east-1', () => 'eu-west-1', () => 'cn-north-1', () => 'us-gov-west-1', () => 'eusc-de-east-1', () => 'US-EAST-1',
  () => 'moon-base-1', () => '', () => 42, () => null, () => Aws.REGION, () => ['us-east-1'],
];

const NUMBERS: Gen[] = [() => 0, () => 1, () => 10, () => 30, () => 60, () => 255, () => 256, () => -1, () => 1.5, () => '60', () => null, () => NaN];

function alarmNames(w: World): Gen[] {
  return [
    () => 'MyAlarm', () => 'myalarm', () => ' MyAlarm ', () => 'api-latency', () => '', () => 'x'.repeat(300), () => 'ünïcödé alarm',
    () => 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:MyAlarm', () => Lazy.string({ produce: () => 'MyAlarm' }),
    () => Fn.importValue(pick(w.rand, ['alarm-export', 'nowhere'])), () => ({ Ref: 'Nope' }), () => ({ 'Fn::Sub': '${AWS::StackName}-a' }),
    () => 42, () => null, () => true, () => [], () => ({}),
    () => (w.alarms.length > 0 ? pick(w.rand, w.alarms).ref : 'none-yet'),
    () => (w.alarms.length > 0 ? pick(w.rand, w.alarms).attrArn : 'none-yet'),
  ];
}

function healthCheckConfig(w: World): unknown {
  if (w.rand() < 0.08) {
    return pick(w.rand, ['CLOUDWATCH_METRIC', 7, null, [1, 2]]);
  }
  const identifier = () => (w.rand() < 0.15 ? pick(w.rand, ['MyAlarm', 3, null, []])
    : { Name: maybe(w, alarmNames(w), 0.1), Region: maybe(w, REGIONS, 0.1) });
  const children = () => (w.rand() < 0.2 ? pick(w.rand, ['child', 3, null, [null, 'x', { Ref: 'Nope' }]])
    : w.checks.slice(0, Math.floor(w.rand() * 4)).map(c => pick(w.rand, [c.ref, c.getAtt('HealthCheckId').toString()])));
  return {
    Type: maybe(w, [() => 'CLOUDWATCH_METRIC', () => 'CALCULATED', () => 'HTTPS', () => 'cloudwatch_metric', () => 7], 0.05),
    AlarmIdentifier: w.rand() < 0.75 ? identifier() : undefined,
    InsufficientDataHealthStatus: maybe(w, [() => 'Healthy', () => 'LastKnownStatus', () => 'Unhealthy', () => 'healthy', () => 1], 0.3),
    ChildHealthChecks: w.rand() < 0.3 ? children() : undefined,
    HealthThreshold: maybe(w, NUMBERS, 0.6),
    RequestInterval: maybe(w, NUMBERS, 0.8),
    FailureThreshold: maybe(w, NUMBERS, 0.8),
    FullyQualifiedDomainName: maybe(w, [() => 'api.example.com', () => 5], 0.8),
  };
}

function recordProperties(w: World): Record<string, unknown> {
  const healthCheckIds: Gen[] = [
    () => '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d', () => 'api-health', () => '', () => 12, () => ({}),
    () => (w.checks.length > 0 ? pick(w.rand, w.checks).ref : 'none'), () => (w.alarms.length > 0 ? pick(w.rand, w.alarms).ref : 'none'),
  ];
  const alias = () => (w.rand() < 0.2 ? pick(w.rand, [null, 'alias', 3])
    : { DNSName: maybe(w, [() => 'dualstack.api.us-east-1.elb.amazonaws.com', () => 'd111.cloudfront.net', () => 9]), HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: maybe(w, [() => true, () => false, () => 'yes']) });
  return {
    HostedZoneId: maybe(w, [() => 'Z0123456789EXAMPLE', () => '/hostedzone/Z0123456789EXAMPLE', () => 'Z0OTHER', () => 7, () => Fn.importValue('zone-id'), () => ({ Ref: 'Zone' })], 0.1),
    HostedZoneName: maybe(w, [() => 'example.com.', () => 'EXAMPLE.com'], 0.85),
    Name: maybe(w, [() => 'api.example.com.', () => 'API.example.com', () => 'www.example.com.', () => 3, () => Lazy.string({ produce: () => 'lazy.example.com.' })], 0.05),
    Type: maybe(w, [() => 'A', () => 'AAAA', () => 'CNAME', () => 5], 0.05),
    Region: maybe(w, REGIONS, 0.3),
    SetIdentifier: maybe(w, [() => 'one', () => 'two', () => 'x'.repeat(128), () => 'x'.repeat(129), () => '', () => 17, () => Aws.REGION], 0.2),
    HealthCheckId: maybe(w, healthCheckIds, 0.4),
    AliasTarget: w.rand() < 0.6 ? alias() : undefined,
    TTL: maybe(w, [() => '60', () => 60, () => -5, () => 'ten'], 0.6),
    ResourceRecords: maybe(w, [() => ['192.0.2.1'], () => 'x', () => []], 0.6),
  };
}

/** An alarm: valid typed props, then garbage through escape hatches. */
function addAlarm(w: World, stack: Stack, id: string): void {
  const a = new cloudwatch.CfnAlarm(stack, id, {
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 3,
    threshold: 1,
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    statistic: 'Average',
    period: 60,
  });
  const overrides: Array<[string, Gen[], number]> = [
    ['AlarmName', [() => 'MyAlarm', () => 'api-latency', () => 'x'.repeat(256), () => 5, () => null, () => Lazy.string({ produce: () => 'lazy-alarm' })], 0.3],
    ['Statistic', [() => 'Median', () => 'p99', () => 3, () => null], 0.7],
    ['ExtendedStatistic', [() => 'p99', () => 'tm90', () => 9], 0.8],
    ['Period', NUMBERS, 0.6],
    ['EvaluationPeriods', NUMBERS, 0.6],
    ['DatapointsToAlarm', NUMBERS, 0.7],
    ['Threshold', [() => 'high', () => null, () => Infinity], 0.85],
    ['Namespace', [() => 'AWS/ELB', () => 5, () => null], 0.8],
    ['Metrics', [() => [{ Id: 'm', Expression: 'SUM(METRICS())' }], () => 'math', () => [null, 3], () => [{ Id: 'm', AccountId: '222222222222', MetricStat: {} }]], 0.8],
  ];
  for (const [property, gens, skip] of overrides) {
    if (w.rand() >= skip) {
      a.addPropertyOverride(property, pick(w.rand, gens)());
    }
  }
  if (w.rand() < 0.2) {
    new CfnOutput(stack, `${id}Export`, { value: a.ref, exportName: 'alarm-export' });
  }
  w.alarms.push(a);
}

/** One case: one or two stacks (sometimes in a guarded Stage), alarms, health checks and records. */
function buildCase(rand: () => number): Stack[] {
  const app = new App();
  const inStage = rand() < 0.2;
  const root = inStage ? new Stage(app, 'Fuzz') : app;
  Aspects.of(root).add(new Route53AlarmGuard({ reportAsWarnings: rand() < 0.2 }));
  const w: World = { rand, alarms: [], checks: [] };
  // One environment per case: the CDK itself rejects references across environments, before any guard could.
  const env = rand() < 0.1 ? undefined : { account: ACCOUNT, region: pick(rand, ['us-east-1', 'us-east-1', 'eu-west-1', 'cn-north-1']) };
  const stacks = Array.from({ length: 1 + Math.floor(rand() * 2) }, (_, i) => new Stack(root, `S${i}`, { env }));
  for (const [i, stack] of stacks.entries()) {
    Array.from({ length: Math.floor(rand() * 3) }, (_, j) => addAlarm(w, stack, `Alarm${j}`));
    for (let j = 0; j < Math.floor(rand() * 4); j++) {
      w.checks.push(new CfnResource(stack, `Check${j}`, { type: 'AWS::Route53::HealthCheck', properties: { HealthCheckConfig: healthCheckConfig(w) } }));
    }
    for (let j = 0; j < Math.floor(rand() * 3); j++) {
      new CfnResource(stack, `Record${j}`, { type: 'AWS::Route53::RecordSet', properties: recordProperties(w) });
    }
    if (i === 0 && rand() < 0.1) {
      new CfnResource(stack, 'Zone', { type: 'AWS::Route53::HostedZone', properties: { Name: 'example.com' } });
    }
  }
  return stacks;
}

/** How a case ended: an AAF id thrown, the AAF ids found, or a clean pass. */
function outcome(stacks: Stack[]): string[] {
  try {
    const ids: string[] = [];
    for (const stack of stacks) {
      const annotations = Annotations.fromStack(stack);
      const messages = [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
        .map(m => String(m.entry.data)).filter(m => m.includes('AAF-'));
      for (const message of messages) {
        // A finding names the rule, the value received and the fix.
        expect(message).toMatch(/^\[AAF-[A-Z0-9-]+\] (Record|Health check) '[^']+': '.+' .*, got: .*\. Fix: \S.*/s);
        ids.push(/^\[(AAF-[A-Z0-9-]+)\]/.exec(message)![1]);
      }
      // Errors of the CDK itself (not the guard's) would also fail `cdk synth`: there must be none.
      expect(annotations.findError('*', Match.anyValue()).map(m => String(m.entry.data)).filter(m => !m.startsWith('[AAF-'))).toEqual([]);
    }
    return ids.length > 0 ? [...new Set(ids)].sort() : ['clean'];
  } catch (e) {
    if (e instanceof Error && /^\[AAF-[A-Z0-9-]+\]/.test(e.message)) {
      return [`thrown ${/^\[(AAF-[A-Z0-9-]+)\]/.exec(e.message)![1]}`];
    }
    throw e;
  }
}

test('every generated health check, record and alarm ends in an AAF rule id or a clean pass, never a bare error', () => {
  const rand = mulberry32(SEED);
  const seen = new Map<string, number>();
  for (let i = 0; i < CASES; i++) {
    let ended: string[];
    try {
      ended = outcome(buildCase(rand));
    } catch (e) {
      throw new Error(`case ${i} (seed ${SEED}): ${(e as Error).stack ?? e}`);
    }
    for (const id of ended) {
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
  }
  // Not vacuous: clean passes, and many distinct rules, the new ones among them.
  expect(seen.get('clean')).toBeGreaterThan(0);
  expect(seen.size).toBeGreaterThanOrEqual(12);
  for (const id of ['AAF-GUARD-ALARM-IDENTIFIER', 'AAF-GUARD-RECORD-HEALTH-CHECK-ID', 'AAF-GUARD-ALARM-NOT-FOUND']) {
    expect([...seen.keys()]).toContain(id);
  }
});
