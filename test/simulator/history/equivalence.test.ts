/**
 * Backtest and simulate share their evaluation code: one scenario expressed
 * both ways (as conditions for `simulate`, as the minutes those conditions
 * record with every user at home for `backtest`) gives the same Region
 * health minute by minute.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../../examples/app';
import { BUILT_IN_SCENARIOS, readAssembly, readTopology, simulate, SimulationOptions, Topology } from '../../../src/simulator';
import { profileAssumptions, SimulationAssumptions } from '../../../src/simulator/assumptions';
import { MetricStore } from '../../../src/simulator/cloudwatch';
import { StackTemplate } from '../../../src/simulator/dns';
import { backtest } from '../../../src/simulator/history/backtest';
import { History, HistorySeries } from '../../../src/simulator/history/format';
import { sourceMetrics } from '../../../src/simulator/history/sources';
import { produceMinute } from '../../../src/simulator/produced-metrics';
import { ALL_HEALTHY } from '../../../src/simulator/route53';
import { Scenario } from '../../../src/simulator/scenario';
import { probeRequests, ScenarioPlan, Slice } from '../../../src/simulator/traffic';
import { dnsAnswers, usersByRegion } from '../../../src/simulator/users';
import { defaultUserGroups } from '../../../src/simulator/world';


let stacks: StackTemplate[];
let topology: Topology;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-equiv-'));
  buildExampleApp(path.join(dir, 'cdk.out')).synth();
  stacks = readAssembly(path.join(dir, 'cdk.out'));
  topology = readTopology(stacks);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * What CloudWatch records of a scenario when nobody fails over: every user in
 * the Region DNS gives it with every Region healthy, the health checkers'
 * requests on top, each source's statistic minute by minute.
 */
function recordedHistory(scenario: Scenario, assumptions: SimulationAssumptions): History {
  const name = topology.dns.busiestLatencyName();
  const regions = topology.dns.latencyRegions(name);
  const groups = defaultUserGroups(regions);
  const home = dnsAnswers(topology.dns, name, groups.map(g => g.latencyMs), ALL_HEALTHY);
  const users = usersByRegion(groups, home, regions);
  const probes = probeRequests(topology.leafChecks.values(), assumptions.checkersPerLocation, c => c.endpointRegion);
  const plan = new ScenarioPlan(scenario, regions, topology.switches, []);
  const store = new MetricStore();
  const n = assumptions.albNodes;
  for (let t = 0; t < scenario.durationMinutes; t++) {
    for (const region of regions) {
      const nodes: Slice[][] = Array.from({ length: n }, (_, node) => [
        { condition: plan.condition(region, t, { node }), requests: (users.get(region) ?? 0) * assumptions.requestsPerUserMinute / n },
        { condition: plan.condition(region, t, { node, probe: true }), requests: (probes.get(region) ?? 0) / n },
      ]);
      produceMinute(store, region, t, { condition: plan.condition(region, t), nodes, targets: 2 }, () => [{ readableAt: t }]);
    }
  }
  const series: HistorySeries[] = sourceMetrics(topology, stacks, regions).map(s => ({
    region: s.region,
    namespace: s.namespace,
    metricName: s.metricName,
    dimensions: s.dimensions.map(d => ({ Name: d.Name, Value: d.Value })),
    statistic: s.statistic,
    values: Float64Array.from({ length: scenario.durationMinutes }, (_, t) => store.statistic(s.key, t, 1, s.statistic, Infinity) ?? NaN),
  }));
  return {
    header: {
      format: 'cdk-active-active-failover/history',
      version: 1,
      start: '2026-11-01T00:00:00Z',
      minutes: scenario.durationMinutes,
      periodSeconds: 60,
      regions,
      source: `scenario ${scenario.name}`,
    },
    series,
  };
}

const health = (timeline: { regions: { healthy: boolean }[] }[]) => timeline.map(m => m.regions.map(r => (r.healthy ? 'H' : 'u')).join('')).join(' ');

describe.each(['gray-5xx', 'gray-p99', 'gray-cpu', 'gray-connection-errors', 'hard-outage', 'noisy-day'])('%s', name => {
  test.each([
    ['optimistic', { profile: 'optimistic' }],
    ['documented, seed 1', { profile: 'documented', seed: 1 }],
    ['documented, seed 7', { profile: 'documented', seed: 7 }],
  ] as [string, SimulationOptions][])('backtest and simulate give the same Region health every minute (%s)', (_, options) => {
    const scenario = BUILT_IN_SCENARIOS[name];
    const simulated = simulate(topology, scenario, options);
    const history = recordedHistory(scenario, profileAssumptions(options.profile!));
    const regions = simulated.regions;
    const incidents = scenario.events.filter(e => e.degrades).flatMap(e => (e.region === '*' ? regions : [e.region.startsWith('@') ? regions[Number(e.region.slice(1)) - 1] : e.region])
      .map(region => ({ region, startMinute: e.startMinute, endMinute: e.endMinute })));
    const replayed = backtest(stacks, history, { ...options, incidents });
    expect(health(replayed.simulation.timeline)).toEqual(health(simulated.timeline));
    expect(replayed.simulation.summary).toEqual(simulated.summary);
    expect(replayed.falseFailovers).toBe(simulated.summary.falseFailovers);
  });
});
