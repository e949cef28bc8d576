/**
 * Synth-scale benchmark: how synthesis time and memory grow with the number
 * of Regions, for the same service and the article's four signals, written
 * two ways:
 *
 *   library:       with this library (ActiveActiveFailover, FailoverDashboard,
 *                  Route53AlarmGuard), as examples/app.ts does;
 *   hand-written:  the same topology with plain aws-cdk-lib L2 constructs,
 *                  resource for resource (same resource types and counts per
 *                  Region stack: a test checks it).
 *
 * Every (N, variant) runs in a process of its own, three times, interleaved,
 * and the medians are reported.
 *
 * Usage:
 *   npx projen bench:synth (ts-node --project tsconfig.dev.json bench/synth-scale.ts [docs/synth-scale.md])
 *     runs the whole benchmark, prints the table and writes the document;
 *     exits with 1 when a check fails (linearity, health-check quota).
 *   TS_NODE_PROJECT=tsconfig.dev.json node -r ts-node/register/transpile-only bench/synth-scale.ts --child <variant> <N>
 *     one measurement (what the benchmark runs in each child process): prints one JSON line.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { articleSignals } from '../examples/app';
import { ActiveActiveFailover, FailoverDashboard, Route53AlarmGuard } from '../src';

/** The account of every stack (a placeholder: nothing reaches AWS). */
export const ACCOUNT = '111111111111';

/**
 * 24 commercial Regions Route 53 accepts for latency records, the example's
 * three first. A run with N Regions takes the first N.
 */
export const BENCH_REGIONS: readonly string[] = [
  'us-east-1', 'eu-central-1', 'ap-southeast-2',
  'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-central-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-3', 'ap-south-1', 'ap-east-1',
  'sa-east-1', 'me-south-1', 'me-central-1', 'af-south-1',
];

/** The Region counts measured. */
export const REGION_COUNTS: readonly number[] = [2, 4, 8, 16, 24];

/** Processes per (N, variant): the medians of these are reported. */
export const REPEATS = 3;

/** The two ways of writing the same app. */
export const VARIANTS = ['library', 'hand-written'] as const;

/** A way of writing the app. */
export type Variant = typeof VARIANTS[number];

/** Route 53's default quota of health checks per account. */
export const HEALTH_CHECK_QUOTA = 200;

/** The linearity check: library synth time per Region at `to` Regions over that at `from` Regions, at most `limit`. */
export const LINEARITY = { from: 4, to: 24, limit: 1.3 } as const;

/**
 * Per Region stack, the library's resource count minus the hand-written one's,
 * by resource type, where they cannot be equal. Empty: the hand-written
 * variant creates the same resource types in the same numbers (the test
 * checks it). What differs is below the resource level only (PROPERTY_DIFFERENCES).
 */
export const DOCUMENTED_TYPE_DIFFERENCES: Readonly<Record<string, number>> = {};

/** How the templates of the two variants still differ, resource for resource (documented in the output). */
export const PROPERTY_DIFFERENCES: readonly string[] = [
  'the library gives its alarms, composite alarm, function, role and outputs descriptions and its records a comment; '
    + 'the hand-written variant leaves them out (hence the larger templates, see the template sizes below)',
  'the library\'s function has its description and the AWS_NODEJS_CONNECTION_REUSE_ENABLED variable of its projen-generated '
    + 'construct; its policy carries cdk-nag suppression metadata',
  'logical IDs differ (the library\'s signal and switch health checks carry a digest of their alarm\'s settings), and so do '
    + 'the republisher\'s query ids and the EventBridge target id',
  'the hand-written probe check renders the L2 HealthCheck\'s explicit Inverted and MeasureLatency false (the library\'s, an L1, omits them)',
];

/** The prefix of every Region stack's id. */
export const REGION_STACK_PREFIX = 'ApiService-';

/** The id of the dashboard stack. */
export const DASHBOARD_STACK = 'ApiDashboard';

const ZONE = { hostedZoneId: 'Z0EXAMPLE0000000000', zoneName: 'example.com' };
const FAILOVER_NAME = 'Api';
const RECORD_NAME = 'api';
const REPUBLISH_NAMESPACE = 'ActiveActiveFailover';
const EVACUATION_NAMESPACE = 'ActiveActiveFailover/Evacuation';
const REPO_ROOT = path.resolve(__dirname, '..');
/** The library's bundled republisher handler, used as the hand-written variant's own function code. */
const REPUBLISHER_CODE = path.join(REPO_ROOT, 'assets', 'republisher', 'republisher.lambda');

/** The first `n` benchmark Regions. */
export function regionsFor(n: number): string[] {
  if (!Number.isInteger(n) || n < 1 || n > BENCH_REGIONS.length) {
    throw new Error(`regionsFor: 'n' must be a whole number from 1 to ${BENCH_REGIONS.length}, got: ${n}.`);
  }
  return BENCH_REGIONS.slice(0, n);
}

/** The service of one Region. */
export interface RegionService {
  readonly stack: Stack;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly service: ecs.FargateService;
}

/**
 * The service of one Region, the same for both variants: a dual-stack VPC with
 * explicit Availability Zones (no lookup), public subnets only, a dual-stack
 * internet-facing ALB and a Fargate service of two nginx tasks behind it.
 */
export function buildServiceStack(app: App, region: string): RegionService {
  const stack = new Stack(app, `${REGION_STACK_PREFIX}${region}`, { env: { account: ACCOUNT, region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipProtocol: ec2.IpProtocol.DUAL_STACK,
    availabilityZones: [`${region}a`, `${region}b`],
    natGateways: 0,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
  });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'LoadBalancer', {
    vpc,
    internetFacing: true,
    ipAddressType: elbv2.IpAddressType.DUAL_STACK,
    clientKeepAlive: Duration.seconds(120),
  });
  const api = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Service', {
    cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
    loadBalancer,
    desiredCount: 2,
    // As in examples/app.ts: newer aws-cdk-lib versions warn when either is left to its default.
    minHealthyPercent: 100,
    circuitBreaker: { rollback: true },
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), containerPort: 80 },
    taskSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    assignPublicIp: true,
  });
  return { stack, loadBalancer, service: api.service };
}

