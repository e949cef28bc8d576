import * as fs from 'fs';
import * as path from 'path';
import { cpuAlarm, flagAlarm, p99Signal, regionStack, RegionOptions, republishedP99Region, republisherConfig, scenario, target5xxAlarm } from './templates';
import { MetricArrival } from '../../src/simulator/arrival';
import {
  allowedText, ASSUMPTIONS, checkAssumptions, DEFAULT_ASSUMPTIONS, DEFAULT_PROFILE, profileAssumptions, SimulationAssumptions,
} from '../../src/simulator/assumptions';
import { simulate } from '../../src/simulator/engine';
import { PlacedEvacuation, ScenarioPlan } from '../../src/simulator/plan';
import { draw } from '../../src/simulator/random';
import { summaryText } from '../../src/simulator/report';
import { SimulationOptions, SimulationResult } from '../../src/simulator/result';
import { readTopology } from '../../src/simulator/topology';

const R1 = 'us-east-1';
const R2 = 'eu-west-1';

/** Runs a scenario against two Regions (r1 built with `options`, r2 with `other`). */
function run(options: RegionOptions, rest: Record<string, unknown>, sim: SimulationOptions, other: RegionOptions = {}): SimulationResult {
  return simulate(readTopology([regionStack(R1, options), regionStack(R2, other)]), scenario(R1, R2, rest), sim);
}

/** The documented profile with only the given behaviours on (the others as the optimistic profile has them). */
function documentedWith(assumptions: Partial<SimulationAssumptions>, seed = 1): SimulationOptions {
  const off = { lateDatapointPercent: 0, partialFirstReads: 0, pooledTrafficPercent: 0 };
  return { profile: 'documented', seed, assumptions: { ...off, ...assumptions } };
}

const OPTIMISTIC: SimulationOptions = { profile: 'optimistic' };

const incident = (condition: Record<string, number>, startMinute = 10, endMinute = 30, extra: Record<string, unknown> = {}) =>
  ({ events: [{ region: R1, startMinute, endMinute, condition, ...extra }] });

/** Minutes where r1's record is healthy in DNS, as a string of 'H' and 'u'. */
function health(result: SimulationResult, from: number, to: number, index = 0): string {
  return result.timeline.slice(from, to).map(m => (m.regions[index].healthy ? 'H' : 'u')).join('');
}

/** The first seed from 1 that passes `test`. */
function seedWhere(test: (seed: number) => boolean): number {
  for (let seed = 1; seed < 1000; seed++) {
    if (test(seed)) {
      return seed;
    }
  }
  throw new Error('no seed found');
}

