/**
 * A deployed copy of the example app, as the AWS SDK would see it, behind
 * aws-sdk-client-mock: nothing reaches AWS. CloudWatch answers GetMetricData
 * from a formula of the Region, the metric and the minute (with a gap every
 * 97th minute), paginating at `pageSize` datapoints; DescribeAlarms returns
 * the alarms with their deployed dimensions; CloudFormation returns the
 * stacks' physical ids.
 */
import {
  CloudFormationClient, DescribeStackResourcesCommand, DescribeStackResourcesCommandInput,
} from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient, DescribeAlarmsCommand, DescribeAlarmsCommandInput, GetMetricDataCommand, GetMetricDataCommandInput, MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';

export const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];
export const ACCOUNT = '111111111111';

/** The deployed values of a Region's tokens. */
export function deployed(region: string) {
  return {
    loadBalancerArn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/app/api-${region}/50dc6c495c0c9188`,
    loadBalancerFullName: `app/api-${region}/50dc6c495c0c9188`,
    targetGroupArn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:targetgroup/api-${region}/73e2d6bc24d8a067`,
    targetGroupFullName: `targetgroup/api-${region}/73e2d6bc24d8a067`,
    clusterName: `api-${region}-cluster`,
    serviceArn: `arn:aws:ecs:${region}:${ACCOUNT}:service/api-${region}-cluster/api-${region}-service`,
    serviceName: `api-${region}-service`,
  };
}

/** The value CloudWatch has for a metric at an epoch minute; undefined every 97th minute (no datapoint). */
export function fakeValue(region: string, metricName: string, stat: string, epochMinute: number): number | undefined {
  if (epochMinute % 97 === 0) {
    return undefined;
  }
  const r = REGIONS.indexOf(region) + 1;
  const k = epochMinute % 60;
  switch (metricName) {
    case 'RequestCount': return 1000 * r + k;
    case 'TargetResponseTime': return stat === 'p99' ? 0.25 + k / 1000 : 0.1;
    case 'CPUUtilization': return 20 + r + (k % 10) / 4;
    case 'HealthyHostCount': return 2;
    default: return k % 5;
  }
}

/** What the fake world records and how it misbehaves. */
export interface FakeWorld {
  readonly cloudwatch: ReturnType<typeof mockClient>;
  readonly cloudformation: ReturnType<typeof mockClient>;
  /** Datapoints per page before a NextToken. */
  pageSize: number;
  /** Regions with no datapoint at all. */
  readonly empty: Set<string>;
  /** Called before each GetMetricData answer: throw to fail the call, return a response to answer it instead. */
  beforeGetMetricData?: (call: number, region: string, input: GetMetricDataCommandInput) => object | void;
  /** GetMetricData calls so far (pages included). */
  getMetricDataCalls: number;
}

/** Mocks both clients with the fake world; `restore()` in afterEach. */
export function fakeAws(): FakeWorld {
  const world: FakeWorld = {
    cloudwatch: mockClient(CloudWatchClient),
    cloudformation: mockClient(CloudFormationClient),
    pageSize: 100_800,
    empty: new Set(),
    getMetricDataCalls: 0,
  };
  world.cloudwatch.on(GetMetricDataCommand).callsFake(async (input: GetMetricDataCommandInput, getClient) => {
    const region = await (getClient() as unknown as CloudWatchClient).config.region();
    world.getMetricDataCalls++;
    return world.beforeGetMetricData?.(world.getMetricDataCalls, region, input) ?? getMetricData(world, region, input);
  });
  world.cloudwatch.on(DescribeAlarmsCommand).callsFake(async (input: DescribeAlarmsCommandInput, getClient) => {
    const region = await (getClient() as unknown as CloudWatchClient).config.region();
    return { MetricAlarms: (input.AlarmNames ?? []).filter(n => n.endsWith('-EcsServiceCpu') && n.includes(region)).map(n => deployedCpuAlarm(n, region)) };
  });
  world.cloudformation.on(DescribeStackResourcesCommand).callsFake(async (input: DescribeStackResourcesCommandInput) => {
    const region = REGIONS.find(r => input.StackName === `ApiService-${r}`);
    if (region === undefined) {
      throw Object.assign(new Error(`Stack with id ${input.StackName} does not exist`), { name: 'ValidationError' });
    }
    const d = deployed(region);
    const physical: Record<string, [string, string]> = {
      LoadBalancerBE9EEC3A: [d.loadBalancerArn, 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
      LoadBalancerPublicListenerECSGroup253F49BD: [d.targetGroupArn, 'AWS::ElasticLoadBalancingV2::TargetGroup'],
      ClusterEB0386A7: [d.clusterName, 'AWS::ECS::Cluster'],
      Service9571FDD8: [d.serviceArn, 'AWS::ECS::Service'],
    };
    const found = physical[input.LogicalResourceId ?? ''];
    if (!found) {
      throw Object.assign(new Error(`Resource ${input.LogicalResourceId} does not exist for stack ${input.StackName}`), { name: 'ValidationError' });
    }
    return { StackResources: [{ LogicalResourceId: input.LogicalResourceId, PhysicalResourceId: found[0], ResourceType: found[1] }] };
  });
  return world;
}

/** The ECS CPU alarm of a Region as DescribeAlarms returns it. */
function deployedCpuAlarm(name: string, region: string) {
  const d = deployed(region);
  return {
    AlarmName: name,
    Namespace: 'AWS/ECS',
    MetricName: 'CPUUtilization',
    Dimensions: [{ Name: 'ClusterName', Value: d.clusterName }, { Name: 'ServiceName', Value: d.serviceName }],
  };
}

/** GetMetricData as CloudWatch answers it: every query's datapoints in [StartTime, EndTime), `pageSize` datapoints a page. */
function getMetricData(world: FakeWorld, region: string, input: GetMetricDataCommandInput) {
  const start = new Date(input.StartTime!).getTime();
  const end = new Date(input.EndTime!).getTime();
  const all: { id: string; t: number; v: number }[] = [];
  for (const q of input.MetricDataQueries ?? []) {
    const stat = q.MetricStat!;
    if (stat.Period !== 60 || input.ScanBy !== 'TimestampAscending' || start % 60_000 !== 0) {
      throw Object.assign(new Error('unexpected request'), { name: 'InvalidParameterCombination' });
    }
    for (let t = start; t < end && !world.empty.has(region); t += 60_000) {
      const v = fakeValue(region, stat.Metric!.MetricName!, stat.Stat!, t / 60_000);
      if (v !== undefined) {
        all.push({ id: q.Id!, t, v });
      }
    }
  }
  const offset = input.NextToken === undefined ? 0 : Number(input.NextToken);
  const page = all.slice(offset, offset + world.pageSize);
  const more = offset + world.pageSize < all.length;
  const results: MetricDataResult[] = (input.MetricDataQueries ?? []).map(q => {
    const own = page.filter(p => p.id === q.Id);
    // CloudWatch says PartialData while more datapoints wait behind the NextToken.
    const status = more ? 'PartialData' : 'Complete';
    return { Id: q.Id, Label: q.Id, Timestamps: own.map(p => new Date(p.t)), Values: own.map(p => p.v), StatusCode: status };
  });
  return { MetricDataResults: results, NextToken: more ? String(offset + world.pageSize) : undefined };
}
