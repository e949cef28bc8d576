/**
 * The bad-input catalogue: inputs the simulator's command line and the
 * republisher's handler refuse when they run. Each program throws the
 * refusal: the command's error line (it exited 2) or the handler's error.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Case } from './case';
import { CONFIG_VERSION } from '../../src/model/republisher/config';
import { parseEvent } from '../../src/model/republisher/event';
import { main } from '../../src/simulator/cli';
import { StackTemplate } from '../../src/simulator/dns';
import { cpuAlarm, regionStack, twoGroups, writeAssembly } from '../simulator/templates';

const R1 = 'us-east-1';
const R2 = 'eu-west-1';

/** Two Regions of CPU alarms, as the simulator's own tests write them. */
const twoRegions = (): StackTemplate[] => [regionStack(R1, { alarm: cpuAlarm() }), regionStack(R2, { alarm: cpuAlarm() })];

/** A fresh folder for one case. */
const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-catalogue-'));

/** Runs the command; throws its error line when it refused the input (exit 2), fails otherwise. */
function refuse(...args: string[]): void {
  const lines: string[] = [];
  const code = main(args, line => lines.push(line));
  if (code !== 2) {
    throw new Error(`expected exit code 2, got ${code}: ${lines.join('\n').slice(0, 200)}`);
  }
  throw new Error(lines.join('\n'));
}

/** `simulate` of a scenario file (two user groups, plus `rest`) against `stacks`, optimistic profile. */
function simulate(stacks: StackTemplate[], rest: Record<string, unknown> = {}, ...args: string[]): void {
  const dir = scratch();
  const assembly = writeAssembly(path.join(dir, 'cdk.out'), stacks);
  const file = path.join(dir, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'test', durationMinutes: 40, users: twoGroups(R1, R2), ...rest }));
  refuse('simulate', '--assembly', assembly, '--scenario', file, '--out', path.join(dir, 'out'), '--profile', 'optimistic', ...args);
}

/** The first Region's template resources, to break. */
function breaking(change: (resources: Record<string, any>) => void): StackTemplate[] {
  const stacks = twoRegions();
  change(stacks[0].template.Resources as Record<string, any>);
  return stacks;
}

/** A tick the construct could write (one p99 signal, a mirror, a heartbeat), with `change` applied to its configuration. */
function tickWith(change: (config: Record<string, any>) => void): void {
  const dims = [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: R1 }];
  const config: Record<string, any> = {
    namespace: 'ActiveActiveFailover',
    windowMinutes: 16,
    signals: [{
      metric: { MetricName: 'LatencyP99', Dimensions: dims },
      rule: { threshold: 1, comparison: 'GreaterThanThreshold', datapointsToAlarm: 3, evaluationPeriods: 3, recoveryThreshold: 1, recoveryPeriods: 1, recoverySettleMinutes: 0 },
      valueId: 's0',
      presenceIds: ['s0'],
      queries: [{ Id: 's0', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [] }, Period: 60, Stat: 'p99' } }],
    }],
    mirrors: [],
    switches: [],
    heartbeat: { MetricName: 'RepublisherHeartbeat', Dimensions: [{ Name: 'FunctionName', Value: 'fn' }] },
  };
  change(config);
  parseEvent({ kind: 'tick', version: CONFIG_VERSION, config });
}

