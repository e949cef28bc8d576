/**
 * Failover benchmark: the same three-Region service under three Route 53
 * configurations, each replayed against every built-in scenario under both
 * profiles of the simulator's assumptions (the documented one over seeds 1
 * to 20), plus configuration (c) with four client keep-alives.
 *
 *   (a) the article's Terraform setup in CDK: latency alias records with
 *       EvaluateTargetHealth, one average-latency alarm per Region;
 *   (b) a Route 53 HTTP endpoint health check per Region;
 *   (c) this library's defaults with the article's four signals.
 *
 * Usage: ts-node --project tsconfig.dev.json bench/failover.ts [docs/failover-benchmark.md | --document]
 * Prints the tables and writes them, with the assumptions, as markdown to the
 * file given; with --document, prints the markdown document only (the test
 * that checks the committed file runs it so, in a process of its own).
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
  BUILT_IN_SCENARIOS, checkAssumptions, PROFILES, readAssembly, readTopology, simulate, SimulationProfile, SimulationSummary, Topology, usesSeed,
} from '../src/simulator';

const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];
const ZONE = { hostedZoneId: 'Z0EXAMPLE0000000000', zoneName: 'example.com' };
const ACCOUNT = '111111111111';

/** The service of one Region: an ALB in front of two Fargate tasks (client keep-alive: the ALB's default unless given). */
function service(app: App, region: string, keepAliveSeconds?: number) {
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
  if (keepAliveSeconds !== undefined) {
    api.loadBalancer.setAttribute('client_keep_alive.seconds', String(keepAliveSeconds));
  }
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
  libraryDefaults('c', '(c) this library, defaults, the article\'s four signals'),
];

/** Configuration (c), its load balancers' client keep-alive set to `keepAliveSeconds` (the ALB's default 3,600 s when absent). */
function libraryDefaults(id: string, title: string, keepAliveSeconds?: number): Configuration {
  return {
    id,
    title,
    build: app => {
      const failover = new ActiveActiveFailover(app, 'Api', { ...ZONE, recordName: 'api' });
      for (const region of REGIONS) {
        const { stack, loadBalancer, service: ecsService } = service(app, region, keepAliveSeconds);
        failover.addRegion(stack, 'Failover', { loadBalancer, signals: articleSignals(ecsService) });
      }
    },
  };
}

/** The client keep-alives (seconds) configuration (c) is also measured with. */
export const KEEP_ALIVES = [60, 120, 240, 3600];

/** The load balancer's default client keep-alive: configuration (c) itself. */
const DEFAULT_KEEP_ALIVE = 3600;

/** Configuration (c) with each other client keep-alive. */
export const KEEP_ALIVE_CONFIGURATIONS: Configuration[] = KEEP_ALIVES.filter(k => k !== DEFAULT_KEEP_ALIVE)
  .map(k => libraryDefaults(`c ${k} s`, `(c) with a client keep-alive of ${k} s`, k));

/** The scenarios the keep-alive table replays: those in which users should leave a Region. */
export const KEEP_ALIVE_SCENARIOS = ['gray-cpu', 'gray-5xx', 'gray-connection-errors', 'gray-p99', 'hard-outage', 'evacuation-drill'];

/** The seeds of the documented profile: 1 to this. */
export const SEEDS = 20;

/** All requests (pooled connections included) should have moved within this many minutes with a recommended keep-alive. */
export const ALL_REQUESTS_TARGET_MINUTES = 12;

/** One cell of the benchmark: a scenario, a configuration and a profile, over every seed. */
export interface BenchmarkRow {
  readonly scenario: string;
  readonly configuration: string;
  readonly profile: SimulationProfile;
  /** One summary per seed; a single one when the profile draws nothing at random (every seed gives the same run). */
  readonly summaries: SimulationSummary[];
}

/** What to run. */
export interface BenchmarkOptions {
  readonly configurations?: readonly Configuration[];
  readonly profiles?: readonly SimulationProfile[];
  /** Seeds 1 to this (default SEEDS). */
  readonly seeds?: number;
  /** Scenario names (default: every built-in scenario). */
  readonly scenarios?: readonly string[];
}

/** Synthesizes each configuration and replays the scenarios against it under each profile and seed. */
export function runFailoverBenchmark(options: BenchmarkOptions = {}): BenchmarkRow[] {
  const rows: BenchmarkRow[] = [];
  const scenarios = options.scenarios ?? Object.keys(BUILT_IN_SCENARIOS);
  for (const [configuration, topology] of synthesize(options.configurations ?? CONFIGURATIONS)) {
    for (const profile of options.profiles ?? PROFILES) {
      const seeds = usesSeed(checkAssumptions({}, profile)) ? options.seeds ?? SEEDS : 1;
      for (const name of scenarios) {
        const summaries = Array.from({ length: seeds }, (_, i) => simulate(topology, BUILT_IN_SCENARIOS[name], { profile, seed: i + 1 }).summary);
        rows.push({ scenario: name, configuration: configuration.id, profile, summaries });
      }
    }
  }
  return rows;
}

