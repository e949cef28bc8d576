import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../examples/app';
import { BUILT_IN_SCENARIOS, readAssembly, readTopology, simulate, SimulationProfile, SimulationResult, Topology } from '../../src/simulator';
import { main } from '../../src/simulator/cli';

let dir: string;
let topology: Topology;
/** Every built-in scenario under each profile (documented: the default, seed 1). */
const results: Record<SimulationProfile, Record<string, SimulationResult>> = { optimistic: {}, documented: {} };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-sim-'));
  buildExampleApp(path.join(dir, 'cdk.out')).synth();
  topology = readTopology(readAssembly(path.join(dir, 'cdk.out')));
  for (const name of Object.keys(BUILT_IN_SCENARIOS)) {
    results.optimistic[name] = simulate(topology, BUILT_IN_SCENARIOS[name], { profile: 'optimistic' });
    results.documented[name] = simulate(topology, BUILT_IN_SCENARIOS[name]);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const GRAY = ['gray-cpu', 'gray-5xx', 'gray-connection-errors', 'gray-p99'];

describe('the example app (this library\'s defaults, the article\'s four signals), optimistic profile: no slower than before', () => {
  const optimistic = (name: string) => results.optimistic[name];

  test.each([['gray-cpu', 6], ['gray-5xx', 7], ['gray-connection-errors', 7], ['gray-p99', 7]])('%s moves every user out within %i minutes, without flapping', (name, minutes) => {
    const { summary } = optimistic(name as string);
    expect(summary).toMatchObject({ dnsMovedMinutes: minutes, allRequestsMovedMinutes: minutes, flaps: 0, falseFailovers: 0 });
    expect(summary.affected).toEqual([expect.objectContaining({ region: 'us-east-1', unhealthyTransitions: 1 })]);
    // Users come back once the incident is over (a republished signal once a complete minute shows it).
    expect(summary.recoveryMinutes).toBeLessThanOrEqual(7);
  });

  test('a hard outage moves every user out within 3 minutes', () => {
    expect(optimistic('hard-outage').summary).toMatchObject({ dnsMovedMinutes: 3, flaps: 0, falseFailovers: 0 });
  });

  test.each(['noisy-day', 'noisy-day-partial', 'republisher-down'])('%s moves nobody', name => {
    const { summary, timeline } = optimistic(name);
    expect(summary).toMatchObject({ falseFailovers: 0, flaps: 0, failOpenMinutes: 0 });
    expect(timeline.every(m => m.regions.every(r => r.healthy))).toBe(true);
  });

  test('all Regions degraded: each leaves DNS once, then fail-open keeps users where they are', () => {
    const { summary, timeline } = optimistic('all-degraded');
    expect(summary.affected.map(a => a.unhealthyTransitions)).toEqual([1, 1, 1]);
    expect(summary.failOpenMinutes).toBeGreaterThan(30);
    expect(timeline[30].failOpen).toBe(true);
    expect(timeline.every(m => m.regions.every((r, i) => r.share === timeline[0].regions[i].share))).toBe(true);
  });

  test('the evacuation drill moves users within 3 minutes and back within 3 minutes of the restore', () => {
    expect(optimistic('evacuation-drill').summary).toMatchObject({ dnsMovedMinutes: 3, recoveryMinutes: 3, flaps: 0, falseFailovers: 0 });
  });

  test('a blind probe brings the Region back while it is still degraded', () => {
    const { summary, timeline } = optimistic('probe-blind');
    expect(summary.flaps).toBeGreaterThan(0);
    expect(timeline.some(m => m.regions[0].healthy && m.regions[0].degraded && m.minute > 20)).toBe(true);
  });

  test('a drained Region keeps receiving probe traffic, so its signals keep their data', () => {
    const minute = optimistic('gray-p99').timeline[30].regions[0];
    expect(minute).toMatchObject({ users: 0, healthy: false, probeRequests: 32 });
  });
});

describe('the example app, documented profile (the default; seed 1)', () => {
  const documented = (name: string) => results.documented[name];

  test.each(GRAY)('%s: DNS moves within 8 minutes, all requests within 12 (client keep-alive 120 s)', name => {
    const { summary } = documented(name);
    expect(summary.dnsMovedMinutes).toBeLessThanOrEqual(8);
    expect(summary.allRequestsMovedMinutes).toBeLessThanOrEqual(12);
    expect(summary.falseFailovers).toBe(0);
  });

  test.each([...GRAY, 'hard-outage', 'late-data'])('%s leaves DNS once and comes back', name => {
    expect(documented(name).summary).toMatchObject({ flaps: 0, affected: [expect.objectContaining({ unhealthyTransitions: 1 })] });
    expect(documented(name).summary.recoveryMinutes).toBeLessThanOrEqual(7);
  });

  test('a hard outage moves DNS within 3 minutes', () => {
    expect(documented('hard-outage').summary).toMatchObject({ dnsMovedMinutes: 3, falseFailovers: 0 });
  });

  test.each(['noisy-day', 'noisy-day-partial', 'republisher-down'])('%s moves nobody', name => {
    expect(documented(name).timeline.every(m => m.regions.every(r => r.healthy))).toBe(true);
  });

  test('every alarm behind a health check is modelled: no warning, in either profile', () => {
    for (const result of [...Object.values(results.optimistic), ...Object.values(results.documented)]) {
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
    expect(text).toMatch(/\n {2}us-east-1 \(incident, minutes 10-50, 42% of users\): first users moved after \d+ min, DNS moved after \d+ min, /);
    expect(text).toMatch(/, all requests after \d+ min, back \d+ min after the end; 1 unhealthy transition\.\n/);
    expect(text).toContain('Flaps: 0. False failovers: 0. Fail-open minutes: 0.');
    expect(text).toContain('Assumptions (profile documented, seed 1): ');
    const svg = fs.readFileSync(path.join(out, 'gray-p99.svg'), 'utf-8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain('incident in us-east-1');
    expect(fs.readFileSync(path.join(out, 'gray-p99.txt'), 'utf-8').split('\n').length).toBeGreaterThan(70);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'gray-p99.json'), 'utf-8'));
    expect(json).toMatchObject({ profile: 'documented', seed: 1, clientKeepAliveSeconds: { 'us-east-1': 120 } });
    expect(json.summary).toMatchObject({
      dnsMovedMinutes: results.documented['gray-p99'].summary.dnsMovedMinutes,
      allRequestsMovedMinutes: results.documented['gray-p99'].summary.allRequestsMovedMinutes,
    });
  });

  test('--profile and --seed choose the assumptions and the draws', () => {
    const out = path.join(dir, 'profiles');
    const simulateWith = (...args: string[]) => {
      expect(main(['simulate', '--assembly', path.join(dir, 'cdk.out'), '--scenario', 'gray-5xx', '--out', out, '--summary-only', ...args], print)).toBe(0);
      return JSON.parse(fs.readFileSync(path.join(out, 'gray-5xx.json'), 'utf-8'));
    };
    expect(simulateWith('--profile', 'optimistic')).toMatchObject({ profile: 'optimistic', seed: 1, summary: { flaps: 0, allRequestsMovedMinutes: 7 } });
    expect(simulateWith('--seed=8')).toMatchObject({ profile: 'documented', seed: 8 });
    expect(simulateWith('--seed', '8', '--profile', 'documented').summary).toEqual(simulateWith('--seed', '8').summary);
  });

  test('a scenario file, a record name and assumptions can be given; --summary-only leaves the timeline out', () => {
    const file = path.join(dir, 'slow.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'slow', events: [{ region: 'eu-central-1', startMinute: 5, endMinute: 40, condition: { cpuPercent: 99 } }] }));
    const code = main(['simulate', '--assembly', path.join(dir, 'cdk.out'), '--scenario', file, '--out', path.join(dir, 'o'),
      '--record-name', 'api.example.com', '--profile', 'optimistic', '--assume', 'awsMetricDelayMinutes=3', '--assume', 'route53DelayMinutes=1',
      '--summary-only'], print);
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
    expect(main(['simulate', '--assembly', path.join(dir, 'cdk.out'), '--scenario', file], print)).toBe(2);
    expect(lines).toEqual([`error: [AAF-SIM-SCENARIO] --scenario: ${file}: 'events[0].endMinute' must be a whole number from 6 to 70, got: 3.`]);
  });
});
