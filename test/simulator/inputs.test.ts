/**
 * Inputs the simulator cannot read or model: each is refused with an error
 * naming the file, the resource or the option (exit code 2 from the command,
 * never a stack trace), or simulated with a warning naming what it assumes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cpuAlarm, flagAlarm, NAME, regionDimensions, regionStack, scenario, twoGroups, writeAssembly } from './templates';
import { CONFIG_VERSION, RepublisherConfig } from '../../src/model/republisher/config';
import { readAssembly } from '../../src/simulator/assembly';
import { main } from '../../src/simulator/cli';
import { StackTemplate } from '../../src/simulator/dns';
import { simulate } from '../../src/simulator/engine';
import { checkScenario } from '../../src/simulator/scenario';
import { readTopology } from '../../src/simulator/topology';

const R1 = 'us-east-1';
const R2 = 'eu-west-1';
const INCIDENT = { events: [{ region: R1, startMinute: 10, endMinute: 30, condition: { cpuPercent: 97 } }] };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-sim-inputs-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const twoRegions = () => [regionStack(R1, { alarm: cpuAlarm() }), regionStack(R2, { alarm: cpuAlarm() })];

/** Runs the command; its exit code and everything it printed. */
function cli(...args: string[]): { code: number; text: string } {
  const lines: string[] = [];
  const code = main(args, line => lines.push(line)) as number; // simulate is synchronous
  return { code, text: lines.join('\n') };
}

/** The command with a scenario file of two groups (and `rest`), against `assembly`. */
function cliScenario(assembly: string, rest: Record<string, unknown> = {}, ...args: string[]) {
  const file = path.join(dir, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'test', durationMinutes: 40, users: twoGroups(R1, R2), ...rest }));
  return cli('simulate', '--assembly', assembly, '--scenario', file, '--out', path.join(dir, 'out'), '--profile', 'optimistic', ...args);
}

/** Asserts a bad input: exit code 2, the message, no stack trace. */
function expectRefused(run: { code: number; text: string }, message: string | RegExp) {
  expect(run.text).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(run.text.match(/^error: \[AAF-SIM-[A-Z-]+\] /) !== null).toBe(true);
  expect(run.text).toMatch(message);
  expect(run.code).toBe(2);
}

