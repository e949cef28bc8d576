import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp, EXAMPLE_REGIONS } from '../../../examples/app';
import { DRILL_FAULTS } from '../../../src/model/drill/fis-actions';
import { readAssembly } from '../../../src/simulator/assembly';
import { planDrills } from '../../../src/simulator/drill/plan';

let stacks: ReturnType<typeof readAssembly>;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-example-drills-'));
  buildExampleApp(path.join(dir, 'cdk.out')).synth();
  stacks = readAssembly(path.join(dir, 'cdk.out'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('drill plan of the example app\'s own drills (FailoverDrill, the construct\'s defaults)', () => {
  test.each(EXAMPLE_REGIONS)('%s: a prediction of each of the four faults under both profiles', region => {
    const plans = planDrills(stacks, { region });
    expect(plans.map(p => p.drill.fault)).toEqual([...DRILL_FAULTS]);
    for (const plan of plans) {
      expect(plan.drill.selection).toEqual({ mode: 'PERCENT', value: 50 });
      expect(plan.runs.map(r => r.profile)).toEqual(['optimistic', 'documented']);
      for (const run of plan.runs) {
        expect(run.result.scenario.durationMinutes).toBeGreaterThan(plan.drill.durationMinutes);
      }
    }
  });

  test('the latency drill (2 s on half the tasks) takes us-east-1 out of DNS under both profiles; the CPU drill on half the tasks never reaches a 90 % signal', () => {
    const plans = planDrills(stacks, { region: 'us-east-1' });
    const latency = plans.find(p => p.drill.fault === 'latency')!;
    for (const run of latency.runs) {
      expect(run.milestones.out).toBeGreaterThan(0);
    }
    const cpu = plans.find(p => p.drill.fault === 'cpu')!;
    for (const run of cpu.runs) {
      expect(run.milestones.out).toBeUndefined();
    }
  });
});
