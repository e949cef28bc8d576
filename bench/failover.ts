/**
 * Failover benchmark: the same three-Region service under three Route 53
 * configurations, each replayed against every built-in scenario.
 *
 *   (a) the article's Terraform setup in CDK: latency alias records with
 *       EvaluateTargetHealth, one average-latency alarm per Region;
 *   (b) a Route 53 HTTP endpoint health check per Region;
 *   (c) this library's defaults with the article's four signals.
 *
 * Usage: ts-node --project tsconfig.dev.json bench/failover.ts [docs/failover-benchmark.md]
 * Prints the table and writes it, with the assumptions, as markdown.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { articleSignals } from '../examples/app';
import { ActiveActiveFailover } from '../src';
import {
  BUILT_IN_SCENARIOS, DEFAULT_ASSUMPTIONS, minutesText, readAssembly, readTopology, simulate, SimulationAssumptions, SimulationSummary,
} from '../src/simulator';

const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];
const ZONE = { hostedZoneId: 'Z0EXAMPLE0000000000', zoneName: 'example.com' };
const ACCOUNT = '111111111111';

/** The service of one Region: an ALB in front of two Fargate tasks. */
function service(app: App, region: string) {
  const stack = new Stack(app, `Service-${region}`, { env: { account: ACCOUNT, region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: [`${region}a`, `${region}b`],
    natGateways: 0,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
  });
  const api = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Service', {
    cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
    desiredCount: 2,
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') },
    taskSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    assignPublicIp: true,
  });
  return { stack, loadBalancer: api.loadBalancer, service: api.service };
}

function latencyRecord(stack: Stack, region: string, loadBalancer: elbv2.IApplicationLoadBalancer, healthCheck: route53.IHealthCheck) {
  new route53.ARecord(stack, 'Latency', {
    zone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', ZONE),
    recordName: 'api',
    region,
    setIdentifier: `api-${region}`,
    target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer, { evaluateTargetHealth: true })),
    healthCheck,
  });
}

/** A configuration: a name and how it builds the app. */
interface Configuration {
  readonly id: string;
  readonly title: string;
  readonly build: (app: App) => void;
}