describe('the profiles', () => {
  test('optimistic is the simulator\'s former assumptions; documented pins what the documents allow; documented is the default', () => {
    expect(DEFAULT_PROFILE).toBe('documented');
    expect(DEFAULT_ASSUMPTIONS).toEqual(profileAssumptions('documented'));
    expect(profileAssumptions('optimistic')).toEqual({
      awsMetricDelayMinutes: 2,
      customMetricDelayMinutes: 1,
      route53DelayMinutes: 1,
      dnsTtlMinutes: 1,
      extraRangePeriods: 3,
      lateDatapointPercent: 0,
      partialFirstReads: 0,
      albNodes: 3,
      pooledTrafficPercent: 0,
      republisherLateSeconds: 0,
      checkersPerLocation: 2,
      healthyCheckerShare: 0.18,
      endpointTimeoutSeconds: 2,
      requestsPerUserMinute: 6,
      causeLookbackMinutes: 15,
    });
    expect(profileAssumptions('documented')).toMatchObject({
      awsMetricDelayMinutes: 2,
      customMetricDelayMinutes: 1,
      route53DelayMinutes: 1,
      dnsTtlMinutes: 1,
      extraRangePeriods: 2,
      lateDatapointPercent: 25,
      partialFirstReads: 1,
      albNodes: 3,
      pooledTrafficPercent: 50,
      republisherLateSeconds: 15,
    });
  });

  test('docs/simulator.md lists every assumption with both profiles\' values, its bounds and its source', () => {
    const docs = fs.readFileSync(path.join(__dirname, '../../docs/simulator.md'), 'utf-8');
    const table = ['| assumption | optimistic | documented | allowed | source |', '| --- | --- | --- | --- | --- |',
      ...Object.entries(ASSUMPTIONS).map(([n, a]) => `| \`${n}\` | ${a.optimistic} | ${a.documented} | ${allowedText(a)} | ${a.source} |`)];
    expect(docs).toContain(`\n${table.join('\n')}\n`);
  });

  test('every assumption has bounds that hold both profiles\' values, and a source', () => {
    for (const [name, spec] of Object.entries(ASSUMPTIONS)) {
      for (const value of [spec.optimistic, spec.documented]) {
        expect(() => checkAssumptions({ [name]: value })).not.toThrow();
      }
      expect(spec.source.length).toBeGreaterThan(20);
    }
  });

  test.each(Object.entries(ASSUMPTIONS))('fails if %s is outside its bounds, naming it, the value and the bounds', (name, spec) => {
    const above = spec.exclusiveMaximum ? spec.maximum : spec.maximum + 1;
    expect(() => checkAssumptions({ [name]: above })).toThrow(`assumption '${name}' must be ${allowedText(spec)}, got: ${above}.`);
    expect(() => checkAssumptions({ [name]: spec.minimum - 1 })).toThrow(`assumption '${name}' must be `);
    if (spec.whole) {
      expect(() => checkAssumptions({ [name]: spec.minimum + 0.5 })).toThrow(`must be a whole number from ${spec.minimum} to ${spec.maximum}`);
    }
  });

  test('fails if the profile or the seed is not one there is', () => {
    const topology = readTopology([regionStack(R1), regionStack(R2)]);
    expect(() => simulate(topology, scenario(R1, R2, {}), { profile: 'pessimistic' as any }))
      .toThrow('profile must be one of optimistic, documented, got: "pessimistic".');
    expect(() => simulate(topology, scenario(R1, R2, {}), { seed: -1 })).toThrow('seed must be a whole number from 0 to 2147483647, got: -1.');
    expect(() => simulate(topology, scenario(R1, R2, {}), { seed: 0.5 })).toThrow('seed must be a whole number');
  });

  test('the same seed gives the same run; the result says which profile and seed', () => {
    const options = republishedP99Region(3)(R1);
    const rest = incident({ p99LatencyMs: 2500, maxLatencyMs: 4000 });
    const a = run(options, rest, { seed: 7 });
    expect(run(options, rest, { seed: 7 })).toEqual(a);
    expect(a).toMatchObject({ profile: 'documented', seed: 7, assumptions: DEFAULT_ASSUMPTIONS });
    expect(run(options, rest, {}).seed).toBe(1);
    expect(summaryText(a)).toContain('Assumptions (profile documented, seed 7): AWS metrics readable 2 min after their minute starts (25 % a minute later)');
  });
});

describe('late datapoints', () => {
  // A one-period CPU alarm: minute 10's datapoint is readable at 12 (4 minutes in all), or at 13 when it is late.
  const cpu = { alarm: cpuAlarm(1) };
  const rest = incident({ cpuPercent: 97 });

  test('a late datapoint delays a direct CPU alarm by a minute in documented, not in optimistic', () => {
    expect(run(cpu, rest, OPTIMISTIC).summary.dnsMovedMinutes).toBe(4);
    expect(run(cpu, rest, documentedWith({ lateDatapointPercent: 100 })).summary.dnsMovedMinutes).toBe(5);
    expect(run(cpu, rest, documentedWith({ lateDatapointPercent: 0 })).summary.dnsMovedMinutes).toBe(4);
  });

  test('25 % of datapoints are late, drawn for each Region, metric and minute from the seed', () => {
    const late = (seed: number) => draw(seed, 'late', R1, 'AWS/ECS', 'CPUUtilization', 10) * 100 < 25;
    const lateSeed = seedWhere(late);
    const onTimeSeed = seedWhere(seed => !late(seed));
    expect(run(cpu, rest, documentedWith({ lateDatapointPercent: 25 }, lateSeed)).summary.dnsMovedMinutes).toBe(5);
    expect(run(cpu, rest, documentedWith({ lateDatapointPercent: 25 }, onTimeSeed)).summary.dnsMovedMinutes).toBe(4);
    const share = Array.from({ length: 2000 }, (_, i) => draw(3, 'late', R1, 'AWS/ECS', 'CPUUtilization', i) * 100 < 25).filter(x => x).length / 2000;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
  });

  test('a scenario\'s late data delays its minutes by as many minutes; data later than Route 53\'s range is never seen', () => {
    const lateData = (delayMinutes: number, namespace = 'AWS/ECS') => [{ region: '@1', startMinute: 5, endMinute: 20, namespace, delayMinutes }];
    expect(run(cpu, { ...rest, lateData: lateData(1) }, OPTIMISTIC).summary.dnsMovedMinutes).toBe(5);
    // 3 minutes late, minute m is readable at m + 5, when the range (1 + 3 periods) has moved past it: the
    // check sees no datapoint until minute 20's, readable at 22 (14 minutes).
    expect(run(cpu, { ...rest, lateData: lateData(3) }, OPTIMISTIC).summary.dnsMovedMinutes).toBe(14);
    // Another namespace's late data changes nothing.
    expect(run(cpu, { ...rest, lateData: lateData(3, 'AWS/ApplicationELB') }, OPTIMISTIC).summary.dnsMovedMinutes).toBe(4);
  });
});