function dashboardStack(app: App): Stack {
  return new Stack(app, DASHBOARD_STACK, { env: { account: ACCOUNT, region: 'us-east-1' } });
}

/**
 * The library variant, as examples/app.ts builds it (without the example's
 * flow logs, container insights, cdk-nag suppressions and notifications): one
 * failover, the article's four signals per Region, one dashboard stack and the
 * Route53AlarmGuard aspect on the App.
 */
export function buildLibraryApp(regions: readonly string[], outdir?: string): App {
  const app = new App({ outdir });
  const failover = new ActiveActiveFailover(app, FAILOVER_NAME, { ...ZONE, recordName: RECORD_NAME, probe: { path: '/' } });
  new FailoverDashboard(dashboardStack(app), 'Dashboard', { failover });
  for (const region of regions) {
    const { stack, loadBalancer, service } = buildServiceStack(app, region);
    failover.addRegion(stack, 'Failover', { loadBalancer, signals: articleSignals(service) });
  }
  Aspects.of(app).add(new Route53AlarmGuard());
  return app;
}

/**
 * The hand-written variant: the library variant's topology with aws-cdk-lib
 * L2 constructs only (and the L1 escape hatch for health-check Name tags,
 * which the L2 HealthCheck of aws-cdk-lib 2.173 cannot set).
 */
export function buildHandWrittenApp(regions: readonly string[], outdir?: string): App {
  const app = new App({ outdir });
  const dashboard = new cloudwatch.Dashboard(dashboardStack(app), 'Dashboard', {
    dashboardName: `${FAILOVER_NAME}-failover`,
    defaultInterval: Duration.hours(3),
  });
  for (const region of regions) {
    handWrittenRegion(app, region, dashboard);
  }
  return app;
}

/** Builds one variant. */
export function buildApp(variant: Variant, regions: readonly string[], outdir?: string): App {
  return variant === 'library' ? buildLibraryApp(regions, outdir) : buildHandWrittenApp(regions, outdir);
}

const SIGNAL_NAMES = ['TargetResponseTime', 'Http5xxErrorRate', 'TargetConnectionErrorRate', 'EcsServiceCpu'] as const;

