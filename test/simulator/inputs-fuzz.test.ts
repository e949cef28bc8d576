/**
 * A seeded fuzz of the simulator's inputs: scenario files, `--assume`
 * values and templates, each mutated at random (values at and beyond their
 * limits, wrong types, null, nesting). Every case must end in a valid run
 * (exit code 0) or a named error (exit code 2, `error: ` and a message, no
 * stack trace), never in an internal error (exit code 1), a TypeError, a
 * RangeError or a hang.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cpuAlarm, regionStack, twoGroups, writeAssembly } from './templates';
import { ASSUMPTIONS } from '../../src/simulator/assumptions';
import { main } from '../../src/simulator/cli';
import { StackTemplate } from '../../src/simulator/dns';
import { draw } from '../../src/simulator/random';

/** Seeded draws in [0, 1): the simulator's own hash of a seed and a counter (deterministic, independent of the platform). */
const SEED = 0x5eed;
let draws = 0;
const random = () => draw(SEED, 'fuzz', draws++);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const R1 = 'us-east-1';
const R2 = 'eu-west-1';

/** Values that break types and limits. */
function oddValue(): unknown {
  return pick<() => unknown>([
    () => null, () => -1, () => 0, () => 1e9, () => -1e9, () => 1.5, () => 2 ** 53, () => '', () => 'x'.repeat(300), () => '10',
    () => [], () => [null], () => ({}), () => ({ Ref: 'Nowhere' }), () => ({ 'Fn::GetAtt': ['Lb', 'DNSName'] }), () => true, () => 1440, () => 1441,
  ])();
}

/** A valid scenario with one property (possibly nested) replaced by an odd value. */
function scenarioCase(): unknown {
  const s: Record<string, any> = {
    name: 'fuzz',
    durationMinutes: 40,
    users: twoGroups(R1, R2),
    events: [{ region: '@1', startMinute: 10, endMinute: 20, condition: { cpuPercent: 97 } }],
    evacuations: [{ region: '@2', startMinute: 25, endMinute: 30 }],
    lateData: [{ region: R1, startMinute: 5, endMinute: 15, delayMinutes: 2 }],
    republisherFaults: [{ region: '*', startMinute: 5, endMinute: 8, fault: 'failing' }],
  };
  const paths: [any, string][] = [
    [s, 'name'], [s, 'durationMinutes'], [s, 'users'], [s, 'events'], [s, 'evacuations'], [s.users[0], 'users'], [s.users[0], 'latencyMs'],
    [s.users[0].latencyMs, R2], [s.events[0], 'region'], [s.events[0], 'startMinute'], [s.events[0], 'endMinute'], [s.events[0].condition, 'cpuPercent'],
    [s.events[0].condition, 'p99LatencyMs'], [s.evacuations[0], 'region'], [s.evacuations[0], 'startMinute'], [s.lateData[0], 'delayMinutes'],
    [s.republisherFaults[0], 'fault'], [s, 'baseline'], [s, 'unknownProperty'],
  ];
  const [target, key] = pick(paths);
  if (random() < 0.2) {
    s.evacuations.push({ region: pick(['@1', '@2', R1, R2, '@3']), startMinute: Math.floor(random() * 40) });
  }
  target[key] = oddValue();
  return s;
}

/** An `--assume` value at or beyond an assumption's bounds (or an unknown one, or a malformed one). */
function assumeCase(): string {
  const [name, spec] = pick(Object.entries(ASSUMPTIONS));
  const value = pick([spec.minimum, spec.maximum, spec.minimum - 1, spec.maximum + 1, (spec.minimum + spec.maximum) / 2, 1e9, 0.5, -0]);
  return pick([`${name}=${value}`, `${name}=${value}`, `${name}=${value}`, `unknown=${value}`, `${name}=`, `${name}=1e3`, `${name}=${'9'.repeat(400)}`]);
}

/** Two Regions' templates with one property of one resource replaced by an odd value (or removed). */
function templateCase(): StackTemplate[] {
  const stacks = [regionStack(R1, { alarm: cpuAlarm(3), probe: true }), regionStack(R2, { alarm: cpuAlarm(), evaluateTargetHealth: true })];
  const resources = pick(stacks).template.Resources as Record<string, any>;
  const id = pick(Object.keys(resources));
  const resource = resources[id];
  const choice = random();
  if (choice < 0.1) {
    resources[id] = oddValue();
  } else if (choice < 0.2) {
    resource.Properties = oddValue();
  } else {
    const holder = resource.Properties?.HealthCheckConfig ?? resource.Properties?.AliasTarget ?? resource.Properties ?? {};
    const keys = [...Object.keys(holder), 'HealthCheckId', 'EvaluationPeriods', 'Period', 'ChildHealthChecks', 'DNSName'];
    holder[pick(keys)] = oddValue();
  }
  return stacks;
}

describe('fuzz: every input ends in a valid run or a named error', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-sim-fuzz-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('180 seeded cases: scenario files, --assume values and templates', () => {
    const outcomes = { run: 0, refused: 0 };
    const good = writeAssembly(path.join(dir, 'good'), [regionStack(R1, { alarm: cpuAlarm() }), regionStack(R2, { alarm: cpuAlarm() })]);
    const goodScenario = path.join(dir, 'good.json');
    fs.writeFileSync(goodScenario, JSON.stringify({ name: 'fuzz', durationMinutes: 30, users: twoGroups(R1, R2) }));
    for (let i = 0; i < 180; i++) {
      const kind = i % 3;
      let args: string[];
      if (kind === 0) {
        const file = path.join(dir, `scenario-${i}.json`);
        fs.writeFileSync(file, `${random() < 0.1 ? '\uFEFF' : ''}${JSON.stringify(scenarioCase())}`);
        args = ['--assembly', good, '--scenario', file];
      } else if (kind === 1) {
        args = ['--assembly', good, '--scenario', goodScenario, '--assume', assumeCase()];
      } else {
        args = ['--assembly', writeAssembly(path.join(dir, `assembly-${i}`), templateCase()), '--scenario', goodScenario];
      }
      const lines: string[] = [];
      const code = main(['simulate', ...args, '--out', path.join(dir, 'out'), '--summary-only'], line => lines.push(line));
      const text = lines.join('\n');
      const context = `case ${i}: ${JSON.stringify(args)}\n${text.slice(0, 600)}`;
      expect({ context, code: code === 0 || code === 2 }).toEqual({ context, code: true });
      expect({ context, trace: /\n\s+at .*:\d+:\d+|TypeError|RangeError|^error: internal error/.test(text) }).toEqual({ context, trace: false });
      if (code === 2) {
        expect({ context, named: /^error: \[AAF-[A-Z0-9-]+\] (--[a-z-]+|stack '|the template|scenario '|.*\.json|record |health check )/.test(text) }).toEqual({ context, named: true });
      }
      outcomes[code === 0 ? 'run' : 'refused']++;
    }
    // Both ends are exercised: the fuzz is not all refusals nor all runs.
    expect(outcomes.run).toBeGreaterThan(20);
    expect(outcomes.refused).toBeGreaterThan(20);
  });
});