/** Each configuration's templates, read. */
function synthesize(configurations: readonly Configuration[]): [Configuration, Topology][] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-bench-'));
  try {
    return configurations.map(configuration => {
      const app = new App({ outdir: path.join(dir, configuration.id.replace(/\W+/g, '-')) });
      configuration.build(app);
      return [configuration, readTopology(readAssembly(app.synth().directory))];
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The worst (largest) and the median (the lower middle) of per-seed values; undefined stands for "never" and is the worst. */
function spread(values: (number | undefined)[]): { worst?: number; median?: number } {
  const sorted = values.map(v => v ?? Infinity).sort((a, b) => a - b);
  const pick = (v: number) => (v === Infinity ? undefined : v);
  return { worst: pick(sorted[sorted.length - 1]), median: pick(sorted[Math.floor((sorted.length - 1) / 2)]) };
}

const number = (n: number) => Math.round(n).toLocaleString('en-US');
const minutes = (n: number | undefined) => (n === undefined ? 'never' : `${n} min`);

/** A cell: the value, or the worst with the median in brackets when the seeds differ. */
function cell(values: (number | undefined)[], format: (n: number | undefined) => string): string {
  const { worst, median } = spread(values);
  return format(worst) === format(median) ? format(worst) : `${format(worst)} (${format(median)})`;
}

/** The figures of a row, by column. */
function figures(summaries: SimulationSummary[]) {
  const affected = summaries[0].affected.length > 0;
  const moved = affected ? summaries.filter(s => s.firstMoveMinutes !== undefined) : [];
  const per = <T>(f: (s: SimulationSummary) => T) => summaries.map(f);
  return {
    dns: affected ? cell(per(s => s.dnsMovedMinutes), minutes) : '-',
    all: affected ? cell(per(s => s.allRequestsMovedMinutes), minutes) : '-',
    // Back: over the seeds in which users left at all.
    back: moved.length > 0 ? cell(moved.map(s => s.recoveryMinutes), minutes) : '-',
    transitions: cell(per(s => Math.max(0, ...s.affected.map(a => a.unhealthyTransitions))), n => String(n)),
    flaps: cell(per(s => s.flaps), n => String(n)),
    falseFailovers: cell(per(s => s.falseFailovers), n => String(n)),
    degraded: summaries[0].degradedUserMinutesWithoutFailover === 0 ? '0'
      : `${cell(per(s => s.degradedUserMinutes), n => (n === undefined ? '-' : number(n)))} of ${number(summaries[0].degradedUserMinutesWithoutFailover)}`,
  };
}

/** The rows as a markdown table. */
export function benchmarkTable(rows: BenchmarkRow[]): string {
  const lines = [
    '| scenario | config | DNS moved | all requests moved | back after the end | unhealthy transitions | flaps | false failovers | degraded user-minutes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const f = figures(r.summaries);
    lines.push(`| ${r.scenario} | ${r.configuration} | ${f.dns} | ${f.all} | ${f.back} | ${f.transitions} | ${f.flaps} | ${f.falseFailovers} | ${f.degraded} |`);
  }
  return lines.join('\n');
}

/** The keep-alive rows as a markdown table. */
export function keepAliveTable(rows: BenchmarkRow[]): string {
  const lines = [
    '| keep-alive | scenario | DNS moved | all requests moved | back after the end | flaps | degraded user-minutes |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const f = figures(r.summaries);
    lines.push(`| ${r.configuration.replace(/^c /, '')} | ${r.scenario} | ${f.dns} | ${f.all} | ${f.back} | ${f.flaps} | ${f.degraded} |`);
  }
  return lines.join('\n');
}

/** The longest keep-alive whose worst "all requests moved" is within the target in every incident (not the drill); undefined: none. */
export function recommendedKeepAlive(rows: BenchmarkRow[]): number | undefined {
  const ok = (k: number) => {
    const incidents = rows.filter(r => r.configuration === `c ${k} s` && r.scenario !== 'evacuation-drill');
    return incidents.length > 0
      && incidents.every(r => (spread(r.summaries.map(s => s.allRequestsMovedMinutes)).worst ?? Infinity) <= ALL_REQUESTS_TARGET_MINUTES);
  };
  return [...KEEP_ALIVES].reverse().find(ok);
}

/** Everything the document shows. */
export interface BenchmarkResults {
  /** Every configuration, scenario and profile. */
  readonly rows: BenchmarkRow[];
  /** Configuration (c) with each keep-alive, documented profile. */
  readonly keepAlive: BenchmarkRow[];
}

/** Runs the whole benchmark: every row of the document. */
export function runAll(seeds = SEEDS): BenchmarkResults {
  const rows = runFailoverBenchmark({ seeds });
  // The default keep-alive is configuration (c) itself: its rows are reused.
  const byDefault = rows.filter(r => r.configuration === 'c' && r.profile === 'documented' && KEEP_ALIVE_SCENARIOS.includes(r.scenario))
    .map(r => ({ ...r, configuration: `c ${DEFAULT_KEEP_ALIVE} s` }));
  const others = runFailoverBenchmark({ configurations: KEEP_ALIVE_CONFIGURATIONS, profiles: ['documented'], scenarios: KEEP_ALIVE_SCENARIOS, seeds });
  return { rows, keepAlive: [...others, ...byDefault] };
}

/** A profile's assumptions in one sentence. */
function profileText(profile: SimulationProfile): string {
  const a = checkAssumptions({}, profile);
  const late = a.lateDatapointPercent > 0 ? `, ${a.lateDatapointPercent} % of them a minute later` : ', none later';
  const partial = a.partialFirstReads > 0 ? `; a load balancer minute read first shows 1 to ${a.albNodes} of its nodes, all of them a minute later`
    : '; first reads show the whole minute';
  const pooled = a.pooledTrafficPercent > 0 ? `${a.pooledTrafficPercent} % of users' requests on pooled connections` : 'no pooled connection';
  return `ALB and ECS minutes readable ${a.awsMetricDelayMinutes} minutes after they start${late}${partial}; custom metrics `
    + `${a.customMetricDelayMinutes} minute after publication; Route 53 looks back EvaluationPeriods + ${a.extraRangePeriods} periods and `
    + `acts ${a.route53DelayMinutes} minute after the data; clients keep an answer ${a.dnsTtlMinutes * 60} s; ${pooled}.`;
}

/** `text` in lines of at most `width` characters, the lines after the first indented by `indent`. */
function wrap(text: string, indent: string, width = 88): string {
  const lines = [''];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last.trim() !== '' && last.length + 1 + word.length > width) {
      lines.push(`${indent}${word}`);
    } else {
      lines[lines.length - 1] = last.trim() === '' ? `${last}${word}` : `${last} ${word}`;
    }
  }
  return lines.join('\n');
}

/** The whole markdown document. */
export function benchmarkDocument({ rows, keepAlive }: BenchmarkResults): string {
  const seeds = Math.max(...rows.map(r => r.summaries.length));
  const recommended = recommendedKeepAlive(keepAlive);
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
minute 10 to minute 50. Times count from the start of the incident (or the evacuation),
and from its end for "back".

- **DNS moved**: until DNS sent none of the Region's users there any more (the answers
  changed, plus the 60 s TTL).
- **all requests moved**: until the Region served no request at all, those on pooled
  connections included (they leave only when the load balancer closes their connection:
  its client keep-alive, 3,600 s unless set).
- **back after the end**: from the end until DNS sent the Region its share of users again
  (over the seeds in which users left).
- **unhealthy transitions**: the most in one incident (1: the Region left DNS once);
  **flaps**: the transitions after the first of each incident, summed; **false
  failovers**: transitions with no degradation or evacuation of the Region in the 15
  minutes before.
- **degraded user-minutes**: users served by a degraded Region, summed over the minutes,
  of how many without any failover.

"never": not within the run; "-": no Region was degraded or evacuated.

## Profiles

The simulator's undocumented assumptions come in two profiles (each assumption, its
bounds and its sources: [the simulator](simulator.md#assumptions)):

${wrap(`- **optimistic**: ${profileText('optimistic')} Nothing is drawn at random: one run per cell.`, '  ')}
${wrap(`- **documented** (the simulator's default): ${profileText('documented')} Late and partial data are drawn from a seed: each `
    + `cell is the worst of seeds 1 to ${seeds}, with the median in brackets when they differ.`, '  ')}

## Optimistic profile

${benchmarkTable(rows.filter(r => r.profile === 'optimistic'))}

## Documented profile

${benchmarkTable(rows.filter(r => r.profile === 'documented'))}

## Pooled connections (documented profile, configuration (c))

Requests on pooled connections stay on the Region they connected to until the load
balancer closes the connection (attribute \`client_keep_alive.seconds\`, 60 to 604,800 s,
default 3,600 s); connection ages are spread evenly, so they leave over one keep-alive
after DNS moves. The same scenarios, configuration (c) with each keep-alive:

${keepAliveTable(keepAlive)}

${wrap(recommended === undefined
  ? `None of these keep-alives moves all requests within ${ALL_REQUESTS_TARGET_MINUTES} minutes in every incident (worst of ${seeds} seeds).`
  : `The longest of these keep-alives that moves all requests within ${ALL_REQUESTS_TARGET_MINUTES} minutes in every incident (worst of ${seeds} `
      + `seeds, the drill aside): **${recommended} s**.`, '')}
`;
}

if (require.main === module && process.argv[2] === '--document') {
  process.stdout.write(benchmarkDocument(runAll()));
} else if (require.main === module) {
  const start = Date.now();
  const results = runAll();
  console.log(benchmarkTable(results.rows));
  console.log(`\n${keepAliveTable(results.keepAlive)}`);
  const out = process.argv[2];
  if (out) {
    fs.writeFileSync(out, benchmarkDocument(results));
    console.log(`\nWritten: ${out}`);
  }
  console.log(`Benchmark wall time: ${((Date.now() - start) / 1000).toFixed(1)} s`);
}