/** One Region of the hand-written variant, with its dashboard widgets. */
function handWrittenRegion(app: App, region: string, dashboard: cloudwatch.Dashboard): void {
  const { stack, loadBalancer, service } = buildServiceStack(app, region);
  const prefix = `${FAILOVER_NAME}-${region}`;
  const regionalName = `${region}.${RECORD_NAME}.${ZONE.zoneName}`;
  const minute = Duration.minutes(1);
  const dimensionsMap = { Failover: FAILOVER_NAME, Region: region };
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', ZONE);

  // The republisher: a function run every minute that publishes the p99 and
  // the two rates as plain metrics (Route 53 cannot read percentiles or math).
  const logGroup = new logs.LogGroup(stack, 'RepublisherLogs', { retention: logs.RetentionDays.ONE_MONTH });
  // Least privilege, as the library's: no managed policy, logs to its own log group only.
  const role = new iam.Role(stack, 'RepublisherRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': REPUBLISH_NAMESPACE } },
  }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
  const republisher = new lambda.Function(stack, 'Republisher', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(REPUBLISHER_CODE),
    timeout: Duration.seconds(30),
    memorySize: 256,
    role,
    logGroup,
  });
  republisher.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: minute });
  new events.Rule(stack, 'RepublisherSchedule', {
    schedule: events.Schedule.rate(minute),
    targets: [new eventsTargets.LambdaFunction(republisher, {
      event: events.RuleTargetInput.fromObject(republisherInput(region, loadBalancer.loadBalancerFullName)),
      retryAttempts: 0,
      maxEventAge: minute,
    })],
  });
  // Its heartbeat alarm: no completed run in 2 of 3 minutes.
  new cloudwatch.Metric({
    namespace: REPUBLISH_NAMESPACE,
    metricName: 'RepublisherHeartbeat',
    dimensionsMap: { FunctionName: republisher.functionName },
    statistic: cloudwatch.Stats.SUM,
    period: minute,
  }).createAlarm(stack, 'RepublisherHeartbeatAlarm', {
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });

  // The four signals: an alarm Route 53 can read and a CLOUDWATCH_METRIC health check each.
  const published = (metricName: string) => new cloudwatch.Metric({
    namespace: REPUBLISH_NAMESPACE, metricName, dimensionsMap, statistic: cloudwatch.Stats.MAXIMUM, period: minute,
  });
  const metrics: Record<typeof SIGNAL_NAMES[number], [cloudwatch.IMetric, number]> = {
    TargetResponseTime: [published('TargetResponseTime'), 1],
    Http5xxErrorRate: [published('Http5xxErrorRate'), 5],
    TargetConnectionErrorRate: [published('TargetConnectionErrorRate'), 5],
    EcsServiceCpu: [service.metricCpuUtilization({ period: minute, statistic: cloudwatch.Stats.AVERAGE }), 90],
  };
  const signals = SIGNAL_NAMES.map(signalName => {
    const direct = signalName === 'EcsServiceCpu';
    const [metric, threshold] = metrics[signalName];
    const alarm = new cloudwatch.Alarm(stack, `${signalName}Alarm`, {
      alarmName: `${prefix}-${signalName}`,
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: direct ? cloudwatch.TreatMissingData.IGNORE : cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const healthCheck = new route53.HealthCheck(stack, `${signalName}HealthCheck`, {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { name: alarm.alarmName, region },
      insufficientDataHealthStatus: direct
        ? route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS : route53.InsufficientDataHealthStatusEnum.HEALTHY,
    });
    nameHealthCheck(healthCheck, `${prefix}-${signalName}`);
    return { signalName, alarm, healthCheck };
  });
  const regionHealthCheck = new route53.HealthCheck(stack, 'HealthCheck', {
    type: route53.HealthCheckType.CALCULATED,
    childHealthChecks: signals.map(s => s.healthCheck),
    healthThreshold: signals.length,
  });
  nameHealthCheck(regionHealthCheck, prefix);

  // The evacuation switch: a metric an operator sets, its alarm and health check.
  const switchAlarm = new cloudwatch.Alarm(stack, 'EvacuationAlarm', {
    alarmName: `${prefix}-evacuated`,
    metric: new cloudwatch.Metric({
      namespace: EVACUATION_NAMESPACE, metricName: 'Evacuated', dimensionsMap, statistic: cloudwatch.Stats.MAXIMUM, period: minute,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
  });
  const switchHealthCheck = new route53.HealthCheck(stack, 'EvacuationHealthCheck', {
    type: route53.HealthCheckType.CLOUDWATCH_METRIC,
    alarmIdentifier: { name: switchAlarm.alarmName, region },
    insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
  });
  nameHealthCheck(switchHealthCheck, `${prefix}-switch`);

  // Probe traffic: an HTTP endpoint check on the Region's own name, attached to nothing.
  const probe = new route53.HealthCheck(stack, 'ProbeHealthCheck', {
    type: route53.HealthCheckType.HTTP,
    fqdn: regionalName,
    port: 80,
    resourcePath: '/',
    requestInterval: Duration.seconds(30),
    failureThreshold: 3,
    enableSNI: false,
  });
  nameHealthCheck(probe, `${prefix}-probe`);

  // The Region's own name (alias to the ALB, the signals' health) and the
  // latency records (alias to the own name, the switch's health).
  const ownTarget = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer, { evaluateTargetHealth: true }));
  const ownNameTarget = route53.RecordTarget.fromAlias({
    bind: () => ({ hostedZoneId: ZONE.hostedZoneId, dnsName: `${regionalName}.`, evaluateTargetHealth: true }),
  });
  const recordProps = { zone, region, setIdentifier: prefix };
  const regionalA = new route53.ARecord(stack, 'RegionalA', {
    ...recordProps, recordName: `${regionalName}.`, target: ownTarget, healthCheck: regionHealthCheck,
  });
  const regionalAaaa = new route53.AaaaRecord(stack, 'RegionalAAAA', {
    ...recordProps, recordName: `${regionalName}.`, target: ownTarget, healthCheck: regionHealthCheck,
  });
  const latencyName = `${RECORD_NAME}.${ZONE.zoneName}.`;
  new route53.ARecord(stack, 'LatencyA', { ...recordProps, recordName: latencyName, target: ownNameTarget, healthCheck: switchHealthCheck })
    .node.addDependency(regionalA);
  new route53.AaaaRecord(stack, 'LatencyAAAA', { ...recordProps, recordName: latencyName, target: ownNameTarget, healthCheck: switchHealthCheck })
    .node.addDependency(regionalAaaa);

  // The Region's health: in ALARM while the switch or any signal is.
  const inAlarm = (alarm: cloudwatch.IAlarm) => cloudwatch.AlarmRule.fromAlarm(alarm, cloudwatch.AlarmState.ALARM);
  new cloudwatch.CompositeAlarm(stack, 'HealthAlarm', {
    compositeAlarmName: `${prefix}-health`,
    alarmRule: cloudwatch.AlarmRule.anyOf(inAlarm(switchAlarm), ...signals.map(s => inAlarm(s.alarm))),
  });

  // What an operator needs.
  const parameter = `/cdk-active-active-failover/${FAILOVER_NAME}/${region}/evacuated`;
  const evacuate = (value: number) => `aws ssm put-parameter --region ${region} --name ${parameter} --type String --value ${value} `
    + `--overwrite && aws cloudwatch put-metric-data --region ${region} --namespace ${EVACUATION_NAMESPACE} `
    + `--metric-name Evacuated --dimensions Failover=${FAILOVER_NAME},Region=${region} --value ${value}`;
  new CfnOutput(stack, 'RegionalRecordName', { value: `${regionalName}.` });
  new CfnOutput(stack, 'HealthAlarmName', { value: `${prefix}-health` });
  new CfnOutput(stack, 'EvacuateCommand', { value: evacuate(1) });
  new CfnOutput(stack, 'RestoreCommand', { value: evacuate(0) });
  new CfnOutput(stack, 'StatusCommand', {
    value: `aws cloudwatch describe-alarms --region ${region} --alarm-types CompositeAlarm MetricAlarm `
      + `--alarm-names ${prefix}-health ${prefix}-evacuated`,
  });
  new CfnOutput(stack, 'SwitchHealthCheckId', { value: switchHealthCheck.healthCheckId });

  // The dashboard, in its own stack: alarms imported by ARN, no cross-stack reference.
  const dashboardScope = Stack.of(dashboard);
  const arn = (name: string) => `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`;
  const imported = (name: string) => cloudwatch.Alarm.fromAlarmArn(dashboardScope, `${name}Alarm`, arn(name));
  dashboard.addWidgets(new cloudwatch.TextWidget({
    markdown: `## ${region}\nOwn name: \`${regionalName}\` · evacuate: \`${evacuate(1)}\``, width: 24, height: 2,
  }));
  dashboard.addWidgets(
    new cloudwatch.AlarmStatusWidget({
      title: `${region}: health`, alarms: [imported(`${prefix}-health`), imported(`${prefix}-evacuated`)], width: 6, height: 6,
    }),
    ...signals.map(s => new cloudwatch.AlarmWidget({
      title: `${region}: ${s.signalName}`, alarm: imported(`${prefix}-${s.signalName}`), region, width: 6, height: 6,
    })),
  );
}

/** Gives a health check the Name tag the Route 53 console shows (L1: the L2 has no tags). */
function nameHealthCheck(healthCheck: route53.HealthCheck, name: string): void {
  (healthCheck.node.defaultChild as route53.CfnHealthCheck).healthCheckTags = [{ key: 'Name', value: name }];
}

/**
 * The hand-written republisher's input, in the format the bundled handler
 * reads: the p99 of TargetResponseTime, and the 5xx and connection-error
 * rates as metric math, each with its source metrics.
 */
function republisherInput(region: string, loadBalancerFullName: string): Record<string, unknown> {
  const source = (id: string, metricName: string, stat: string) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metricName, Dimensions: [{ Name: 'LoadBalancer', Value: loadBalancerFullName }] },
      Period: 60,
      Stat: stat,
    },
    ReturnData: true,
  });
  const output = (metricName: string) => ({
    MetricName: metricName, Dimensions: [{ Name: 'Failover', Value: FAILOVER_NAME }, { Name: 'Region', Value: region }],
  });
  const fill = (id: string) => `FILL(${id},0)`;
  // 100 × errors / max(requests, other errors, 20): the denominator is never below the errors, nor below 20 requests.
  const rate = (errors: string, requests: string, floor: string) => {
    const denominator = `IF(${requests} > ${floor}, ${requests}, ${floor})`;
    return `100 * (${errors}) / IF(${denominator} < 20, 20, ${denominator})`;
  };
  const errors5xx = `${fill('s1_t5')} + ${fill('s1_e5')}`;
  return {
    kind: 'tick',
    version: 1,
    config: {
      namespace: REPUBLISH_NAMESPACE,
      settleSeconds: 60,
      backfillMinutes: 3,
      signals: [
        { metric: output('TargetResponseTime'), queries: [source('s0', 'TargetResponseTime', 'p99')], valueId: 's0', presenceIds: ['s0'] },
        {
          metric: output('Http5xxErrorRate'),
          queries: [
            source('s1_r', 'RequestCount', 'Sum'), source('s1_e5', 'HTTPCode_ELB_5XX_Count', 'Sum'), source('s1_t5', 'HTTPCode_Target_5XX_Count', 'Sum'),
            { Id: 's1', Expression: rate(errors5xx, fill('s1_r'), errors5xx), Period: 60, ReturnData: true },
          ],
          valueId: 's1',
          presenceIds: ['s1_r', 's1_e5', 's1_t5'],
        },
        {
          metric: output('TargetConnectionErrorRate'),
          queries: [
            source('s2_r', 'RequestCount', 'Sum'), source('s2_e5', 'HTTPCode_ELB_5XX_Count', 'Sum'), source('s2_ce', 'TargetConnectionErrorCount', 'Sum'),
            { Id: 's2', Expression: rate(fill('s2_ce'), fill('s2_r'), fill('s2_e5')), Period: 60, ReturnData: true },
          ],
          valueId: 's2',
          presenceIds: ['s2_r', 's2_e5', 's2_ce'],
        },
      ],
      mirrors: [],
    },
  };
}

