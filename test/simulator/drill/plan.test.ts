import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { drillLogicalId, drillResource, writeDrillAssembly } from './drill-assembly';
import { readAssembly } from '../../../src/simulator/assembly';
import { main } from '../../../src/simulator/cli';
import { DRILL_ASSUMPTIONS } from '../../../src/simulator/drill/assumptions';
import { drillModel } from '../../../src/simulator/drill/formulas';
import { planDrills } from '../../../src/simulator/drill/plan';
import { drillTemplates } from '../../../src/simulator/drill/templates';
import { readTopology } from '../../../src/simulator/topology';

let dir: string;
let assembly: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-drill-plan-'));
  assembly = writeDrillAssembly(path.join(dir, 'cdk.out'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI; its exit code and output. */
function run(...args: string[]) {
  const lines: string[] = [];
  const code = main(args, l => lines.push(l)) as number;
  return { code, out: lines.join('\n') };
}

/** An assembly whose us-east-1 drill of `fault` is changed by `edit` (the other Regions have none). */
function edited(name: string, fault: Parameters<typeof drillResource>[1], edit: Parameters<typeof drillResource>[2]): string {
  return writeDrillAssembly(path.join(dir, name), { only: { 'us-east-1': [fault] }, edit: () => edit });
}

describe('drill plan', () => {
  test('predicts the us-east-1 cpu drill under both profiles: formulas, timelines, summaries, milestones; writes the plan and the scenarios', () => {
    const out = path.join(dir, 'plan-cpu');
    const { code, out: text } = run('drill', 'plan', '--assembly', assembly, '--region', 'us-east-1', '--fault', 'cpu', '--out', out);
    expect(code).toBe(0);
    expect(text).toContain('Drill plan: cpu drill of us-east-1: aws:ecs:task-cpu-stress for 10 min on PERCENT(100) of the tasks');
    expect(text).toContain('service CPU = share x stress reached + (1 - share) x baseline = 100 % x 100 % (percent 100 x 100 %) + 0 % x 40 % = 100 %.');
    expect(text).toContain('service CPU = share x stress reached + (1 - share) x baseline = 100 % x 90 % (percent 100 x 90 %) + 0 % x 40 % = 90 %.');
    expect(text).toContain('== optimistic profile ==');
    expect(text).toContain('== documented profile ==');
    // Optimistic: 100 % CPU breaches the signal (> 90 % for 3 minutes); documented: 90 % never exceeds the threshold.
    expect(text).toMatch(/signal breach +4 min +never\n +out of DNS +5 min +never/);
    const scenario = path.join(out, 'drill-us-east-1-cpu-optimistic.scenario.json');
    expect(JSON.parse(fs.readFileSync(scenario, 'utf-8')).events).toEqual([
      {
        region: 'us-east-1',
        startMinute: 10,
        endMinute: 20,
        condition: { cpuPercent: 100 },
        label: 'service CPU 100 %',
        degrades: true,
        probeSeesFault: true,
        oneNode: false,
      },
    ]);
    expect(fs.readFileSync(path.join(out, 'drill-us-east-1-cpu.txt'), 'utf-8')).toContain('Predicted (minutes from the drill\'s start');
    const json = JSON.parse(fs.readFileSync(path.join(out, 'drill-us-east-1-cpu.json'), 'utf-8'));
    expect(json[0].runs.map((r: any) => r.milestones)).toEqual([{ breach: 4, out: 5, allMoved: 6, back: 3 }, {}]);
    // The scenario file is an ordinary scenario: simulate replays it the same way.
    const simulated = run('simulate', '--assembly', assembly, '--scenario', scenario, '--profile', 'optimistic', '--out', path.join(dir, 'sim'), '--summary-only');
    expect(simulated.code).toBe(0);
    expect(simulated.out).toContain('us-east-1 (incident, minutes 10-20, 42% of users): first users moved after 6 min, DNS moved after 6 min');
  });

  test('without --fault plans every drill of the Region, one line per fault and profile', () => {
    const { code, out } = run('drill', 'plan', '--assembly', assembly, '--region', 'eu-central-1', '--out', path.join(dir, 'plan-all'));
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Drill plans of eu-central-1 (minutes from each drill\'s start; back: from its end):');
    expect(lines.filter(l => /^ {2}(optimistic|documented) +signal breach/.test(l))).toHaveLength(8);
    expect(lines.filter(l => /^(cpu|latency|connectionErrors|http5xx) \(aws:ecs:/.test(l)).map(l => l.split(' ')[0]))
      .toEqual(['cpu', 'latency', 'connectionErrors', 'http5xx']);
    expect(fs.readdirSync(path.join(dir, 'plan-all')).filter(f => f.endsWith('.scenario.json'))).toHaveLength(8);
  });

  test('the formulas of each fault, with the numbers of the template and the assumptions', () => {
    const stacks = readAssembly(edited('formulas', 'cpu', { percent: 50 }));
    const topology = readTopology(stacks);
    const [cpu] = drillTemplates(stacks);
    // 2 tasks x 50 % = 1 task either way; documented: 50 % x 90 + 50 % x 40.
    expect(drillModel(cpu, topology, stacks, 'documented').scenario.events[0].condition).toEqual({ cpuPercent: 65 });
    expect(drillModel(cpu, topology, stacks, 'optimistic').scenario.events[0].condition).toEqual({ cpuPercent: 70 });
    const all = readAssembly(assembly);
    const drills = drillTemplates(all).filter(d => d.region === 'us-east-1');
    const model = (fault: string, profile: 'optimistic' | 'documented') => drillModel(drills.find(d => d.fault === fault)!, readTopology(all), all, profile);
    expect(model('latency', 'documented').scenario.events[0].condition).toEqual({
      averageLatencyMs: 2120, p50LatencyMs: 2100, p90LatencyMs: 2200, p99LatencyMs: 2300, maxLatencyMs: 2800,
    });
    // Half the tasks blackholed: 50 % connection errors until they fail their checks, then out until replaced.
    expect(model('connectionErrors', 'optimistic').scenario.events.map(e => [e.startMinute, e.endMinute, e.condition])).toEqual([
      [10, 11, { targetConnectionErrorPercent: 50 }], [11, 15, { healthyTargetPercent: 50 }],
    ]);
    expect(model('connectionErrors', 'documented').scenario.events.map(e => [e.startMinute, e.endMinute, e.condition])).toEqual([
      [10, 12, { targetConnectionErrorPercent: 50 }], [12, 18, { healthyTargetPercent: 50 }],
    ]);
    expect(model('http5xx', 'optimistic').scenario.events[0].condition).toEqual({ elb5xxPercent: 20 });
    expect(model('http5xx', 'documented').scenario.events[0].condition).toEqual({ elb5xxPercent: 10 });
  });

  test('warns when the latency reaches the health-check timeout, and when the blackholed port is not the container\'s', () => {
    const stacks = readAssembly(edited('slow', 'latency', { parameters: { delayMilliseconds: '6000' } }));
    const plan = planDrills(stacks, { region: 'us-east-1', fault: 'latency' })[0];
    expect(plan.runs[0].result.warnings[0]).toMatch(/^the delay \(6000 ms\) is at least the target group's health-check timeout \(5 s\)/);
    const port = readAssembly(edited('port', 'connectionErrors', { parameters: { port: '8080' } }));
    const portPlan = planDrills(port, { region: 'us-east-1', fault: 'connectionErrors' })[0];
    expect(portPlan.runs[1].model.scenario.events).toEqual([]);
    expect(portPlan.runs[1].result.warnings[0]).toBe('port 8080 is not the service\'s container port 80: the load balancer\'s traffic is not blackholed, '
      + 'so the plan predicts nothing.');
  });

  test('fails if the Region has no drill of the fault: lists the drills there are', () => {
    const only = writeDrillAssembly(path.join(dir, 'only-cpu'), { only: { 'us-east-1': ['cpu'] } });
    const { code, out } = run('drill', 'plan', '--assembly', only, '--region', 'us-east-1', '--fault', 'latency', '--out', path.join(dir, 'x'));
    expect(code).toBe(2);
    expect(out).toBe('error: [AAF-SIM-DRILL] no drill experiment template of us-east-1 and fault latency in the assembly (its drills: us-east-1 cpu). '
      + 'Fix: add a FailoverDrill to the Region\'s stack, or pick one of these.');
  });

  test('fails if the Region is not one of the failover\'s', () => {
    const { code, out } = run('drill', 'plan', '--assembly', assembly, '--region', 'eu-west-1', '--fault', 'cpu', '--out', path.join(dir, 'x'));
    expect(code).toBe(2);
    expect(out).toBe('error: [AAF-SIM-DRILL] --region: eu-west-1 is not one of the failover\'s Regions (us-east-1, eu-central-1, ap-southeast-2).');
  });

  test('fails if the fault is unknown', () => {
    const { code, out } = run('drill', 'plan', '--assembly', assembly, '--region', 'us-east-1', '--fault', 'memory');
    expect(code).toBe(2);
    expect(out).toMatch(/^error: \[AAF-SIM-OPTION\] --fault must be one of cpu, latency, connectionErrors, http5xx, got: 'memory'\n\nUsage: /);
  });

  test.each([
    ['a parameter is outside FIS\'s values', 'cpu', { parameters: { percent: '150' } },
      'parameter \'percent\' must be a whole number from 0 to 100: the target load of each stressor, got: \'150\'.'],
    ['a parameter is not the action\'s', 'cpu', { parameters: { delayMilliseconds: '100' } },
      'parameter \'delayMilliseconds\' is not one of the action\'s (duration, percent, workers, installDependencies).'],
    ['the duration is beyond 12 hours', 'cpu', { duration: 'PT13H' }, 'parameter \'duration\' must be an ISO 8601 duration from PT1M to PT12H, got: \'PT13H\'.'],
    ['the duration is not ISO 8601', 'cpu', { duration: '10m' }, 'parameter \'duration\' must be an ISO 8601 duration from PT1M to PT12H, got: \'10m\'.'],
    ['the action is not the fault\'s', 'cpu', { actionId: 'aws:ecs:stop-task' }, 'a cpu drill\'s action must be aws:ecs:task-cpu-stress, got: "aws:ecs:stop-task".'],
    ['the selection mode is not ALL, COUNT(n) or PERCENT(1..100)', 'cpu', { selectionMode: 'PERCENT(0)' },
      'the target\'s SelectionMode must be ALL, COUNT(n) with n at least 1, or PERCENT(n) with n from 1 to 100, got: "PERCENT(0)".'],
    ['an http5xx drill drops less than every packet', 'http5xx', { parameters: { lossPercent: '50' } },
      'an http5xx drill\'s parameter \'lossPercent\' must be 100 for drill plan (every packet of a lost flow dropped, so its requests end in 504), got: "50".'],
    ['a connectionErrors drill blackholes egress', 'connectionErrors', { parameters: { trafficType: 'egress' } },
      'a connectionErrors drill\'s parameter \'trafficType\' must be ingress for drill plan (the load balancer\'s connections to the tasks fail), got: "egress".'],
  ] as const)('fails if %s', (name, fault, edit, message) => {
    const bad = edited(`bad-${name.replace(/[^a-z]/g, '')}`, fault, edit as any);
    const { code, out } = run('drill', 'plan', '--assembly', bad, '--region', 'us-east-1', '--fault', fault, '--out', path.join(dir, 'x'));
    expect(code).toBe(2);
    expect(out).toBe(`error: [AAF-SIM-DRILL-TEMPLATE] the drill experiment template ApiService-us-east-1/${drillLogicalId(fault)}: ${message}`);
  });
});

describe('drill assumptions', () => {
  test('docs/simulator.md renders the table of the code', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'simulator.md'), 'utf-8');
    for (const [name, a] of Object.entries(DRILL_ASSUMPTIONS)) {
      expect(doc).toContain(`| \`${name}\` | ${a.optimistic} | ${a.documented} | ${a.unit} | ${a.source} |`);
    }
  });
});