export const CONFIGURATIONS: Configuration[] = [
  {
    id: 'a',
    title: '(a) article: latency alias + EvaluateTargetHealth + average-latency alarm',
    build: app => {
      for (const region of REGIONS) {
        const { stack, loadBalancer } = service(app, region);
        const alarm = new cloudwatch.Alarm(stack, 'HighLatency', {
          alarmName: `api-${region}-high-latency`,
          metric: loadBalancer.metrics.targetResponseTime({ period: Duration.minutes(1), statistic: 'Average' }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
        });
        const healthCheck = new route53.HealthCheck(stack, 'HealthCheck', {
          type: route53.HealthCheckType.CLOUDWATCH_METRIC,
          alarmIdentifier: { name: alarm.alarmName, region },
          insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.HEALTHY,
        });
        latencyRecord(stack, region, loadBalancer, healthCheck);
      }
    },
  },
  {
    id: 'b',
    title: '(b) HTTP endpoint health check per Region + EvaluateTargetHealth',
    build: app => {
      for (const region of REGIONS) {
        const { stack, loadBalancer } = service(app, region);
        const healthCheck = new route53.HealthCheck(stack, 'HealthCheck', {
          type: route53.HealthCheckType.HTTP,
          fqdn: loadBalancer.loadBalancerDnsName,
          port: 80,
          resourcePath: '/',
          requestInterval: Duration.seconds(30),
          failureThreshold: 3,
        });
        latencyRecord(stack, region, loadBalancer, healthCheck);
      }
    },
  },
  {
    id: 'c',
    title: '(c) this library, defaults, the article\'s four signals',
    build: app => {
      const failover = new ActiveActiveFailover(app, 'Api', { ...ZONE, recordName: 'api' });
      for (const region of REGIONS) {
        const { stack, loadBalancer, service: ecsService } = service(app, region);
        failover.addRegion(stack, 'Failover', { loadBalancer, signals: articleSignals(ecsService) });
      }
    },
  },
];

/** One cell of the benchmark. */
export interface BenchmarkRow {
  readonly scenario: string;
  readonly configuration: string;
  readonly summary: SimulationSummary;
}

/** Synthesizes each configuration and replays every built-in scenario against it. */
export function runFailoverBenchmark(assumptions: Partial<SimulationAssumptions> = {}, configurations = CONFIGURATIONS): BenchmarkRow[] {
  const rows: BenchmarkRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-bench-'));
  try {
    for (const configuration of configurations) {
      const app = new App({ outdir: path.join(dir, configuration.id) });
      configuration.build(app);
      const topology = readTopology(readAssembly(app.synth().directory));
      for (const scenario of Object.values(BUILT_IN_SCENARIOS)) {
        rows.push({ scenario: scenario.name, configuration: configuration.id, summary: simulate(topology, scenario, { assumptions }).summary });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The rows as a markdown table. */
export function benchmarkTable(rows: BenchmarkRow[]): string {
  const lines = [
    '| scenario | config | first users moved | all users moved | back after the end | degraded user-minutes (without failover) | flaps | false failovers |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const s = r.summary;
    const affected = s.affected.length > 0;
    const degraded = s.degradedUserMinutesWithoutFailover === 0 ? '0'
      : `${s.degradedUserMinutes.toLocaleString('en-US')} (${s.degradedUserMinutesWithoutFailover.toLocaleString('en-US')})`;
    lines.push(`| ${r.scenario} | ${r.configuration} | ${affected ? minutesText(s.firstMoveMinutes) : '-'} | `
      + `${affected ? minutesText(s.allMovedMinutes) : '-'} | ${affected && s.firstMoveMinutes !== undefined ? minutesText(s.recoveryMinutes) : '-'} | `
      + `${degraded} | ${s.flaps} | ${s.falseFailovers} |`);
  }
  return lines.join('\n');
}

/** The whole markdown document. */
export function benchmarkDocument(rows: BenchmarkRow[], pessimistic: BenchmarkRow[]): string {
  const a = DEFAULT_ASSUMPTIONS;
  return `# Failover benchmark

Generated by \`npx projen bench:failover\` (\`bench/failover.ts\`); a test fails when this
file differs from what the benchmark prints. The same three-Region service
(${REGIONS.join(', ')}; an ALB in front of two Fargate tasks each) under three configurations:

${CONFIGURATIONS.map(c => `- ${c.title}`).join('\n')}

(a) alarms on the average \`TargetResponseTime\` above 1 s for 3 minutes, the
article's health check with \`InsufficientDataHealthStatus: Healthy\`. (c) uses p99 above
1 s, 5xx above 5 %, target connection errors above 5 % and ECS CPU above 90 %, every
other option at its default (republish strategy, evacuation switch and probe on).

Each built-in scenario (see [the simulator](simulator.md)) lasts 70 minutes; incidents
hit the first Region (${REGIONS[0]}, 42 % of the default world's 1,000 users) from
minute 10 to minute 50. Times count from the start of the incident (or the evacuation)
and from its end for "back". "never" means users were not moved (or did not come back)
within the run; "-" means no Region was degraded. Degraded user-minutes sum the users
served by a degraded Region over the run, and in brackets the same without any failover.

Assumptions (not optimistic; each is an option of the simulator): a minute of ALB or
ECS metrics can be read ${a.awsMetricDelayMinutes} minutes after the minute starts, a
custom metric ${a.customMetricDelayMinutes} minute after it is published, Route 53 acts
${a.route53DelayMinutes} minute after the data, clients keep an answer ${a.dnsTtlMinutes * 60} s (the alias TTL).

${benchmarkTable(rows)}

## With one more minute of ALB delay

The same for (c) when a minute of ALB metrics can be read only 3 minutes after it
starts (every republished signal and the CPU signal then take one minute longer; the
republisher's backfill publishes the late minutes):

${benchmarkTable(pessimistic)}
`;
}

if (require.main === module) {
  const start = Date.now();
  const rows = runFailoverBenchmark();
  const pessimistic = runFailoverBenchmark({ awsMetricDelayMinutes: 3 }, CONFIGURATIONS.filter(c => c.id === 'c'));
  const doc = benchmarkDocument(rows, pessimistic);
  console.log(benchmarkTable(rows));
  console.log(`\n(c) with ALB data readable after 3 minutes:\n${benchmarkTable(pessimistic)}`);
  const out = process.argv[2];
  if (out) {
    fs.writeFileSync(out, doc);
    console.log(`\nWritten: ${out}`);
  }
  console.log(`Benchmark wall time: ${((Date.now() - start) / 1000).toFixed(1)} s`);
}