/** What the templates of one Region stack contain. */
export interface RegionStackMeasurement {
  readonly stackName: string;
  readonly region: string;
  readonly resources: number;
  readonly healthChecks: number;
  readonly outputs: number;
  /** The size of the template file, in bytes. */
  readonly templateBytes: number;
  /** Resources by type. */
  readonly types: Record<string, number>;
}

/** What a synthesized app contains. */
export interface TemplateMeasurement {
  readonly regionStacks: RegionStackMeasurement[];
  /** Resources by type in the dashboard stack. */
  readonly dashboardTypes: Record<string, number>;
  /** The same in every Region stack (checked). */
  readonly resourcesPerRegion: number;
  readonly healthChecksPerRegion: number;
  readonly outputsPerRegion: number;
  /** The mean size of a Region stack's template, in KiB. */
  readonly templateKiBPerRegion: number;
}

/**
 * Reads the synthesized templates (a cloud assembly or its directory). Throws
 * when the Region stacks differ in their resource or health-check counts.
 */
export function measureTemplates(assembly: cxapi.CloudAssembly | string): TemplateMeasurement {
  const asm = typeof assembly === 'string' ? new cxapi.CloudAssembly(assembly) : assembly;
  const typesOf = (template: any): Record<string, number> => {
    const types: Record<string, number> = {};
    for (const resource of Object.values<any>(template.Resources ?? {})) {
      types[resource.Type] = (types[resource.Type] ?? 0) + 1;
    }
    return types;
  };
  const regionStacks = asm.stacks.filter(s => s.stackName.startsWith(REGION_STACK_PREFIX)).map(s => {
    const types = typesOf(s.template);
    return {
      stackName: s.stackName,
      region: s.environment.region,
      resources: Object.keys(s.template.Resources ?? {}).length,
      healthChecks: types['AWS::Route53::HealthCheck'] ?? 0,
      outputs: Object.keys(s.template.Outputs ?? {}).length,
      templateBytes: fs.statSync(s.templateFullPath).size,
      types,
    };
  });
  if (regionStacks.length === 0) {
    throw new Error(`measureTemplates: no stack named ${REGION_STACK_PREFIX}<region> in ${asm.directory}.`);
  }
  const [first] = regionStacks;
  const odd = regionStacks.find(s => s.resources !== first.resources || s.healthChecks !== first.healthChecks || s.outputs !== first.outputs);
  if (odd) {
    throw new Error(`measureTemplates: Region stacks differ: ${first.stackName} has ${first.resources} resources, `
      + `${first.healthChecks} health checks and ${first.outputs} outputs, ${odd.stackName} ${odd.resources}, ${odd.healthChecks} and ${odd.outputs}.`);
  }
  const dashboard = asm.stacks.find(s => s.stackName === DASHBOARD_STACK);
  return {
    regionStacks,
    dashboardTypes: dashboard ? typesOf(dashboard.template) : {},
    resourcesPerRegion: first.resources,
    healthChecksPerRegion: first.healthChecks,
    outputsPerRegion: first.outputs,
    templateKiBPerRegion: regionStacks.reduce((sum, r) => sum + r.templateBytes, 0) / regionStacks.length / 1024,
  };
}

