import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { buildExampleApp } from '../../examples/app';
import { FailbackPolicy } from '../../src';
import { BUILT_IN_SCENARIOS, readAssembly, readTopology, simulate, SimulationResult, summaryText, Topology } from '../../src/simulator';
import { Scenario } from '../../src/simulator/scenario';

let dir: string;
const topologies: Record<string, Topology> = {};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-failback-'));
  const policies = {
    default: undefined,
    operatorConfirmed: FailbackPolicy.operatorConfirmed(),
    holdDown30: FailbackPolicy.automatic({ holdDown: Duration.minutes(30) }),
  };
  for (const [name, failbackPolicy] of Object.entries(policies)) {
    buildExampleApp(path.join(dir, name), failbackPolicy ? { failbackPolicy } : {}).synth();
    topologies[name] = readTopology(readAssembly(path.join(dir, name)));
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SCENARIO = BUILT_IN_SCENARIOS['operator-confirmed-failback'];
const run = (policy: string, scenario: Scenario = SCENARIO, profile: 'optimistic' | 'documented' = 'documented'): SimulationResult =>
  simulate(topologies[policy], scenario, { profile });
/** The minutes us-east-1 (the first Region) is out of DNS. */
const outMinutes = (r: SimulationResult) => r.timeline.filter(m => !m.regions[0].healthy).map(m => m.minute);
const heldMinutes = (r: SimulationResult) => r.timeline.filter(m => m.regions[0].heldOut).map(m => m.minute);
/** The first minute from `from` on with the Region back in DNS. */
const backAt = (r: SimulationResult, from: number) => r.timeline.find(m => m.minute >= from && m.regions[0].healthy)?.minute;

describe('failback policies in the simulator, read from the synthesized latch', () => {
  test('the topology reads each Region\'s latch and its signals alarm from the templates (none with the default policy)', () => {
    expect(topologies.default.latches?.size).toBe(0);
    expect([...topologies.operatorConfirmed.latches!.keys()]).toEqual(['us-east-1', 'eu-central-1', 'ap-southeast-2']);
    expect(topologies.holdDown30.latches!.get('eu-central-1')!.config).toMatchObject({
      policy: 'automatic', holdDownMinutes: 30, signalsAlarmName: 'Api-eu-central-1-signals', parameterName: '/cdk-active-active-failover/Api/eu-central-1/evacuated',
    });
  });

  test('automatic (the default): the Region returns within minutes of the incident\'s end, held by nothing', () => {
    const r = run('default');
    expect(heldMinutes(r)).toEqual([]);
    expect(backAt(r, 30)).toBeLessThan(40);
    expect(r.summary.heldOut).toBeUndefined();
  });

  test.each(['documented', 'optimistic'] as const)('operatorConfirmed (%s): the Region stays out after its incident ends until the restore, then returns', profile => {
    const r = run('operatorConfirmed', SCENARIO, profile);
    const held = heldMinutes(r);
    expect(held[0]).toBeGreaterThan(10);
    expect(held[0]).toBeLessThan(20);
    expect(held.at(-1)).toBe(49);
    // Out from the latch to the restore, with no return in between, although the incident ended at minute 30.
    const out = outMinutes(r);
    expect(out.filter(m => m >= held[0] + 3 && m < 50)).toEqual(Array.from({ length: 50 - held[0] - 3 }, (_, i) => held[0] + 3 + i));
    const back = backAt(r, 50)!;
    expect(back).toBeGreaterThan(50);
    expect(back).toBeLessThanOrEqual(55);
    expect(r.summary.heldOut).toEqual([{ region: 'us-east-1', policy: 'operatorConfirmed', holdDownMinutes: undefined, startMinute: held[0], endMinute: 50, releasedBy: 'operator' }]);
    expect(r.summary.flaps).toBe(0);
  });

  test('operatorConfirmed without a restore: the Region is still out at the end of the run, and the summary says so', () => {
    const r = run('operatorConfirmed', { ...SCENARIO, restores: [] });
    expect(r.timeline.at(-1)!.regions[0]).toMatchObject({ healthy: false, heldOut: true });
    expect(summaryText(r)).toMatch(/us-east-1 held out by its failback latch \(operatorConfirmed\) from minute \d+: still held at the end of the run \(waiting for an operator\)\./);
  });

  test('automatic with a 30-minute hold-down: out at least 30 minutes from the latch, then back when its signals are healthy', () => {
    const r = run('holdDown30', { ...SCENARIO, restores: [] });
    const held = heldMinutes(r);
    expect(held).toEqual(Array.from({ length: 30 }, (_, i) => held[0] + i));
    // The latch acts on CloudWatch's alarm state, a few minutes before DNS moves; from then on, out until the hold-down ends.
    const left = outMinutes(r)[0];
    expect(left).toBeGreaterThanOrEqual(held[0]);
    const back = backAt(r, left)!;
    expect(back).toBeGreaterThanOrEqual(held[0] + 30);
    expect(back).toBeLessThanOrEqual(held[0] + 30 + 4);
    expect(r.summary.heldOut).toEqual([expect.objectContaining({ policy: 'automatic', holdDownMinutes: 30, endMinute: held[0] + 30, releasedBy: 'holdDown' })]);
    expect(summaryText(r)).toContain(`us-east-1 held out by its failback latch (automatic, hold-down 30 min) from minute ${held[0]}: released when the hold-down ended at minute ${held[0] + 30}.`);
  });

  test('automatic with a hold-down: an incident longer than the hold-down keeps the Region out by its signals after the release', () => {
    const long: Scenario = { ...SCENARIO, restores: [], events: [{ ...SCENARIO.events[0], endMinute: 60 }] };
    const r = run('holdDown30', long);
    const held = heldMinutes(r);
    expect(held).toHaveLength(30);
    expect(outMinutes(r)).toEqual(expect.arrayContaining([held[0] + 30, held[0] + 31, 59]));
  });

  test('an operator\'s evacuation is never undone by the latch: the signals\' ALARM during an evacuation leaves the switch at 1', () => {
    const evacuated: Scenario = { ...SCENARIO, restores: [], evacuations: [{ region: '@1', startMinute: 5, endMinute: 65 }] };
    const r = run('holdDown30', evacuated);
    expect(heldMinutes(r)).toEqual([]);
    expect(outMinutes(r).filter(m => m >= 8 && m < 65)).toHaveLength(57);
  });

  test('the timeline marks held-out minutes with H', () => {
    const r = run('operatorConfirmed');
    expect(summaryText(r)).toMatch(/us-east-1 held out by its failback latch \(operatorConfirmed\) from minute \d+: released by the operator's restore at minute 50\./);
  });
});
