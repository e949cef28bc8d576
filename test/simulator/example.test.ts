import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchmarkDocument, CONFIGURATIONS, runFailoverBenchmark } from '../../bench/failover';
import { buildExampleApp } from '../../examples/app';
import { BUILT_IN_SCENARIOS, readAssembly, readTopology, simulate, SimulationResult, Topology } from '../../src/simulator';
import { main } from '../../src/simulator/cli';

let dir: string;
let topology: Topology;
const results: Record<string, SimulationResult> = {};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-sim-'));
  buildExampleApp(path.join(dir, 'cdk.out')).synth();
  topology = readTopology(readAssembly(path.join(dir, 'cdk.out')));
  for (const name of Object.keys(BUILT_IN_SCENARIOS)) {
    results[name] = simulate(topology, BUILT_IN_SCENARIOS[name]);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the example app (this library\'s defaults, the article\'s four signals) meets its targets', () => {
  test.each(['gray-cpu', 'gray-5xx', 'gray-connection-errors', 'gray-p99'])('%s moves every user out within 7 minutes, without flapping', name => {
    const { summary } = results[name];
    expect(summary.allMovedMinutes).toBeLessThanOrEqual(7);
    expect(summary.affected).toEqual([expect.objectContaining({ region: 'us-east-1', unhealthyTransitions: 1 })]);
    expect(summary.flaps).toBe(0);
    expect(summary.falseFailovers).toBe(0);
    // Users come back once the incident is over.
    expect(summary.recoveryMinutes).toBeLessThanOrEqual(7);
  });

  test('a hard outage moves every user out within 3 minutes', () => {
    expect(results['hard-outage'].summary).toMatchObject({ allMovedMinutes: 3, flaps: 0, falseFailovers: 0 });
  });

  test('the noisy day moves nobody', () => {
    const { summary, timeline } = results['noisy-day'];
    expect(summary).toMatchObject({ falseFailovers: 0, flaps: 0, failOpenMinutes: 0 });
    expect(timeline.every(m => m.regions.every(r => r.healthy))).toBe(true);
    expect(timeline.some(m => m.regions.some(r => r.noise))).toBe(true);
  });

  test('all Regions degraded: each leaves DNS once, then fail-open keeps users where they are', () => {
    const { summary, timeline } = results['all-degraded'];
    expect(summary.affected.map(a => a.unhealthyTransitions)).toEqual([1, 1, 1]);
    expect(summary.failOpenMinutes).toBeGreaterThan(30);
    expect(timeline[30].failOpen).toBe(true);
    expect(timeline.every(m => m.regions.every((r, i) => r.share === timeline[0].regions[i].share))).toBe(true);
  });

  test('the evacuation drill moves users within 3 minutes and back within 3 minutes of the restore', () => {
    expect(results['evacuation-drill'].summary).toMatchObject({ allMovedMinutes: 3, recoveryMinutes: 3, flaps: 0, falseFailovers: 0 });
  });

  test('a drained Region keeps receiving probe traffic, so its signals keep their data', () => {
    const minute = results['gray-p99'].timeline[30].regions[0];
    expect(minute).toMatchObject({ users: 0, healthy: false, probeRequests: 32 });
  });

  test('every alarm behind a health check is modelled: no warning', () => {
    for (const result of Object.values(results)) {
      expect(result.warnings).toEqual([]);
    }
  });
});

describe('the command line', () => {
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);
  beforeEach(() => lines.splice(0));

  test('simulate prints the timeline and the summary, and writes text, SVG and JSON', () => {
    const out = path.join(dir, 'simulation');
    expect(main(['simulate', '--assembly', path.join(dir, 'cdk.out'), '--scenario', 'gray-p99', '--out', out], print)).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/^minute {2}us-east-1/);
    expect(text).toContain('us-east-1 (incident, minutes 10-50, 42% of users): first users moved after 7 min, all after 7 min, back 5 min after the end; 1 unhealthy transition.');
    expect(text).toContain('Flaps: 0. False failovers: 0. Fail-open minutes: 0.');
    const svg = fs.readFileSync(path.join(out, 'gray-p99.svg'), 'utf-8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain('incident in us-east-1');
    expect(fs.readFileSync(path.join(out, 'gray-p99.txt'), 'utf-8').split('\n').length).toBeGreaterThan(70);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'gray-p99.json'), 'utf-8')).summary.allMovedMinutes).toBe(7);
  });

  test('a scenario file, a record name and assumptions can be given; --summary-only leaves the timeline out', () => {
    const file = path.join(dir, 'slow.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'slow', events: [{ region: 'eu-central-1', startMinute: 5, endMinute: 40, condition: { cpuPercent: 99 } }] }));
    const code = main(['simulate', '--assembly', path.join(dir, 'cdk.out'), '--scenario', file, '--out', path.join(dir, 'o'),
      '--record-name', 'api.example.com', '--assume', 'awsMetricDelayMinutes=3', '--assume', 'route53DelayMinutes=1', '--summary-only'], print);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^Scenario 'slow'/);
    expect(lines.join('\n')).toContain('eu-central-1 (incident, minutes 5-40, 40% of users): first users moved after 7 min');
  });

  test.each(Object.keys(BUILT_IN_SCENARIOS))('simulate runs the built-in scenario %s on the example app', name => {
    expect(main(['simulate', '--assembly', path.join(dir, 'cdk.out'), '--scenario', name, '--out', path.join(dir, 'all'), '--summary-only'], print)).toBe(0);
    expect(lines[0].split('\n')[0]).toBe(`Scenario '${name}': ${BUILT_IN_SCENARIOS[name].description}`);
    expect(fs.existsSync(path.join(dir, 'all', `${name}.svg`))).toBe(true);
  });

  test('fails if a scenario file is invalid, naming the file and the property', () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'bad', events: [{ region: '@1', startMinute: 5, endMinute: 3, condition: {} }] }));
    expect(main(['simulate', '--assembly', path.join(dir, 'cdk.out'), '--scenario', file], print)).toBe(1);
    expect(lines).toEqual([`error: ${file}: 'events[0].endMinute' must be a whole number from 6 to 70, got: 3.`]);
  });
});

describe('the failover benchmark', () => {
  test('docs/failover-benchmark.md is what the benchmark prints (run `npx projen bench:failover` after a change)', () => {
    const rows = runFailoverBenchmark();
    const pessimistic = runFailoverBenchmark({ awsMetricDelayMinutes: 3 }, CONFIGURATIONS.filter(c => c.id === 'c'));
    expect(rows).toHaveLength(3 * Object.keys(BUILT_IN_SCENARIOS).length);
    const committed = fs.readFileSync(path.join(__dirname, '../../docs/failover-benchmark.md'), 'utf-8');
    expect(committed).toBe(benchmarkDocument(rows, pessimistic));
  });
});