describe('files: bad ones are refused naming the file, a byte order mark is accepted', () => {
  test('fails if the manifest is not JSON, naming the manifest', () => {
    const assembly = writeAssembly(path.join(dir, 'cdk.out'), twoRegions());
    fs.writeFileSync(path.join(assembly, 'manifest.json'), '{ "artifacts": ');
    expectRefused(cliScenario(assembly), `error: [AAF-SIM-FILE] --assembly: the manifest '${path.join(assembly, 'manifest.json')}' is not valid JSON (`);
  });

  test('fails if a template is missing, naming it and its stack', () => {
    const assembly = writeAssembly(path.join(dir, 'cdk.out'), twoRegions());
    fs.rmSync(path.join(assembly, `Service-${R2}.template.json`));
    expectRefused(cliScenario(assembly), `error: [AAF-SIM-FILE] --assembly: the template '${path.join(assembly, `Service-${R2}.template.json`)}' of stack 'Service-${R2}' does not exist`);
  });

  test('fails if nested assemblies loop, naming the folder', () => {
    const assembly = writeAssembly(path.join(dir, 'cdk.out'), twoRegions());
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly, 'manifest.json'), 'utf-8'));
    manifest.artifacts.Stage = { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } };
    fs.writeFileSync(path.join(assembly, 'manifest.json'), JSON.stringify(manifest));
    expectRefused(cliScenario(assembly), /^error: \[AAF-SIM-[A-Z-]+\] --assembly: the cloud assembly '.*' nests itself \(.* -> .*\): a Stage's assembly must be a folder of its own\.$/);
    expect(() => readAssembly(assembly)).toThrow('nests itself');
  });

  test('fails if a template has a resource that is null, naming the resource', () => {
    const stacks = twoRegions();
    (stacks[1].template.Resources as any).X = null;
    const assembly = writeAssembly(path.join(dir, 'cdk.out'), stacks);
    expectRefused(cliScenario(assembly), ': resource \'X\' must be an object with a string \'Type\' and, if any, object \'Properties\', got: null.');
    expect(() => readTopology(stacks)).toThrow(`the template of stack 'Service-${R2}': resource 'X' must be an object with a string 'Type'`);
  });

  test('accepts a UTF-8 byte order mark in the manifest, the templates and the scenario', () => {
    const assembly = writeAssembly(path.join(dir, 'cdk.out'), twoRegions(), true);
    const file = path.join(dir, 'bom.json');
    fs.writeFileSync(file, `\uFEFF${JSON.stringify({ name: 'bom', durationMinutes: 40, users: twoGroups(R1, R2), ...INCIDENT })}`);
    const run = cli('simulate', '--assembly', assembly, '--scenario', file, '--out', path.join(dir, 'out'), '--summary-only');
    expect(run.code).toBe(0);
    expect(run.text).toContain('us-east-1 (incident, minutes 10-30');
  });

  test('fails if the scenario is a folder, naming it', () => {
    const assembly = writeAssembly(path.join(dir, 'cdk.out'), twoRegions());
    const folder = path.join(dir, 'scenarios.json');
    fs.mkdirSync(folder);
    expectRefused(cli('simulate', '--assembly', assembly, '--scenario', folder), `error: [AAF-SIM-FILE] --scenario: the scenario file '${folder}' is a folder, not a JSON file`);
  });

  test('fails if --out names a file, before simulating', () => {
    const assembly = writeAssembly(path.join(dir, 'cdk.out'), twoRegions());
    const file = path.join(dir, 'taken');
    fs.writeFileSync(file, '');
    expectRefused(cliScenario(assembly, {}, '--out', file), `error: [AAF-SIM-OUT] --out: '${file}' is a file; give a folder (it is created when missing), default: simulation.`);
  });

  test('fails if --scenario names a built-in scenario and a file here alike; warns if a file\'s scenario has a built-in\'s name', () => {
    const assembly = writeAssembly(path.join(dir, 'cdk.out'), twoRegions());
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      fs.writeFileSync('gray-p99', '{}');
      expectRefused(cli('simulate', '--assembly', assembly, '--scenario', 'gray-p99'),
        "error: [AAF-SIM-SCENARIO-NAME] --scenario: 'gray-p99' names both a built-in scenario and the file ./gray-p99: give './gray-p99' for the file");
      fs.writeFileSync('mine.json', JSON.stringify({ name: 'gray-p99', durationMinutes: 40, users: twoGroups(R1, R2) }));
      const run = cli('simulate', '--assembly', assembly, '--scenario', 'mine.json', '--summary-only');
      expect(run.code).toBe(0);
      expect(run.text).toContain("Warning: the scenario file 'mine.json' is named 'gray-p99', like a built-in scenario: the file is simulated, "
        + 'not the built-in, and its output files are named gray-p99.*.');
    } finally {
      process.chdir(cwd);
    }
  });

  test('fails if an alarm\'s EvaluationPeriods is beyond CloudWatch\'s limits, naming the alarm and the property', () => {
    const stacks = [regionStack(R1, { alarm: { ...cpuAlarm(), EvaluationPeriods: 1_000_000_000 } }), regionStack(R2)];
    const assembly = writeAssembly(path.join(dir, 'cdk.out'), stacks);
    expectRefused(cliScenario(assembly), `error: [AAF-SIM-TEMPLATE-LIMIT] stack 'Service-${R1}': AWS::CloudWatch::Alarm 'Alarm': 'EvaluationPeriods' must be a whole number from 1 to 8640, got: 1000000000.`);
    const day = [regionStack(R1, { alarm: { ...cpuAlarm(), EvaluationPeriods: 1441 } }), regionStack(R2)];
    expect(() => readTopology(day)).toThrow(`[AAF-ALARM-EVALUATION-WINDOW] stack 'Service-${R1}': AWS::CloudWatch::Alarm 'Alarm': 'EvaluationPeriods' exceeds `
      + 'CloudWatch\'s limit of 86400 seconds for Period x EvaluationPeriods, got: 1441 x 60 seconds = 86460 seconds. Fix: use at most 1440 evaluation periods');
  });
});