describe('Route 53\'s evaluation range', () => {
  // A traffic-based alarm, InsufficientDataHealthStatus Healthy: once r1 is drained (minute 14) its last
  // datapoint (minute 13) leaves the range (EvaluationPeriods + extraRangePeriods periods) and the Region comes back.
  const options = { alarm: target5xxAlarm(), insufficientDataHealthStatus: 'Healthy' };
  const rest = incident({ http5xxPercent: 50 });

  test('documented looks at EvaluationPeriods + 2 periods: a silent metric counts as missing one minute earlier', () => {
    expect(health(run(options, rest, OPTIMISTIC), 12, 20)).toBe('H' + 'uuuuuu' + 'H');
    expect(health(run(options, rest, documentedWith({})), 12, 20)).toBe('H' + 'uuuuu' + 'HH');
  });

  test('fewer datapoints than EvaluationPeriods in the range are insufficient data', () => {
    // Three periods; a drained Region's three last datapoints leave a 5-period range one by one.
    const three = { alarm: { ...target5xxAlarm(), EvaluationPeriods: 3, DatapointsToAlarm: 3 }, insufficientDataHealthStatus: 'Healthy' };
    // Out of DNS at 15 (minutes 10 to 12 read at 14), drained from 16: minute 15 is the last datapoint.
    // At 19 the range (minutes 14 to 18) holds two breaching datapoints: insufficient, not judged on those
    // two: Healthy, acted on at 20. Optimistic looks a period further back: at 19 it still has three.
    expect(health(run(three, rest, documentedWith({})), 14, 22)).toBe('H' + 'uuuuu' + 'HH');
    expect(health(run(three, rest, OPTIMISTIC), 14, 22)).toBe('H' + 'uuuuuu' + 'H');
  });
});

describe('partial first reads of a load balancer minute', () => {
  // One node of three spikes during minute 10: p99 1.1 s on it, about 0.9 s over the whole minute.
  const spike = {
    events: [{ region: R1, startMinute: 10, endMinute: 11, degrades: false, oneNode: true, condition: { p99LatencyMs: 1100, maxLatencyMs: 2000 } }],
  };
  const arrival = (seed: number) => {
    const plan = new ScenarioPlan(scenario(R1, R2, {}), [R1, R2], new Map<string, PlacedEvacuation>(), []);
    return new MetricArrival(checkAssumptions({}, 'documented'), seed, plan);
  };

  test('the first read shows 1 to all of the nodes, the whole minute a minute later; gauges and ECS metrics are whole at once', () => {
    const seed = seedWhere(s => arrival(s).firstReadNodes(R1, 10)?.length === 1);
    const nodes = arrival(seed).firstReadNodes(R1, 10)!;
    expect(arrival(seed).revisions(R1, { namespace: 'AWS/ApplicationELB', name: 'RequestCount', perNode: true }, 10))
      .toEqual([{ readableAt: 12, until: 13, nodes }, { readableAt: 13 }]);
    expect(arrival(seed).revisions(R1, { namespace: 'AWS/ECS', name: 'CPUUtilization', perNode: false }, 10)).toEqual([{ readableAt: 12 }]);
    const seen = Array.from({ length: 600 }, (_, m) => arrival(1).firstReadNodes(R1, m)?.length ?? 3);
    expect(new Set(seen)).toEqual(new Set([1, 2, 3]));
    // One node: every read shows it all.
    const plan = new ScenarioPlan(scenario(R1, R2, {}), [R1, R2], new Map<string, PlacedEvacuation>(), []);
    const oneNode = new MetricArrival(checkAssumptions({ albNodes: 1 }, 'documented'), seed, plan);
    expect(Array.from({ length: 100 }, (_, m) => oneNode.firstReadNodes(R1, m)).every(read => read === undefined)).toBe(true);
  });

  test('an early read of the spiking node alone overstates the minute; the republisher\'s next run corrects it', () => {
    const alone = seedWhere(s => arrival(s).firstReadNodes(R1, 10)?.join() === '0');
    const without = seedWhere(s => !(arrival(s).firstReadNodes(R1, 10) ?? [0]).includes(0));
    // A one-minute verdict: the run at 12 reads 1.1 s (verdict 1, readable at 13, acted on at 14); the run at 13 reads
    // the whole minute, 0.9 s (verdict 0): out of DNS for one minute only.
    expect(health(run(republishedP99Region(1)(R1), spike, documentedWith({ partialFirstReads: 1 }, alone)), 12, 18)).toBe('HHuHHH');
    // A first read that leaves the spiking node out, or the whole minute: no move.
    expect(health(run(republishedP99Region(1)(R1), spike, documentedWith({ partialFirstReads: 1 }, without)), 0, 40)).toBe('H'.repeat(40));
    expect(health(run(republishedP99Region(1)(R1), spike, OPTIMISTIC), 0, 40)).toBe('H'.repeat(40));
    // Three minutes of three: one overstated minute never moves anyone.
    expect(run(republishedP99Region(3)(R1), spike, documentedWith({ partialFirstReads: 1 }, alone)).summary.falseFailovers).toBe(0);
  });
});