/** Per resource type, a's count minus b's, for the types whose counts differ. */
export function typeCountDifference(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const diff: Record<string, number> = {};
  for (const type of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const d = (a[type] ?? 0) - (b[type] ?? 0);
    if (d !== 0) {
      diff[type] = d;
    }
  }
  return diff;
}

/** The most Regions whose health checks fit the quota. */
export function largestRegionCount(healthChecksPerRegion: number, quota = HEALTH_CHECK_QUOTA): number {
  if (!(healthChecksPerRegion > 0)) {
    throw new Error(`largestRegionCount: 'healthChecksPerRegion' must be positive, got: ${healthChecksPerRegion}.`);
  }
  return Math.floor(quota / healthChecksPerRegion);
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new Error('median: no values.');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One measurement: what a child process prints. */
export interface ChildResult {
  readonly variant: Variant;
  readonly regions: number;
  /** Building the constructs and app.synth(), in milliseconds. */
  readonly synthMs: number;
  /** The CPU time (user and system, all threads) of the same, in milliseconds. */
  readonly synthCpuMs: number;
  /** The child's peak resident set size, in KiB. */
  readonly maxRssKiB: number;
  /** The peak resident set size before building the app (Node.js, ts-node, the modules), in KiB. */
  readonly baselineRssKiB: number;
  readonly resourcesPerRegion: number;
  readonly healthChecksPerRegion: number;
  readonly templateKiBPerRegion: number;
}

/** Synthesizes one variant with `n` Regions in a temporary directory and measures it. */
export function measureOnce(variant: Variant, n: number): ChildResult {
  const regions = regionsFor(n);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-synth-scale-'));
  try {
    const baselineRssKiB = process.resourceUsage().maxRSS;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const assembly = buildApp(variant, regions, outdir).synth();
    const synthMs = Number(process.hrtime.bigint() - start) / 1e6;
    const cpuUsed = process.cpuUsage(cpu);
    const measured = measureTemplates(assembly);
    if (measured.regionStacks.length !== n) {
      throw new Error(`measureOnce: expected ${n} Region stacks, got ${measured.regionStacks.length}.`);
    }
    return {
      variant,
      regions: n,
      synthMs,
      synthCpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
      maxRssKiB: process.resourceUsage().maxRSS,
      baselineRssKiB,
      resourcesPerRegion: measured.resourcesPerRegion,
      healthChecksPerRegion: measured.healthChecksPerRegion,
      templateKiBPerRegion: measured.templateKiBPerRegion,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs one measurement in a child process of its own and returns what it printed. */
export function runChild(variant: Variant, n: number): ChildResult {
  const stdout = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--child', variant, String(n)], {
    cwd: REPO_ROOT,
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = stdout.trim().split('\n').reverse().find(l => l.startsWith('{'));
  if (!line) {
    throw new Error(`synth-scale child ${variant} ${n} printed no result: ${stdout}`);
  }
  return JSON.parse(line) as ChildResult;
}

/** The runs, interleaved: each repeat runs every N, both variants (alternating which goes first). */
export function runPlan(counts: readonly number[] = REGION_COUNTS, repeats = REPEATS): Array<{ variant: Variant; regions: number }> {
  const plan: Array<{ variant: Variant; regions: number }> = [];
  for (let r = 0; r < repeats; r++) {
    counts.forEach((regions, i) => {
      const order = (r + i) % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      order.forEach(variant => plan.push({ variant, regions }));
    });
  }
  return plan;
}

/** The medians of one (N, variant). */
export interface ScaleRow {
  readonly regions: number;
  readonly variant: Variant;
  readonly runs: number;
  readonly synthMs: number;
  readonly perRegionMs: number;
  /** The median CPU time of building and synthesis, in milliseconds. */
  readonly cpuMs: number;
  readonly peakMiB: number;
  /** The median peak before building the app, in MiB. */
  readonly baselineMiB: number;
  readonly resourcesPerRegion: number;
  readonly healthChecksPerRegion: number;
  /** The median mean size of a Region stack's template, in KiB. */
  readonly templateKiBPerRegion: number;
  /** Every run's synth time, in run order. */
  readonly samplesMs: number[];
}

/** Groups the child results by (N, variant) and takes the medians. */
export function aggregate(results: readonly ChildResult[]): ScaleRow[] {
  const rows: ScaleRow[] = [];
  const counts = [...new Set(results.map(r => r.regions))].sort((a, b) => a - b);
  for (const regions of counts) {
    for (const variant of VARIANTS) {
      const runs = results.filter(r => r.regions === regions && r.variant === variant);
      if (runs.length === 0) {
        continue;
      }
      const distinct = new Set(runs.map(r => `${r.resourcesPerRegion}/${r.healthChecksPerRegion}`));
      if (distinct.size > 1) {
        throw new Error(`aggregate: runs of ${variant} with ${regions} Regions synthesized different templates: ${[...distinct].join(', ')}.`);
      }
      const synthMs = median(runs.map(r => r.synthMs));
      rows.push({
        regions,
        variant,
        runs: runs.length,
        synthMs,
        perRegionMs: synthMs / regions,
        cpuMs: median(runs.map(r => r.synthCpuMs)),
        peakMiB: median(runs.map(r => r.maxRssKiB)) / 1024,
        baselineMiB: median(runs.map(r => r.baselineRssKiB)) / 1024,
        resourcesPerRegion: runs[0].resourcesPerRegion,
        healthChecksPerRegion: runs[0].healthChecksPerRegion,
        templateKiBPerRegion: median(runs.map(r => r.templateKiBPerRegion)),
        samplesMs: runs.map(r => r.synthMs),
      });
    }
  }
  return rows;
}

function rowOf(rows: readonly ScaleRow[], regions: number, variant: Variant): ScaleRow | undefined {
  return rows.find(r => r.regions === regions && r.variant === variant);
}

/** Synth time per Region at LINEARITY.to Regions divided by that at LINEARITY.from Regions. */
export function linearityRatio(rows: readonly ScaleRow[], variant: Variant): number {
  const from = rowOf(rows, LINEARITY.from, variant);
  const to = rowOf(rows, LINEARITY.to, variant);
  if (!from || !to) {
    throw new Error(`linearityRatio: ${variant} needs runs with ${LINEARITY.from} and ${LINEARITY.to} Regions.`);
  }
  return to.perRegionMs / from.perRegionMs;
}

/** Synth time each Region adds from LINEARITY.from to LINEARITY.to Regions, in milliseconds (fixed costs cancel out). */
export function marginalMsPerRegion(rows: readonly ScaleRow[], variant: Variant): number {
  const from = rowOf(rows, LINEARITY.from, variant);
  const to = rowOf(rows, LINEARITY.to, variant);
  if (!from || !to) {
    throw new Error(`marginalMsPerRegion: ${variant} needs runs with ${LINEARITY.from} and ${LINEARITY.to} Regions.`);
  }
  return (to.synthMs - from.synthMs) / (LINEARITY.to - LINEARITY.from);
}

/**
 * Synth time each added Region cost between consecutive measured N, in
 * milliseconds: constant when synthesis grows linearly, rising when it grows
 * faster.
 */
export function marginalSteps(rows: readonly ScaleRow[], variant: Variant): Array<{ from: number; to: number; msPerRegion: number }> {
  const own = rows.filter(r => r.variant === variant).sort((a, b) => a.regions - b.regions);
  return own.slice(1).map((row, i) => ({
    from: own[i].regions,
    to: row.regions,
    msPerRegion: (row.synthMs - own[i].synthMs) / (row.regions - own[i].regions),
  }));
}

/**
 * The growth check: the synth time each added Region costs from `late[0]` to
 * `late[1]` Regions, over what it costs from `early[0]` to `early[1]`, at most
 * `limit`. Fixed costs cancel out, so unlike the time per Region this grows
 * with any faster-than-linear term (a quadratic one roughly triples it).
 */
export const GROWTH = { early: [2, 8], late: [8, 24], limit: 1.3 } as const;

/** The growth ratio of a variant, or undefined when the runs lack one of GROWTH's Region counts. */
export function growthRatio(rows: readonly ScaleRow[], variant: Variant): number | undefined {
  const time = (regions: number) => rowOf(rows, regions, variant)?.synthMs;
  const perRegion = ([from, to]: readonly [number, number]) => {
    const [a, b] = [time(from), time(to)];
    return a === undefined || b === undefined ? undefined : (b - a) / (to - from);
  };
  const early = perRegion(GROWTH.early);
  const late = perRegion(GROWTH.late);
  return early === undefined || late === undefined ? undefined : late / early;
}

/** The checks of a run: linearity of the library and the health-check quota at the largest N. */
export interface ScaleChecks {
  readonly libraryRatio: number;
  readonly handWrittenRatio: number;
  readonly libraryMarginalMs: number;
  readonly handWrittenMarginalMs: number;
  readonly linearityPass: boolean;
  readonly libraryGrowth?: number;
  readonly handWrittenGrowth?: number;
  /** False only when the growth ratio was measured and exceeds GROWTH.limit. */
  readonly growthPass: boolean;
  readonly healthChecksPerRegion: number;
  readonly largestRegionCount: number;
  readonly largestMeasured: number;
  readonly quotaPass: boolean;
}

/** Evaluates the checks. */
export function scaleChecks(rows: readonly ScaleRow[], quota = HEALTH_CHECK_QUOTA): ScaleChecks {
  const libraryRatio = linearityRatio(rows, 'library');
  const libraryGrowth = growthRatio(rows, 'library');
  const library = rows.filter(r => r.variant === 'library');
  const healthChecksPerRegion = Math.max(...library.map(r => r.healthChecksPerRegion));
  const largest = largestRegionCount(healthChecksPerRegion, quota);
  const largestMeasured = Math.max(...library.map(r => r.regions));
  return {
    libraryRatio,
    handWrittenRatio: linearityRatio(rows, 'hand-written'),
    libraryMarginalMs: marginalMsPerRegion(rows, 'library'),
    handWrittenMarginalMs: marginalMsPerRegion(rows, 'hand-written'),
    linearityPass: libraryRatio <= LINEARITY.limit,
    libraryGrowth,
    handWrittenGrowth: growthRatio(rows, 'hand-written'),
    growthPass: libraryGrowth === undefined || libraryGrowth <= GROWTH.limit,
    healthChecksPerRegion,
    largestRegionCount: largest,
    largestMeasured,
    quotaPass: largestMeasured <= largest,
  };
}

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

/** The results as a markdown table: one row per N, both variants side by side. */
export function scaleTable(rows: readonly ScaleRow[]): string {
  const lines = [
    '| N | synth, library (ms) | synth, hand-written (ms) | per Region, library (ms) | per Region, hand-written (ms) | time ratio library / hand-written '
      + '| peak memory, library (MiB) | peak memory, hand-written (MiB) | memory ratio library / hand-written | resources per Region stack (library / hand-written) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const counts = [...new Set(rows.map(r => r.regions))].sort((a, b) => a - b);
  for (const n of counts) {
    const lib = rowOf(rows, n, 'library');
    const hand = rowOf(rows, n, 'hand-written');
    const cell = (row: ScaleRow | undefined, value: (r: ScaleRow) => string) => (row ? value(row) : '-');
    const ratio = (value: (r: ScaleRow) => number) => (lib && hand ? fmt(value(lib) / value(hand), 2) : '-');
    lines.push(`| ${n} | ${cell(lib, r => fmt(r.synthMs))} | ${cell(hand, r => fmt(r.synthMs))} `
      + `| ${cell(lib, r => fmt(r.perRegionMs))} | ${cell(hand, r => fmt(r.perRegionMs))} | ${ratio(r => r.synthMs)} `
      + `| ${cell(lib, r => fmt(r.peakMiB))} | ${cell(hand, r => fmt(r.peakMiB))} | ${ratio(r => r.peakMiB)} `
      + `| ${cell(lib, r => String(r.resourcesPerRegion))} / ${cell(hand, r => String(r.resourcesPerRegion))} |`);
  }
  return lines.join('\n');
}

/** The machine the benchmark ran on. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  /** The 1-minute load average when the benchmark started and when it ended (0 where unknown). */
  readonly load?: readonly [number, number];
}

const startLoad = os.loadavg()[0];

/** This machine, and its load since this module was loaded. */
export function thisMachine(): MachineInfo {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, node: process.version, load: [startLoad, os.loadavg()[0]] };
}

/** The checks as markdown lines. */
export function checksText(checks: ScaleChecks): string {
  return `- Health checks per Region (from the library's templates): **${checks.healthChecksPerRegion}**. Route 53's default quota of `
    + `${HEALTH_CHECK_QUOTA} health checks per account holds at most floor(${HEALTH_CHECK_QUOTA} / ${checks.healthChecksPerRegion}) = `
    + `**${checks.largestRegionCount} Regions** of this failover (and nothing else in the account). `
    + `N = ${checks.largestMeasured} needs ${checks.largestMeasured * checks.healthChecksPerRegion}: **${verdict(checks.quotaPass)}**.\n`
    + `- Linearity: library synth time per Region at N = ${LINEARITY.to} / at N = ${LINEARITY.from} = `
    + `**${fmt(checks.libraryRatio, 2)}** (limit ${LINEARITY.limit}): **${verdict(checks.linearityPass)}**. `
    + `The same ratio for the hand-written variant, for comparison: ${fmt(checks.handWrittenRatio, 2)}. `
    + 'Each run\'s time includes fixed costs (warming up the JIT, first use of aws-cdk-lib\'s code, staging the function\'s asset) '
    + 'that spread over more Regions as N grows, so the time per Region falls with N unless synthesis grows faster than linearly; '
    + `the check fails on such growth. Without the fixed costs, each Region from N = ${LINEARITY.from} to N = ${LINEARITY.to} added `
    + `${fmt(checks.libraryMarginalMs)} ms (library) and ${fmt(checks.handWrittenMarginalMs)} ms (hand-written).`
    + (checks.libraryGrowth === undefined ? '' : '\n'
      + `- Growth: library synth time per added Region from N = ${GROWTH.late.join(' to ')} / from N = ${GROWTH.early.join(' to ')} = `
      + `**${fmt(checks.libraryGrowth, 2)}** (limit ${GROWTH.limit}): **${verdict(checks.growthPass)}**. `
      + `Hand-written, for comparison: ${checks.handWrittenGrowth === undefined ? '-' : fmt(checks.handWrittenGrowth, 2)}. `
      + 'Fixed costs cancel out here, so this is the check a faster-than-linear term would fail.');
}

/** What each added Region cost between consecutive N, per variant, as a markdown line. */
export function marginalText(rows: readonly ScaleRow[]): string {
  const steps = (variant: Variant) => marginalSteps(rows, variant)
    .map(step => `${step.from}→${step.to}: ${fmt(step.msPerRegion)} ms`).join(', ');
  return `- Each added Region cost, between consecutive N (medians of noisy runs, so expect ±20 ms): library ${steps('library')}; `
    + `hand-written ${steps('hand-written')}.`;
}

/** Run details: every run's synth time, to show the spread behind the medians. */
function samplesTable(rows: readonly ScaleRow[]): string {
  const lines = [
    '| N | variant | runs | synth time of each run (ms) | CPU time, median (ms) | peak memory before building the app (MiB) '
      + '| peak memory added by building and synth (MiB) | resources per Region stack | health checks per Region | template per Region stack (KiB) |',
    '| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(`| ${r.regions} | ${r.variant} | ${r.runs} | ${r.samplesMs.map(v => fmt(v)).join('; ')} | ${fmt(r.cpuMs)} | ${fmt(r.baselineMiB)} `
      + `| ${fmt(r.peakMiB - r.baselineMiB)} | ${r.resourcesPerRegion} | ${r.healthChecksPerRegion} | ${fmt(r.templateKiBPerRegion, 1)} |`);
  }
  return lines.join('\n');
}

function baselineRange(a: number, b: number): string {
  const [low, high] = [fmt(Math.min(a, b)), fmt(Math.max(a, b))];
  return low === high ? `about ${low}` : `${low} to ${high}`;
}

/** What building and synthesis added to the peak memory at the largest N. */
export function memoryText(rows: readonly ScaleRow[]): string {
  const n = Math.max(...rows.map(r => r.regions));
  const lib = rowOf(rows, n, 'library');
  const hand = rowOf(rows, n, 'hand-written');
  if (!lib || !hand) {
    return '';
  }
  const added = (r: ScaleRow) => r.peakMiB - r.baselineMiB;
  return 'Most of the peak memory is the process\'s own (Node.js, ts-node, aws-cdk-lib and this library\'s modules: '
    + `${baselineRange(lib.baselineMiB, hand.baselineMiB)} MiB before the app is built). `
    + `Building and synthesizing the app added, at N = ${n}, ${fmt(added(lib))} MiB (library) and ${fmt(added(hand))} MiB (hand-written)`
    + `${added(hand) > 0 ? `: ratio ${fmt(added(lib) / added(hand), 2)}` : ''}.`;
}

/** The whole markdown document (no date: apart from the numbers it stays the same). */
export function scaleDocument(rows: readonly ScaleRow[], machine: MachineInfo, runSeconds?: number): string {
  const checks = scaleChecks(rows);
  const counts = [...new Set(rows.map(r => r.regions))].sort((a, b) => a - b);
  const repeats = Math.max(...rows.map(r => r.runs));
  const differences = Object.entries(DOCUMENTED_TYPE_DIFFERENCES);
  return `# Synth-scale benchmark

Generated by \`npx projen bench:synth\` (\`bench/synth-scale.ts\`; about a minute on 2 cores).
It exits with 1 when a check below fails. The numbers change from run to run and from
machine to machine; the ratios are what to compare.

The same service in N Regions (N = ${counts.join(', ')}; the first N of ${BENCH_REGIONS.join(', ')}),
each Region a stack with a dual-stack VPC (explicit Availability Zones), an internet-facing
dual-stack ALB and a Fargate service of two tasks, account ${ACCOUNT}; the article's four
signals (p99 target response time, 5xx rate and target connection error rate republished
by a Lambda function every minute, ECS service CPU alarmed on directly), written two ways:

- **library**: \`ActiveActiveFailover.addRegion(stack, 'Failover', { loadBalancer, signals: articleSignals(service) })\`
  per Region, one \`FailoverDashboard\` stack and the \`Route53AlarmGuard\` aspect on the App, as
  [examples/app.ts](../examples/app.ts) does (defaults otherwise: evacuation switch and probe on,
  no notifications);
- **hand-written**: the same resources with plain aws-cdk-lib L2 constructs: per Region the
  republisher (function, role and policy, log group, async-invoke settings, 1-minute EventBridge
  rule with its permission, heartbeat alarm; the function's code is the library's bundled handler,
  standing for the user's own), the four alarms, a \`CLOUDWATCH_METRIC\` health check each, the
  \`CALCULATED\` one over them, the evacuation switch (alarm and health check), the HTTP probe
  health check, A and AAAA records at the Region's own name and at the latency name, the
  composite health alarm and the six outputs; one dashboard stack.

Both variants create the same resource types in the same numbers in every Region stack
(${differences.length === 0 ? 'no exception' : differences.map(([t, d]) => `${t} ${d > 0 ? '+' : ''}${d}`).join(', ')}; \`test/bench/synth-scale.test.ts\` checks it)
and the same dashboard (the same widgets). Below the resource level they differ only in:

${PROPERTY_DIFFERENCES.map((d, i) => `- ${d}${i === PROPERTY_DIFFERENCES.length - 1 ? '.' : ';'}`).join('\n')}

What the library does on top is synth-time work: its checks (every alarm against Route 53's
rules, the quota, names and Regions), the health checks' re-sync logical IDs, the
dashboard's view of the Regions, and the \`Route53AlarmGuard\` aspect.

Each (N, variant) ran in a process of its own, ${repeats} times, interleaved (each round runs
every N, both variants, alternating which goes first) so that drift on the machine hits
both alike, after one discarded warm-up run of each variant; the table shows medians.
**Synth time** is building the constructs plus \`app.synth()\` (into a temporary
directory), measured inside the process; **peak memory**
is the whole process's peak resident set size (\`process.resourceUsage().maxRSS\`),
including Node.js, ts-node and loading aws-cdk-lib, which both variants do alike (one
module loads both). Resources per Region stack include the service's own (VPC, ALB,
ECS) and are read from the synthesized templates.

${scaleTable(rows)}

${memoryText(rows)}

## Checks

${checksText(checks)}
${marginalText(rows)}

## Every run

${samplesTable(rows)}

## Machine

${machine.cpu}, ${machine.cores} cores, Node.js ${machine.node}.${runSeconds === undefined ? '' : ` The whole benchmark took ${fmt(runSeconds)} s.`}
${machine.load ? `Load average (1 minute) at the start: ${fmt(machine.load[0], 2)}, at the end: ${fmt(machine.load[1], 2)}. ` : ''}Other work on the machine
inflates wall times unevenly (see the spread of each run's synth time); CPU time (its
median is in the last table) is less affected by it.
`;
}

/** Runs the whole benchmark, writes the document and returns whether every check passed. */
export function main(out: string): boolean {
  const start = Date.now();
  // One discarded run of each variant first: the first processes of a run are slower (cold file cache).
  VARIANTS.forEach(variant => runChild(variant, REGION_COUNTS[0]));
  const plan = runPlan();
  const results: ChildResult[] = [];
  plan.forEach(({ variant, regions }, i) => {
    const result = runChild(variant, regions);
    results.push(result);
    console.log(`[${i + 1}/${plan.length}] ${variant}, ${regions} Regions: ${fmt(result.synthMs)} ms, `
      + `${fmt(result.maxRssKiB / 1024)} MiB, ${result.resourcesPerRegion} resources and ${result.healthChecksPerRegion} health checks per Region`);
  });
  const rows = aggregate(results);
  const runSeconds = (Date.now() - start) / 1000;
  const checks = scaleChecks(rows);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, scaleDocument(rows, thisMachine(), runSeconds));
  console.log(`\n${scaleTable(rows)}\n\n${checksText(checks)}\n${marginalText(rows)}\n\nWritten: ${out}\nBenchmark wall time: ${fmt(runSeconds, 1)} s`);
  return checks.linearityPass && checks.growthPass && checks.quotaPass;
}

if (require.main === module) {
  if (process.argv[2] === '--child') {
    const variant = process.argv[3] as Variant;
    if (!VARIANTS.includes(variant)) {
      throw new Error(`--child: the variant must be one of ${VARIANTS.join(', ')}, got: '${variant}'.`);
    }
    console.log(JSON.stringify(measureOnce(variant, Number(process.argv[4]))));
  } else if (!main(process.argv[2] ?? 'docs/synth-scale.md')) {
    process.exitCode = 1;
  }
}