describe('what the simulator cannot model is refused or warned about by name', () => {
  test('warns if a record\'s HealthCheckId is a literal id from outside the app, and takes that check as healthy', () => {
    const stacks = twoRegions();
    (stacks[1].template.Resources as any).Record.Properties.HealthCheckId = 'abcdef12-3456-7890-abcd-ef1234567890';
    const result = simulate(readTopology(stacks), scenario(R1, R2, INCIDENT), { profile: 'optimistic' });
    expect(result.warnings).toContain(`record Service-${R2}/Record (${NAME} A in ${R2}) has HealthCheckId abcdef12-3456-7890-abcd-ef1234567890, `
      + 'a health check that is not in the assembly: the simulator cannot know its status and takes it as always healthy. '
      + 'Fix: synthesize the app that creates it, or simulate with it left out.');
    expect(result.summary.dnsMovedMinutes).toBe(4);
  });

  test('warns if a record aliases a load balancer imported by its attributes, and serves its users from the Region its name gives', () => {
    const stacks = twoRegions();
    const alias = (stacks[0].template.Resources as any).Record.Properties.AliasTarget;
    alias.DNSName = 'dualstack.api-123456.us-east-1.elb.amazonaws.com';
    delete (stacks[0].template.Resources as any).Lb;
    const result = simulate(readTopology(stacks), scenario(R1, R2, INCIDENT), { profile: 'optimistic' });
    expect(result.warnings).toContain(`record Service-${R1}/Record (${NAME}) aliases the load balancer dualstack.api-123456.us-east-1.elb.amazonaws.com, `
      + `which is not in the assembly (imported by its attributes): the simulator takes it as ${R1}'s load balancer, with the target-group `
      + `settings and client keep-alive of the load balancer of ${R1} in the assembly, or ELB's defaults when there is none.`);
    expect(result.timeline[5].regions[0].users).toBe(100);
    expect(result.summary).toMatchObject({ dnsMovedMinutes: 4, failOpenMinutes: 0, falseFailovers: 0 });
  });

  test('simulates a mirrored alarm the republisher names by Ref (MetricStrategy.mirror())', () => {
    const mirrored = (region: string): StackTemplate => {
      const config: RepublisherConfig = {
        namespace: 'ActiveActiveFailover',
        windowMinutes: 11,
        signals: [],
        mirrors: [{ alarmName: '@@', metric: { MetricName: 'Cpu', Dimensions: regionDimensions(region) }, insufficientDataValue: 0 }],
        switches: [],
        heartbeat: { MetricName: 'RepublisherHeartbeat', Dimensions: [{ Name: 'FunctionName', Value: `republisher-${region}` }] },
      };
      // The configuration as CloudFormation holds it: the alarm's name is a Ref to the source alarm (which has no AlarmName).
      const [before, after] = JSON.stringify({ kind: 'tick', version: CONFIG_VERSION, config }).split('@@');
      const stack = regionStack(region, { alarm: flagAlarm('ActiveActiveFailover', 'Cpu', regionDimensions(region)) });
      Object.assign(stack.template.Resources!, {
        Source: { Type: 'AWS::CloudWatch::Alarm', Properties: cpuAlarm() },
        Schedule: { Type: 'AWS::Events::Rule', Properties: { Targets: [{ Id: 'R', Input: { 'Fn::Join': ['', [before, { Ref: 'Source' }, after]] } }] } },
      });
      return stack;
    };
    const result = simulate(readTopology([mirrored(R1), mirrored(R2)]), scenario(R1, R2, INCIDENT), { profile: 'optimistic' });
    expect(result.warnings).toEqual([]);
    // The CPU alarm's state one minute later than alarming on it directly (4), then its mirrored datapoint one minute later.
    expect(result.summary).toMatchObject({ dnsMovedMinutes: 5, flaps: 0, falseFailovers: 0 });
  });

  test('fails if two evacuations of one Region overlap, one named by position and one by code', () => {
    const evacuations = [{ region: '@1', startMinute: 5, endMinute: 20 }, { region: R1, startMinute: 10, endMinute: 30 }];
    expect(() => simulate(readTopology(twoRegions()), scenario(R1, R2, { evacuations }))).toThrow(
      "scenario 'test': 'evacuations[1]' (region 'us-east-1', minutes 10 to 30) overlaps 'evacuations[0]' (region '@1', minutes 5 to 20): "
      + 'both evacuate us-east-1, and one switch cannot be evacuated twice. Fix: restore it first (an endMinute at or before the other\'s start).');
    const run = cliScenario(writeAssembly(path.join(dir, 'cdk.out'), twoRegions()), { evacuations: [{ region: R2, startMinute: 5 }, { region: '@2', startMinute: 30 }] });
    expectRefused(run, "error: [AAF-SIM-EVACUATION-OVERLAP] scenario 'test': 'evacuations[1]' (region '@2', minutes 30 to the end) overlaps 'evacuations[0]' (region 'eu-west-1', "
      + 'minutes 5 to the end): both evacuate eu-west-1');
  });

  test('warns if the assembly holds two failovers, naming the one simulated and the other', () => {
    const other = (region: string) => {
      const stack = regionStack(region, { alarm: cpuAlarm() });
      const record = (stack.template.Resources as any).Record;
      (stack.template.Resources as any).Other = { ...record, Properties: { ...record.Properties, Name: 'www.example.com.' } };
      return stack;
    };
    const result = simulate(readTopology([other(R1), other(R2)]), scenario(R1, R2, {}), { profile: 'optimistic' });
    expect(result.warnings).toEqual([`the assembly has 2 failovers (latency-routed names in several Regions): ${NAME} is simulated (the one with `
      + 'the most Regions, the first on a tie), not www.example.com.. Pick one with --record-name (API: recordName).']);
  });

  test('a failover of 30,000 user groups: the scenario reader checks unique names without a search per group', () => {
    const users = Array.from({ length: 30_000 }, (_, i) => ({ name: `g${i}`, users: 1, latencyMs: { [R1]: 10, [R2]: 20 } }));
    const start = Date.now();
    expect(checkScenario({ name: 'many', users }, 'many').users).toHaveLength(30_000);
    expect(Date.now() - start).toBeLessThan(2_000);
    expect(() => checkScenario({ name: 'many', users: [...users, users[7]] }, 'many')).toThrow("'users' must have unique names, got 'g7' twice.");
  });
});