describe('pooled connections', () => {
  // A one-period CPU alarm: DNS sends r1's users elsewhere from minute 14 (4 minutes). Half of them are on
  // pooled connections, which close every keep-alive (connection ages spread evenly) and only then re-resolve.
  const rest = incident({ cpuPercent: 97 });
  const pooled = documentedWith({ pooledTrafficPercent: 50 });

  test('pooled requests lag DNS by up to the keep-alive, linearly', () => {
    const result = run({ alarm: cpuAlarm(1), keepAliveSeconds: 300 }, rest, pooled);
    expect(result.timeline.slice(13, 20).map(m => m.regions[0].users)).toEqual([100, 40, 30, 20, 10, 0, 0]);
    expect(result.timeline.slice(13, 20).map(m => m.regions[0].dnsShare)).toEqual([100 / 150, 0, 0, 0, 0, 0, 0]);
    expect(result.summary).toMatchObject({ firstMoveMinutes: 4, dnsMovedMinutes: 4, allRequestsMovedMinutes: 8, allMovedMinutes: 4 });
    expect(result.clientKeepAliveSeconds).toEqual({ [R1]: 300, [R2]: 3600 });
    expect(summaryText(result)).toContain(`${R1} (incident, minutes 10-30, 67% of users): first users moved after 4 min, DNS moved after 4 min, `
      + 'all requests after 8 min, back 4 min after the end; 1 unhealthy transition.');
    // Degraded: 100 users for minutes 10 to 13, then 40, 30, 20, 10.
    expect(result.summary.degradedUserMinutes).toBe(500);
  });

  test('with the default keep-alive (3,600 s) pooled requests stay for the whole incident; with 60 s they follow DNS', () => {
    expect(run({ alarm: cpuAlarm(1) }, rest, pooled).summary).toMatchObject({ dnsMovedMinutes: 4, allRequestsMovedMinutes: undefined });
    expect(run({ alarm: cpuAlarm(1), keepAliveSeconds: 60 }, rest, pooled).summary).toMatchObject({ dnsMovedMinutes: 4, allRequestsMovedMinutes: 4 });
    expect(run({ alarm: cpuAlarm(1), keepAliveSeconds: 60 }, rest, OPTIMISTIC).summary)
      .toMatchObject({ dnsMovedMinutes: 4, allRequestsMovedMinutes: 4 });
  });
});

