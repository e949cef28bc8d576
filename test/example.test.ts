import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp, EXAMPLE_REGIONS } from '../examples/app';
import { summarizeAssembly, summarizeAssemblyData } from '../examples/summary';
import { settingsOfAlarmProperties } from '../src/model/alarm-settings';
import { checkRoute53Alarm } from '../src/model/route53-alarm-rules';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
const app = buildExampleApp(outdir);
const assembly = app.synth();
const stacks = EXAMPLE_REGIONS.map(region => app.node.findChild(`ApiService-${region}`) as Stack);
const dashboardStack = app.node.findChild('ApiDashboard') as Stack;

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

describe.each(EXAMPLE_REGIONS.map((region, i) => [region, i] as const))('example app, %s', (region, i) => {
  const stack = stacks[i];
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  test('has latency alias records A and AAAA to the Region\'s own name, carrying the evacuation switch', () => {
    const [switchCheck] = ofType('AWS::Route53::HealthCheck').find(([, r]) => r.Properties.HealthCheckTags[0].Value === `Api-${region}-switch`)!;
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'api.example.com.',
        Type: type,
        Region: region,
        SetIdentifier: `Api-${region}`,
        AliasTarget: { DNSName: `${region}.api.example.com.`, HostedZoneId: 'Z0EXAMPLE0000000000', EvaluateTargetHealth: true },
        HealthCheckId: { Ref: switchCheck },
      });
    }
  });

  test('has the Region\'s own records A and AAAA to the load balancer, carrying the calculated health check', () => {
    const [calculated] = ofType('AWS::Route53::HealthCheck').find(([, r]) => r.Properties.HealthCheckConfig.Type === 'CALCULATED')!;
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: `${region}.api.example.com.`,
        Type: type,
        Region: region,
        AliasTarget: Match.objectLike({ EvaluateTargetHealth: true, DNSName: Match.objectLike({ 'Fn::Join': Match.anyValue() }) }),
        HealthCheckId: { Ref: calculated },
      });
    }
  });

  test('wires one CLOUDWATCH_METRIC health check per signal under the calculated check', () => {
    const checks = ofType('AWS::Route53::HealthCheck');
    const metricChecks = checks.filter(([, r]) => r.Properties.HealthCheckConfig.Type === 'CLOUDWATCH_METRIC'
      && !r.Properties.HealthCheckTags[0].Value.endsWith('-switch'));
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

  test('probes the Region through its own name on the load balancer\'s HTTP listener', () => {
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'HTTP', FullyQualifiedDomainName: `${region}.api.example.com`, Port: 80, ResourcePath: '/' }),
    });
  });

  test('puts only Route 53-compatible 1-minute alarms behind the health checks', () => {
    const behindChecks = ofType('AWS::Route53::HealthCheck')
      .map(([, c]) => c.Properties.HealthCheckConfig.AlarmIdentifier?.Name?.Ref)
      .filter(ref => ref !== undefined)
      .map(ref => [ref, resources[ref]] as const);
    // Four signals and the switch.
    expect(behindChecks).toHaveLength(5);
    for (const [, alarm] of behindChecks) {
      const p = alarm.Properties;
      expect(p).toMatchObject({ Period: 60, DatapointsToAlarm: p.EvaluationPeriods });
      expect(p.ExtendedStatistic).toBeUndefined();
      expect(p.Metrics).toBeUndefined();
      expect(checkRoute53Alarm(settingsOfAlarmProperties(p), '111111111111')).toEqual([]);
    }
  });

  test('tells the Region\'s own topic when the Region leaves DNS and returns', () => {
    const [topic] = ofType('AWS::SNS::Topic').map(([id]) => id);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: `Api-${region}-health`, AlarmActions: [{ Ref: topic }], OKActions: [{ Ref: topic }],
    });
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

test('the dashboard shows every Region\'s signals with their Regions and references no other stack', () => {
  const template = Template.fromStack(dashboardStack).toJSON();
  const [dashboard] = Object.values<any>(template.Resources);
  const widgets = JSON.parse(dashboard.Properties.DashboardBody).widgets;
  const graphs = widgets.filter((w: any) => w.type === 'metric');
  expect(graphs).toHaveLength(4 * EXAMPLE_REGIONS.length);
  for (const graph of graphs) {
    expect(graph.properties.annotations.alarms[0]).toBe(
      `arn:aws:cloudwatch:${graph.properties.region}:111111111111:alarm:Api-${graph.properties.title.replace(': ', '-')}`);
  }
  expect(JSON.stringify(template.Resources)).not.toMatch(/Fn::ImportValue|"Ref"/);
});

test('the summary lists stacks, Regions, records, health checks and alarms', () => {
  const data = summarizeAssemblyData(assembly.directory);
  expect(data.stacks.map(s => [s.stackName, s.region])).toEqual([
    ['ApiDashboard', 'us-east-1'], ...EXAMPLE_REGIONS.map(r => [`ApiService-${r}`, r]),
  ]);
  expect(data.stacks[0].dashboards).toEqual(['Api-failover']);
  for (const s of data.stacks.slice(1)) {
    expect(s.records).toHaveLength(4);
    expect(s.healthChecks).toHaveLength(7);
    // The signals (4), the switch, the health alarm, the drill's safety alarm and the republisher's.
    expect(s.alarms).toHaveLength(8);
  }
  const text = summarizeAssembly(assembly.directory);
  expect(text).toContain('A    api.example.com.  region=eu-central-1  set=Api-eu-central-1  alias=eu-central-1.api.example.com.  '
    + 'evaluateTargetHealth=true  healthCheck=yes');
  expect(text).toContain('CALCULATED         Api-ap-southeast-2  healthy when 4 of 4 children are healthy');
  expect(text).toContain('HTTP               Api-us-east-1-probe  us-east-1.api.example.com:80/ every 30s');
  expect(text).toContain('Api-us-east-1-health: composite');
  expect(text).toContain('Dashboards: Api-failover');
});
