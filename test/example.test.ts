import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp, EXAMPLE_REGIONS } from '../examples/app';
import { summarizeAssembly, summarizeAssemblyData } from '../examples/summary';
import { settingsOfAlarmProperties } from '../src/rules/alarm-settings';
import { checkRoute53Alarm } from '../src/rules/route53-alarm-rules';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
const app = buildExampleApp(outdir);
const assembly = app.synth();
const stacks = EXAMPLE_REGIONS.map(region => app.node.findChild(`ApiService-${region}`) as Stack);

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

describe.each(EXAMPLE_REGIONS.map((region, i) => [region, i] as const))('example app, %s', (region, i) => {
  const stack = stacks[i];
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  test('has latency alias records A and AAAA with SetIdentifier, EvaluateTargetHealth and the calculated health check', () => {
    const calculated = ofType('AWS::Route53::HealthCheck').find(([, r]) => r.Properties.HealthCheckConfig.Type === 'CALCULATED');
    expect(calculated).toBeDefined();
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'api.example.com.',
        Type: type,
        Region: region,
        SetIdentifier: `Api-${region}`,
        AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
        HealthCheckId: { Ref: calculated![0] },
      });
    }
  });

  test('wires one CLOUDWATCH_METRIC health check per signal under the calculated check', () => {
    const checks = ofType('AWS::Route53::HealthCheck');
    const metricChecks = checks.filter(([, r]) => r.Properties.HealthCheckConfig.Type === 'CLOUDWATCH_METRIC');
    const [, calculated] = checks.find(([, r]) => r.Properties.HealthCheckConfig.Type === 'CALCULATED')!;
    expect(metricChecks).toHaveLength(4);
    expect(calculated.Properties.HealthCheckConfig.ChildHealthChecks).toEqual(metricChecks.map(([id]) => ({ Ref: id })));
    expect(calculated.Properties.HealthCheckConfig.HealthThreshold).toBe(4);
    for (const [, check] of metricChecks) {
      const config = check.Properties.HealthCheckConfig;
      expect(config.AlarmIdentifier.Region).toBe(region);
      expect(['Healthy', 'LastKnownStatus']).toContain(config.InsufficientDataHealthStatus);
      expect(resources[config.AlarmIdentifier.Name.Ref].Type).toBe('AWS::CloudWatch::Alarm');
    }
  });

  test('puts only Route 53-compatible 1-minute alarms behind the health checks', () => {
    const behindChecks = ofType('AWS::Route53::HealthCheck')
      .map(([, c]) => c.Properties.HealthCheckConfig.AlarmIdentifier?.Name?.Ref)
      .filter(ref => ref !== undefined)
      .map(ref => [ref, resources[ref]] as const);
    expect(behindChecks).toHaveLength(4);
    for (const [, alarm] of behindChecks) {
      const p = alarm.Properties;
      expect(p).toMatchObject({ Period: 60, DatapointsToAlarm: p.EvaluationPeriods });
      expect(p.ExtendedStatistic).toBeUndefined();
      expect(p.Metrics).toBeUndefined();
      expect(checkRoute53Alarm(settingsOfAlarmProperties(p), '111111111111')).toEqual([]);
    }
  });

  test('has no warnings and no cross-stack references', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    expect(JSON.stringify(resources)).not.toMatch(/Fn::ImportValue/);
  });
});

test('the failover resources of one Region match the reviewed snapshot', () => {
  const resources = Template.fromStack(stacks[0]).toJSON().Resources as Resources;
  const failover = Object.fromEntries(Object.entries(resources)
    .filter(([, r]) => /^AWS::(Route53|CloudWatch)::/.test(r.Type)));
  expect(failover).toMatchSnapshot();
});

test('the summary lists stacks, Regions, records, health checks and alarms', () => {
  const data = summarizeAssemblyData(assembly.directory);
  expect(data.stacks.map(s => [s.stackName, s.region])).toEqual(EXAMPLE_REGIONS.map(r => [`ApiService-${r}`, r]));
  for (const s of data.stacks) {
    expect(s.records).toHaveLength(2);
    expect(s.healthChecks).toHaveLength(5);
    expect(s.alarms).toHaveLength(5);
  }
  const text = summarizeAssembly(assembly.directory);
  expect(text).toContain('A    api.example.com.  region=eu-central-1  set=Api-eu-central-1  evaluateTargetHealth=true  healthCheck=yes');
  expect(text).toContain('CALCULATED         Api-ap-southeast-2  healthy when 4 of 4 children are healthy');
});
