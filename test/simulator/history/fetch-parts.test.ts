import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readAssembly } from '../../../src/simulator/assembly';
import { AwsReader } from '../../../src/simulator/aws/reader';
import { StackTemplate } from '../../../src/simulator/dns';
import { checkDays, costEstimate, costText, fetchWindow, planChunks } from '../../../src/simulator/history/fetch-plan';
import { SeriesKey } from '../../../src/simulator/history/format';
import { appendChunk, partialHeader, readPartial, startPartial } from '../../../src/simulator/history/partial';
import { SourceMetric } from '../../../src/simulator/history/sources';
import { parseDimensions, readDimensionsFile, resolveTokens, tokenKey } from '../../../src/simulator/history/tokens';
import { duration, Progress } from '../../../src/simulator/progress';
import { Topology } from '../../../src/simulator/topology';

const series = (region: string, n: number): SeriesKey[] =>
  Array.from({ length: n }, (_, i) => ({ region, namespace: 'AWS/ApplicationELB', metricName: `M${i}`, dimensions: [], statistic: 'Sum' }));

describe('the fetch plan', () => {
  test('the window: whole minutes, ending at the current minute', () => {
    const w = fetchWindow(Date.UTC(2026, 0, 15, 8, 7, 59, 999), 14);
    expect([w.start.toISOString(), w.end.toISOString(), w.minutes]).toEqual(['2026-01-01T08:07:00.000Z', '2026-01-15T08:07:00.000Z', 20_160]);
  });

  test('the example app over 14 days: 3 Regions x 6 series, 5 a call (5 x 20,160 = 100,800 datapoints), balanced as 3 + 3', () => {
    const chunks = planChunks([...series('us-east-1', 6), ...series('eu-central-1', 6), ...series('ap-southeast-2', 6)], 20_160);
    expect(chunks.map(c => [c.region, c.series, c.fromMinute, c.minutes])).toEqual([
      ['us-east-1', [0, 1, 2], 0, 20_160], ['us-east-1', [3, 4, 5], 0, 20_160],
      ['eu-central-1', [6, 7, 8], 0, 20_160], ['eu-central-1', [9, 10, 11], 0, 20_160],
      ['ap-southeast-2', [12, 13, 14], 0, 20_160], ['ap-southeast-2', [15, 16, 17], 0, 20_160],
    ]);
    expect(costEstimate(chunks)).toEqual({ calls: 6, metrics: 18, usd: 0.00018 });
    expect(costText(costEstimate(chunks))).toBe('6 GetMetricData calls requesting 18 metrics: about $0.00018 at $0.01 per 1,000 metrics requested '
      + '(the us-east-1 price; other Regions may differ: https://aws.amazon.com/cloudwatch/pricing/)');
  });

  test('never more than 500 queries a call: 1,200 series of an hour are 3 calls of 400; of a day, 70 a call (70 x 1,440 datapoints)', () => {
    expect(planChunks(series('us-east-1', 1200), 60).map(c => c.series.length)).toEqual([400, 400, 400]);
    expect(costText(costEstimate(planChunks(series('us-east-1', 150_000), 60)))).toMatch(/^300 GetMetricData calls requesting 150000 metrics: about \$1\.50 /);
    expect(planChunks(series('us-east-1', 140), 1440).map(c => c.series.length)).toEqual([70, 70]);
  });

  test('a window longer than the datapoints of a call is cut into time windows of one series', () => {
    const chunks = planChunks(series('us-east-1', 2), 25, { maxQueries: 500, maxDatapoints: 10 });
    expect(chunks.map(c => [c.series, c.fromMinute, c.minutes])).toEqual([
      [[0], 0, 10], [[1], 0, 10], [[0], 10, 10], [[1], 10, 10], [[0], 20, 5], [[1], 20, 5],
    ]);
    expect(costEstimate(chunks)).toMatchObject({ calls: 6, metrics: 6 });
  });

  test.each(['0', '16', 'abc', '1.5', '-1', '', '1e1'])('fails if --days is %j', value => {
    expect(() => checkDays(value)).toThrow(`[AAF-SIM-OPTION] --days takes a whole number of days from 1 to 15, got: '${value}'. `
      + 'CloudWatch keeps 1-minute datapoints for 15 days only');
  });

  test.each([['1', 1], ['15', 15], ['014', 14]])('--days %s is %i days', (value, days) => {
    expect(checkDays(value)).toBe(days);
  });
});

