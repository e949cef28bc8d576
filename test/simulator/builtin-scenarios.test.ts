import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  BUILT_IN_SCENARIO_NAMES, BUILT_IN_SCENARIOS, builtInScenario, loadScenario, readScenarioFiles, SCENARIOS_DIR,
} from '../../src/simulator/builtin-scenarios';
import { parseScenario } from '../../src/simulator/scenario';

describe('the built-in scenarios', () => {
  test('the built-in scenarios have the magnitudes of the issue', () => {
    const incident = (name: string) => BUILT_IN_SCENARIOS[name].events[0];
    expect(incident('gray-cpu').condition).toEqual({ cpuPercent: 97 });
    expect(incident('gray-5xx').condition).toEqual({ http5xxPercent: 8 });
    expect(incident('gray-connection-errors').condition).toEqual({ targetConnectionErrorPercent: 10 });
    expect(incident('gray-p99').condition).toMatchObject({ p99LatencyMs: 2500, averageLatencyMs: 190 });
    // Every target unhealthy: the load balancer fails open, and the targets refuse connections or answer 503.
    expect(incident('hard-outage').condition).toEqual({ healthyTargetPercent: 0, targetConnectionErrorPercent: 60, http5xxPercent: 100 });
    expect(incident('all-degraded').region).toBe('*');
    for (const name of ['gray-cpu', 'gray-5xx', 'gray-connection-errors', 'gray-p99', 'hard-outage', 'all-degraded', 'late-data', 'probe-blind']) {
      expect(incident(name)).toMatchObject({ startMinute: 10, endMinute: 50, degrades: true });
    }
    const noise = BUILT_IN_SCENARIOS['noisy-day'].events;
    expect(noise.every(e => !e.degrades && e.endMinute - e.startMinute <= 2)).toBe(true);
    expect(new Set(noise.map(e => e.region))).toEqual(new Set(['@1', '@2', '@3']));
    expect(Math.max(...noise.map(e => e.condition.p99LatencyMs ?? 0))).toBe(3000);
    expect(Math.max(...noise.map(e => e.condition.http5xxPercent ?? 0))).toBe(6);
    expect(Math.max(...noise.map(e => e.condition.targetConnectionErrorPercent ?? 0))).toBe(5);
    expect(Math.max(...noise.map(e => e.condition.cpuPercent ?? 0))).toBe(95);
    expect(BUILT_IN_SCENARIOS['evacuation-drill'].evacuations).toEqual([{ region: '@1', startMinute: 10, endMinute: 50 }]);
  });

  test('the scenarios of the documented profile: late data, a blind probe, a republisher down, spikes on one node', () => {
    expect(BUILT_IN_SCENARIOS['late-data'].events[0].condition).toEqual(BUILT_IN_SCENARIOS['gray-p99'].events[0].condition);
    expect(BUILT_IN_SCENARIOS['late-data'].lateData).toEqual([
      { region: '@1', startMinute: 20, endMinute: 40, namespace: 'AWS/ApplicationELB', delayMinutes: 3 },
    ]);
    expect(BUILT_IN_SCENARIOS['probe-blind'].events[0]).toMatchObject({ probeSeesFault: false, condition: { http5xxPercent: 8 } });
    expect(BUILT_IN_SCENARIOS['republisher-down']).toMatchObject({
      events: [], republisherFaults: [{ region: '*', startMinute: 20, endMinute: 35, fault: 'failing' }],
    });
    const spikes = BUILT_IN_SCENARIOS['noisy-day-partial'].events;
    expect(spikes.every(e => e.oneNode && !e.degrades && e.endMinute - e.startMinute <= 3)).toBe(true);
    expect(new Set(spikes.map(e => e.region))).toEqual(new Set(['@1', '@2', '@3']));
    // On one node of three: the whole minute stays under the signals' thresholds (5 %; p99 1 s, see the engine's tests).
    expect(Math.max(...spikes.map(e => e.condition.http5xxPercent ?? e.condition.targetConnectionErrorPercent ?? 0)) / 3).toBeLessThan(5);
  });

  test('are the JSON files of the package\'s scenarios/ folder, found from the code', () => {
    expect(SCENARIOS_DIR).toBe(path.join(__dirname, '..', '..', 'scenarios'));
    const files = fs.readdirSync(SCENARIOS_DIR).filter(f => f.endsWith('.json') && f !== 'scenario.schema.json').sort();
    expect(files).toEqual(BUILT_IN_SCENARIO_NAMES.map(n => `${n}.json`).sort());
    expect(Object.keys(BUILT_IN_SCENARIOS)).toEqual(BUILT_IN_SCENARIO_NAMES);
  });

  test.each(BUILT_IN_SCENARIO_NAMES)('%s is read and checked by the reader of scenario files', name => {
    const file = path.join(SCENARIOS_DIR, `${name}.json`);
    // The same scenario, marked built-in (its @n beyond a failover's Regions are left out, not refused).
    expect({ ...parseScenario(fs.readFileSync(file, 'utf-8'), file), builtIn: true }).toEqual(BUILT_IN_SCENARIOS[name]);
    expect(BUILT_IN_SCENARIOS[name]).toMatchObject({ name, durationMinutes: 70 });
  });
});

describe('loading a scenario', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-scenario-'));
    fs.writeFileSync(path.join(dir, 'quiet.json'), '{"name": "quiet", "durationMinutes": 5}');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('by built-in name or by file', () => {
    expect(loadScenario('gray-p99')).toBe(BUILT_IN_SCENARIOS['gray-p99']);
    expect(builtInScenario('noisy-day')).toBe(BUILT_IN_SCENARIOS['noisy-day']);
    expect(loadScenario(path.join(dir, 'quiet.json'))).toMatchObject({ name: 'quiet', durationMinutes: 5 });
  });

  test('a folder of scenario files, by name', () => {
    expect(Object.keys(readScenarioFiles(dir, ['quiet']))).toEqual(['quiet']);
  });

  test('fails if a scenario file holds another scenario than its name says', () => {
    fs.writeFileSync(path.join(dir, 'loud.json'), '{"name": "quiet"}');
    expect(() => readScenarioFiles(dir, ['loud'])).toThrow(`${path.join(dir, 'loud.json')}: 'name' must be the file's name "loud", got: "quiet".`);
  });

  test('fails if the name is neither a built-in scenario nor a file', () => {
    expect(() => loadScenario('constructor')).toThrow(/^\[AAF-SIM-SCENARIO-NAME\] 'constructor' is neither a built-in scenario \(gray-cpu, .*\) nor a file\.$/);
    expect(() => builtInScenario('toString')).toThrow("no built-in scenario 'toString' (built-in: gray-cpu, gray-5xx, ");
  });
});