export const CASES: Case[] = [
  ['a simulator assembly folder without a manifest', 'AAF-SIM-ASSEMBLY', () => refuse('simulate', '--assembly', scratch(), '--scenario', 'gray-p99'), 'input'],
  ['a simulator manifest that is not JSON', 'AAF-SIM-FILE', () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ "artifacts": ');
    refuse('simulate', '--assembly', dir, '--scenario', 'gray-p99');
  }, 'input'],
  ['a template resource that is null', 'AAF-SIM-TEMPLATE', () => simulate(breaking(r => { r.X = null; })), 'input'],
  ['an alarm evaluating 10⁹ periods in a simulated template', 'AAF-SIM-TEMPLATE-LIMIT', () => simulate(breaking(r => {
    r.Alarm.Properties.EvaluationPeriods = 1_000_000_000;
  })), 'input'],
  ['a simulated calculated health check that contains itself', 'AAF-SIM-DNS-LOOP', () => simulate(breaking(r => {
    r.Check.Properties.HealthCheckConfig = { Type: 'CALCULATED', ChildHealthChecks: [{ Ref: 'Check' }], HealthThreshold: 1 };
  })), 'input'],
  ['--record-name for a name the assembly does not route', 'AAF-SIM-RECORD', () => simulate(twoRegions(), {}, '--record-name', 'www.example.org.'), 'input'],
  ['a scenario event that ends before it starts', 'AAF-SIM-SCENARIO', () => simulate(twoRegions(), {
    events: [{ region: '@1', startMinute: 5, endMinute: 3, condition: {} }],
  }), 'input'],
  ['--scenario naming no built-in scenario and no file', 'AAF-SIM-SCENARIO-NAME', () => refuse('simulate', '--assembly', scratch(), '--scenario', 'gray-p98'), 'input'],
  ['a scenario event in a Region the failover does not have', 'AAF-SIM-SCENARIO-REGION', () => simulate(twoRegions(), {
    events: [{ region: 'ap-south-1', startMinute: 5, endMinute: 10, condition: { cpuPercent: 97 } }],
  }), 'input'],
  ['two evacuations of one Region, by code and by position', 'AAF-SIM-EVACUATION-OVERLAP', () => simulate(twoRegions(), {
    evacuations: [{ region: R2, startMinute: 5 }, { region: '@2', startMinute: 30 }],
  }), 'input'],
  ['a scenario evacuation of @9 in a two-Region failover', 'AAF-SIM-SCENARIO-REGION', () => simulate(twoRegions(), {
    evacuations: [{ region: '@9', startMinute: 1, endMinute: 30 }],
  }), 'input'],
  ['a scenario event on @3 in a two-Region failover', 'AAF-SIM-SCENARIO-REGION', () => simulate(twoRegions(), {
    events: [{ region: '@3', startMinute: 5, endMinute: 10, condition: { cpuPercent: 97 } }],
  }), 'input'],
  ['a scenario republisher fault on @3 in a two-Region failover', 'AAF-SIM-SCENARIO-REGION', () => simulate(twoRegions(), {
    republisherFaults: [{ region: '@3', startMinute: 5, endMinute: 10, fault: 'failing' }],
  }), 'input'],
  ['users keying a latency by @1', 'AAF-SIM-USERS', () => simulate(twoRegions(), {
    users: [{ name: 'near-1', users: 10, latencyMs: { [R1]: 10, [R2]: 90, '@1': 10 } }],
  }), 'input'],
  ['users with no latency to one of the Regions', 'AAF-SIM-USERS', () => simulate(twoRegions(), {
    users: [{ name: 'near-1', users: 10, latencyMs: { [R1]: 10 } }],
  }), 'input'],
  ['--assume of a billion extra range periods', 'AAF-SIM-ASSUMPTION', () => refuse('simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--assume', 'extraRangePeriods=1000000000'), 'input'],
  ['--seed of 1.5', 'AAF-SIM-ASSUMPTION', () => refuse('simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--seed', '1.5'), 'input'],
  ['an unknown simulator option', 'AAF-SIM-OPTION', () => refuse('simulate', '--fast'), 'input'],
  ['--out naming a file', 'AAF-SIM-OUT', () => {
    const file = path.join(scratch(), 'taken');
    fs.writeFileSync(file, '');
    simulate(twoRegions(), {}, '--out', file);
  }, 'input'],
  ['an empty event given to the republisher', 'AAF-REPUBLISHER-EVENT', () => { parseEvent({}); }, 'input'],
  ['a raw EventBridge Scheduled Event given to the republisher', 'AAF-REPUBLISHER-EVENT', () => {
    parseEvent({ 'version': '0', 'id': 'x', 'detail-type': 'Scheduled Event', 'source': 'aws.events', 'time': '2026-11-30T00:00:00Z', 'region': R1, 'resources': [], 'detail': {} });
  }, 'input'],
  ['a republisher configuration publishing to the reserved namespace AWS/Failover', 'AAF-REPUBLISHER-EVENT', () => tickWith(c => { c.namespace = 'AWS/Failover'; }), 'input'],
  ['a republished metric with 31 dimensions', 'AAF-REPUBLISHER-EVENT', () => tickWith(c => {
    c.signals[0].metric.Dimensions = Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' }));
  }), 'input'],
  ['a republisher dimension value of 1025 characters', 'AAF-REPUBLISHER-EVENT', () => tickWith(c => { c.heartbeat.Dimensions[0].Value = 'v'.repeat(1025); }), 'input'],
  ['a republisher dimension name of 256 characters', 'AAF-REPUBLISHER-EVENT', () => tickWith(c => { c.heartbeat.Dimensions[0].Name = 'n'.repeat(256); }), 'input'],
  ['501 GetMetricData queries in one republisher configuration', 'AAF-REPUBLISHER-EVENT', () => tickWith(c => {
    c.signals[0].queries = Array.from({ length: 501 }, (_, i) => ({ ...c.signals[0].queries[0], Id: `s${i}` }));
  }), 'input'],
  ['a republisher MetricStat period of 90 seconds', 'AAF-REPUBLISHER-EVENT', () => tickWith(c => { c.signals[0].queries[0].MetricStat.Period = 90; }), 'input'],
  ['a republisher MetricStat statistic p101', 'AAF-REPUBLISHER-EVENT', () => tickWith(c => { c.signals[0].queries[0].MetricStat.Stat = 'p101'; }), 'input'],
];