/** Two Regions of a small app: an ALB (GetAtt), an ECS cluster (Ref) and service (GetAtt), and a CPU alarm of the cluster and service. */
function smallApp(): { topology: Topology; stacks: StackTemplate[]; sources: SourceMetric[] } {
  const stack = (region: string, deployedName?: string): StackTemplate => ({
    stackName: `Stage/Svc-${region}`,
    deployedName,
    region,
    template: {
      Resources: {
        Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' },
        Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup' },
        Cluster: { Type: 'AWS::ECS::Cluster' },
        Service: { Type: 'AWS::ECS::Service' },
      },
    },
  });
  const stacks = [stack('us-east-1', 'Stage-Svc-us-east-1'), stack('eu-west-1', 'Stage-Svc-eu-west-1')];
  const ref = (stackName: string, logicalId: string, attribute?: string) => ({ stackName, logicalId, attribute });
  const sources: SourceMetric[] = stacks.flatMap(s => [
    {
      id: `${s.region}/lb`,
      region: s.region,
      stackName: s.stackName,
      namespace: 'AWS/ApplicationELB',
      metricName: 'RequestCount',
      statistic: 'Sum',
      dimensions: [
        { Name: 'LoadBalancer', Value: 'Alb.LoadBalancerFullName', ref: ref(s.stackName, 'Alb', 'LoadBalancerFullName') },
        { Name: 'TargetGroup', Value: 'Tg.TargetGroupFullName', ref: ref(s.stackName, 'Tg', 'TargetGroupFullName') },
      ],
      readBy: [],
      key: '',
    },
    {
      id: `${s.region}/cpu`,
      region: s.region,
      stackName: s.stackName,
      namespace: 'AWS/ECS',
      metricName: 'CPUUtilization',
      statistic: 'Average',
      dimensions: [{ Name: 'ClusterName', Value: 'Cluster', ref: ref(s.stackName, 'Cluster') }, { Name: 'ServiceName', Value: 'Service.Name', ref: ref(s.stackName, 'Service', 'Name') }],
      readBy: [],
      key: '',
    },
  ]);
  const alarms = stacks.map(s => ({
    id: `${s.stackName}/CpuAlarm`,
    name: `Svc-${s.region}-cpu`,
    region: s.region,
    properties: {
      AlarmName: `Svc-${s.region}-cpu`,
      Metrics: [{ Id: 'cpu', MetricStat: { Metric: { Dimensions: [{ Name: 'ClusterName', Value: { Ref: 'Cluster' } }, { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Service', 'Name'] } }] } } }],
    },
  }));
  return { topology: { alarms } as unknown as Topology, stacks, sources };
}

/** A reader that answers from tables, recording its calls. */
function tableReader(calls: string[], physical: Record<string, [string, string]>,
  alarmDims: Record<string, { Name: string; Value: string }[]> = {}): AwsReader {
  return {
    getMetricData: async () => ({}),
    describeAlarms: async (region, names) => {
      calls.push(`DescribeAlarms ${region} ${names.join(',')}`);
      return names.filter(n => alarmDims[n]).map(n => ({ AlarmName: n, Metrics: [{ Id: 'cpu', MetricStat: { Metric: { Dimensions: alarmDims[n] } } }] }));
    },
    describeStackResource: async (region, stackName, logicalId) => {
      calls.push(`DescribeStackResources ${region} ${stackName} ${logicalId}`);
      const found = physical[`${stackName}/${logicalId}`];
      return found && { LogicalResourceId: logicalId, PhysicalResourceId: found[0], ResourceType: found[1] };
    },
  };
}

describe('token resolution', () => {
  test('from a metric-math alarm\'s query, then from the stacks by their deployed names; attributes derived from the physical ids', async () => {
    const app = smallApp();
    const calls: string[] = [];
    const physical: Record<string, [string, string]> = {};
    for (const r of ['us-east-1', 'eu-west-1']) {
      physical[`Stage-Svc-${r}/Alb`] = [`arn:aws:elasticloadbalancing:${r}:1:loadbalancer/app/web/abc`, 'AWS::ElasticLoadBalancingV2::LoadBalancer'];
      physical[`Stage-Svc-${r}/Tg`] = [`arn:aws:elasticloadbalancing:${r}:1:targetgroup/web-tg/def`, 'AWS::ElasticLoadBalancingV2::TargetGroup'];
    }
    const aws = tableReader(calls, physical, {
      'Svc-us-east-1-cpu': [{ Name: 'ClusterName', Value: 'c1' }, { Name: 'ServiceName', Value: 's1' }],
      'Svc-eu-west-1-cpu': [{ Name: 'ClusterName', Value: 'c2' }, { Name: 'ServiceName', Value: 's2' }],
    });
    const resolved = await resolveTokens({ ...app, aws });
    expect(Object.fromEntries(resolved.values)).toEqual({
      'Stage/Svc-us-east-1/Cluster': 'c1',
      'Stage/Svc-us-east-1/Service.Name': 's1',
      'Stage/Svc-eu-west-1/Cluster': 'c2',
      'Stage/Svc-eu-west-1/Service.Name': 's2',
      'Stage/Svc-us-east-1/Alb.LoadBalancerFullName': 'app/web/abc',
      'Stage/Svc-us-east-1/Tg.TargetGroupFullName': 'targetgroup/web-tg/def',
      'Stage/Svc-eu-west-1/Alb.LoadBalancerFullName': 'app/web/abc',
      'Stage/Svc-eu-west-1/Tg.TargetGroupFullName': 'targetgroup/web-tg/def',
    });
    expect(resolved.origins.get('Stage/Svc-us-east-1/Cluster')).toBe('alarm Svc-us-east-1-cpu');
    expect(resolved.origins.get('Stage/Svc-eu-west-1/Tg.TargetGroupFullName')).toBe('stack Stage-Svc-eu-west-1');
    expect(calls).toEqual([
      'DescribeAlarms us-east-1 Svc-us-east-1-cpu', 'DescribeAlarms eu-west-1 Svc-eu-west-1-cpu',
      'DescribeStackResources us-east-1 Stage-Svc-us-east-1 Alb', 'DescribeStackResources us-east-1 Stage-Svc-us-east-1 Tg',
      'DescribeStackResources eu-west-1 Stage-Svc-eu-west-1 Alb', 'DescribeStackResources eu-west-1 Stage-Svc-eu-west-1 Tg',
    ]);
  });

  test('an ECS service\'s Name is the last part of its ARN, old form (service/name) or new (service/cluster/name); a Ref is the physical id', async () => {
    const app = smallApp();
    const physical: Record<string, [string, string]> = {
      'Stage-Svc-us-east-1/Cluster': ['my-cluster', 'AWS::ECS::Cluster'],
      'Stage-Svc-us-east-1/Service': ['arn:aws:ecs:us-east-1:1:service/my-cluster/my-service', 'AWS::ECS::Service'],
      'Stage-Svc-eu-west-1/Service': ['arn:aws:ecs:eu-west-1:1:service/old-service', 'AWS::ECS::Service'],
    };
    const resolved = await resolveTokens({ ...app, aws: tableReader([], physical) });
    expect(resolved.values.get('Stage/Svc-us-east-1/Cluster')).toBe('my-cluster');
    expect(resolved.values.get('Stage/Svc-us-east-1/Service.Name')).toBe('my-service');
    expect(resolved.values.get('Stage/Svc-eu-west-1/Service.Name')).toBe('old-service');
  });

  test('an attribute the physical id does not give is a note, not a guess', async () => {
    const app = smallApp();
    const physical: Record<string, [string, string]> = { 'Stage-Svc-us-east-1/Service': ['not-an-arn', 'AWS::ECS::Service'] };
    const resolved = await resolveTokens({ ...app, aws: tableReader([], physical) });
    expect(resolved.values.has('Stage/Svc-us-east-1/Service.Name')).toBe(false);
    expect(resolved.notes).toContain('Stage/Svc-us-east-1/Service.Name: the deployed AWS::ECS::Service \'not-an-arn\' does not give its Name.');
  });

  const known = smallApp().sources.flatMap(s => s.dimensions.map(d => d.ref!));

  test('a dimensions file: tokens of the sources to their values', () => {
    expect(parseDimensions('\uFEFF{"Stage/Svc-us-east-1/Cluster": "c"}', 'f', known)).toEqual(new Map([['Stage/Svc-us-east-1/Cluster', 'c']]));
    expect(tokenKey({ stackName: 'S', logicalId: 'L', attribute: 'A' })).toBe('S/L.A');
  });

  test.each([
    ['[1]', /^\[AAF-SIM-HISTORY-DIMENSIONS\] f must be a JSON object from a token to its deployed value, such as \{.*\}, got: \[1\]\.$/],
    ['{"Stage/Svc-us-east-1/Clustr": "c"}', /^\[AAF-SIM-HISTORY-DIMENSIONS\] f: 'Stage\/Svc-us-east-1\/Clustr' is not a token of the failover's source metrics \(its tokens: Stage\/Svc-us-east-1\/Alb\.LoadBalancerFullName, /],
    ['{"Stage/Svc-us-east-1/Cluster": 3}', /^\[AAF-SIM-HISTORY-DIMENSIONS\] f: the value of 'Stage\/Svc-us-east-1\/Cluster' must be the dimension's deployed value as text \(1 to 1,024 characters\), got: 3\.$/],
    ['{"Stage/Svc-us-east-1/Cluster": " "}', /must be the dimension's deployed value as text .*, got: " "\.$/],
    ['{"a":', /^\[AAF-SIM-HISTORY-DIMENSIONS\] f is not valid JSON/],
  ])('fails if the dimensions file is %s', (text, message) => {
    expect(() => parseDimensions(text, 'f', known)).toThrow(message);
  });

  test('fails if the dimensions file is missing', () => {
    expect(() => readDimensionsFile('/nonexistent/dims.json', known))
      .toThrow('[AAF-SIM-HISTORY-DIMENSIONS] --dimensions: the dimensions file \'/nonexistent/dims.json\' does not exist (/nonexistent/dims.json).');
  });
});

describe('a Stage\'s stacks', () => {
  test('their CloudFormation name (properties.stackName) is kept for DescribeStackResources', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-stage-'));
    try {
      fs.writeFileSync(path.join(dir, 't.json'), '{"Resources": {}}');
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
        artifacts: {
          ProdSvc1234: { type: 'aws:cloudformation:stack', environment: 'aws://1/us-east-1', displayName: 'Prod/Svc', properties: { templateFile: 't.json', stackName: 'Prod-Svc' } },
          Plain: { type: 'aws:cloudformation:stack', environment: 'aws://1/us-east-1', properties: { templateFile: 't.json' } },
        },
      }));
      expect(readAssembly(dir).map(s => [s.stackName, s.deployedName])).toEqual([['Prod/Svc', 'Prod-Svc'], ['Plain', undefined]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the partial file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-partial-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const keys = series('us-east-1', 2);
  const start = new Date(Date.UTC(2026, 0, 1));
  const header = partialHeader(start, 3, 2, keys);

  test('keeps the chunks appended; a line cut short by the interruption is dropped', () => {
    const file = path.join(dir, 'h.partial');
    startPartial(file, header);
    appendChunk(file, 0, [new Float64Array([1, NaN, 3])]);
    fs.appendFileSync(file, '{"chunk": 1, "values": [[4, 5');
    const state = readPartial(file, header, new Date(0));
    expect(state).toEqual({ start: start.toISOString(), done: new Map([[0, [[1, null, 3]]]]) });
  });

  test('none when there is no file; another fetch\'s or a file that is not one is discarded with the reason', () => {
    const file = path.join(dir, 'h.partial');
    expect(readPartial(file, header, new Date(0))).toEqual({ start: header.start, done: new Map(), discarded: undefined });
    startPartial(file, { ...header, minutes: 4 });
    expect(readPartial(file, header, new Date(0)).discarded).toBe(`'${file}' belongs to another fetch (other sources, dimensions or days)`);
    fs.writeFileSync(file, 'hello\n');
    expect(readPartial(file, header, new Date(0)).discarded).toBe(`'${file}' is not a partial file of history fetch`);
  });

  test('fails if the partial file cannot be written', () => {
    expect(() => startPartial(path.join(dir, 'missing', 'h.partial'), header)).toThrow(/^\[AAF-SIM-OUT\] --out: the partial file '.*' cannot be written: ENOENT\.$/);
  });
});

describe('the progress report', () => {
  test('on a terminal: a bar redrawn in place, the time left, a newline at the end', () => {
    const written: string[] = [];
    let now = 0;
    const progress = new Progress({ isTTY: true, write: t => written.push(t) }, 'fetch', 4, 'chunks', () => now);
    now = 2000;
    progress.step();
    progress.clearLine();
    now = 8000;
    progress.step();
    progress.step();
    progress.step();
    expect(written).toEqual([
      '\rfetch [######------------------] 1/4 chunks (25 %), about 6 s left\x1b[K',
      '\r\x1b[K',
      '\rfetch [############------------] 2/4 chunks (50 %), about 8 s left\x1b[K',
      '\rfetch [##################------] 3/4 chunks (75 %), about 3 s left\x1b[K',
      '\rfetch [########################] 4/4 chunks (100 %), took 8 s\x1b[K\n',
    ]);
  });

  test('elsewhere: one line a step; a resumed run counts the steps done before, not in the time left', () => {
    const written: string[] = [];
    let now = 0;
    const progress = new Progress({ write: t => written.push(t) }, 'fetch', 10, 'chunks', () => now, 8);
    now = 90_000;
    progress.step();
    progress.clearLine();
    expect(written).toEqual(['fetch: 9/10 chunks (90 %), about 1 min 30 s left\n']);
    expect([duration(59_400), duration(3_700_000)]).toEqual(['59 s', '1 h 01 min']);
  });
});
