/**
 * Simulator memory benchmark: a day (1,440 minutes) of 30,000 user groups
 * against three Regions, next to a small baseline run (100 groups, the same
 * day) in the same process. The simulator must not keep anything per group
 * and minute: its memory grows with the groups (their latencies and pooled
 * connections) and with the minutes (the timeline, per Region), not with
 * their product.
 *
 * Usage: npx ts-node --project tsconfig.dev.json bench/simulator-memory.ts [groups] [minutes]
 * Prints, for each run, its wall time, the process's peak RSS so far and the
 * heap in use after it (the result still held), then the ratios of the large
 * run to the baseline; exits with 1 when the peak RSS reaches 1 GB.
 * (Run with `node --expose-gc` for heap figures after a collection.)
 */
import { performance } from 'perf_hooks';
import { checkScenario, readTopology, simulate, SimulationResult } from '../src/simulator';
import { StackTemplate } from '../src/simulator/dns';

const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];
const NAME = 'api.example.com.';
const LIMIT_BYTES = 1024 ** 3;

/** One Region: a load balancer, a target group, a latency alias record with a health check on ECS CPU, and an HTTP probe. */
function regionStack(region: string): StackTemplate {
  return {
    stackName: `Service-${region}`,
    region,
    template: {
      Resources: {
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
        Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { HealthCheckIntervalSeconds: 30 } },
        Alarm: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmName: `cpu-${region}`,
            Namespace: 'AWS/ECS',
            MetricName: 'CPUUtilization',
            Statistic: 'Average',
            Period: 60,
            EvaluationPeriods: 3,
            DatapointsToAlarm: 3,
            Threshold: 90,
            ComparisonOperator: 'GreaterThanThreshold',
          },
        },
        Check: {
          Type: 'AWS::Route53::HealthCheck',
          Properties: { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: { Ref: 'Alarm' }, Region: region } } },
        },
        Probe: {
          Type: 'AWS::Route53::HealthCheck',
          Properties: { HealthCheckConfig: { Type: 'HTTP', FullyQualifiedDomainName: { 'Fn::GetAtt': ['Lb', 'DNSName'] }, Port: 80 } },
        },
        Record: {
          Type: 'AWS::Route53::RecordSet',
          Properties: {
            Name: NAME,
            Type: 'A',
            Region: region,
            SetIdentifier: region,
            HealthCheckId: { Ref: 'Check' },
            AliasTarget: { DNSName: { 'Fn::GetAtt': ['Lb', 'DNSName'] }, EvaluateTargetHealth: true },
          },
        },
      },
    },
  };
}

/** `groups` user groups spread over the three Regions, each with its own latencies; a CPU incident in the first Region, repeated. */
function run(groups: number, minutes: number): { result: SimulationResult; ms: number } {
  const users = Array.from({ length: groups }, (_, i) => ({
    name: `g${i}`,
    users: 1 + (i % 7),
    latencyMs: Object.fromEntries(REGIONS.map((r, j) => [r, 10 + ((i * 31 + j * 57) % 200)])),
  }));
  const events = [];
  for (let start = 10; start + 40 < minutes; start += 120) {
    events.push({ region: '@1', startMinute: start, endMinute: start + 40, condition: { cpuPercent: 97 } });
  }
  const scenario = checkScenario({ name: 'memory', durationMinutes: minutes, events, users }, 'bench');
  const start = performance.now();
  const result = simulate(readTopology(REGIONS.map(regionStack)), scenario);
  return { result, ms: performance.now() - start };
}

function measure(label: string, groups: number, minutes: number) {
  const { result, ms } = run(groups, minutes);
  (global as any).gc?.();
  const heap = process.memoryUsage().heapUsed;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  console.log(`${label.padEnd(9)} ${String(groups).padStart(6)} groups x ${minutes} minutes: ${(ms / 1000).toFixed(1)} s, `
    + `peak RSS ${mb(peakRss)}, heap after ${mb(heap)} (timeline ${result.timeline.length} minutes, moved after ${result.summary.dnsMovedMinutes} min)`);
  return { heap, peakRss, result };
}

const groups = Number(process.argv[2] ?? 30_000);
const minutes = Number(process.argv[3] ?? 1_440);
const baseline = measure('baseline', 100, minutes);
const large = measure('large', groups, minutes);
console.log(`ratio large / baseline: peak RSS ${(large.peakRss / baseline.peakRss).toFixed(2)}, heap after ${(large.heap / baseline.heap).toFixed(2)}`);
if (large.peakRss >= LIMIT_BYTES) {
  console.log(`FAIL: peak RSS ${(large.peakRss / 1024 ** 3).toFixed(2)} GB reaches the limit of 1 GB.`);
  process.exitCode = 1;
}