describe('a fault the probe\'s path does not see', () => {
  // A traffic-based alarm with LastKnownStatus and probe traffic (32 requests a minute). Drained, the Region
  // gets only the probe's requests: when they meet the fault, it stays out; when they do not, it looks healthy.
  const options = { alarm: target5xxAlarm(), insufficientDataHealthStatus: 'LastKnownStatus', probe: true };

  test('a blind probe brings the Region back while it is still degraded: it flaps', () => {
    const seen = run(options, incident({ http5xxPercent: 50 }), OPTIMISTIC);
    const blind = run(options, incident({ http5xxPercent: 50 }, 10, 30, { probeSeesFault: false }), OPTIMISTIC);
    expect(seen.summary).toMatchObject({ flaps: 0, allRequestsMovedMinutes: 4 });
    // Out 13-16, in 17-20, out 21-24, in 25-28, out from 29: three unhealthy transitions in the incident.
    // Out of DNS at 13, drained from 14: minute 14 has only the probe's 32 requests, with 0.1 % 5xx, read at 16:
    // healthy, acted on at 17; users back at 18, their 5xx read at 20, out again at 21.
    expect(health(blind, 12, 22)).toBe('HuuuuHHHHu');
    expect(blind.timeline[18].regions[0]).toMatchObject({ healthy: true, degraded: true, users: 100 });
    expect(blind.summary.flaps).toBe(2);
  });

  test('an endpoint check on a path the fault does not reach never fails', () => {
    const check = {
      resources: {
        Probe: {
          Type: 'AWS::Route53::HealthCheck',
          Properties: {
            HealthCheckConfig: {
              Type: 'HTTP', FullyQualifiedDomainName: { 'Fn::GetAtt': ['Lb', 'DNSName'] }, Port: 80, RequestInterval: 30, FailureThreshold: 3,
            },
          },
        },
      },
    };
    const stack = regionStack(R1, check);
    (stack.template.Resources!.Record.Properties as any).HealthCheckId = { Ref: 'Probe' };
    const topology = readTopology([stack, regionStack(R2)]);
    expect(simulate(topology, scenario(R1, R2, incident({ http5xxPercent: 100 })), OPTIMISTIC).summary.dnsMovedMinutes).toBe(4);
    expect(simulate(topology, scenario(R1, R2, incident({ http5xxPercent: 100 }, 10, 30, { probeSeesFault: false })), OPTIMISTIC)
      .summary.firstMoveMinutes).toBeUndefined();
  });
});

describe('republisher faults', () => {
  const quiet = (fault: string) => ({ republisherFaults: [{ region: '*', startMinute: 10, endMinute: 25, fault }] });

  test('a republisher failing on a healthy day: its verdicts stop, LastKnownStatus holds, nobody moves', () => {
    const result = run(republishedP99Region(3)(R1), quiet('failing'), documentedWith({}));
    expect(health(result, 0, 40)).toBe('H'.repeat(40));
    expect(result.summary.falseFailovers).toBe(0);
    // With Unhealthy, the missing verdicts take the Region out: the last one (run 9) leaves the range (1 + 2
    // periods) at 13, acted on at 14; the first run after the fault (25) is read at 26, acted on at 27.
    const unhealthy = run(republishedP99Region(3, 'Unhealthy')(R1), quiet('failing'), documentedWith({}));
    expect(health(unhealthy, 12, 28)).toBe('HH' + 'u'.repeat(13) + 'H');
  });

  test('a GetMetricData error fails the run (nothing published), a missed run publishes nothing, a late run changes nothing', () => {
    const unhealthy = republishedP99Region(3, 'Unhealthy')(R1);
    const failing = run(unhealthy, quiet('failing'), documentedWith({}));
    expect(run(unhealthy, quiet('getMetricDataError'), documentedWith({})).timeline).toEqual(failing.timeline);
    expect(run(unhealthy, quiet('notInvoked'), documentedWith({})).timeline).toEqual(failing.timeline);
    const onTime = run(unhealthy, {}, documentedWith({}));
    expect(run(unhealthy, { republisherFaults: [{ region: '*', startMinute: 0, endMinute: 40, fault: 'late', lateSeconds: 59 }] }, documentedWith({})).timeline)
      .toEqual(onTime.timeline);
    expect(run(unhealthy, {}, documentedWith({ republisherLateSeconds: 0 })).timeline).toEqual(onTime.timeline);
  });

  test('the heartbeat is published by every run that did its work, and by no failing run', () => {
    // A health check on the heartbeat (Sum below 1: unhealthy), missing data Unhealthy.
    const heartbeat = {
      alarm: {
        ...flagAlarm('ActiveActiveFailover', 'RepublisherHeartbeat', [{ Name: 'FunctionName', Value: `republisher-${R1}` }]),
        Statistic: 'Sum',
        ComparisonOperator: 'LessThanThreshold',
      },
      insufficientDataHealthStatus: 'Unhealthy',
      republisher: republisherConfig(R1, [p99Signal(R1, 3)]),
    };
    const result = run(heartbeat, quiet('failing'), documentedWith({}));
    // No data at the first reading: Unhealthy (acted on at 1). The heartbeat of run t is readable at t + 1; the
    // last before the fault (run 9) leaves the 3-period range at 13 (out at 14); run 25's is read at 26 (in at 27).
    expect(health(result, 1, 30)).toBe('u' + 'H'.repeat(12) + 'u'.repeat(13) + 'HHH');
  });
});
