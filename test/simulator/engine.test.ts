import { cpuAlarm, flagAlarm, NAME, regionStack, RegionOptions, scenario, target5xxAlarm } from './templates';
import { CONFIG_VERSION, RepublisherConfig } from '../../src/model/republisher/config';
import { simulate } from '../../src/simulator/engine';
import { summaryText } from '../../src/simulator/report';
import { SimulationOptions, SimulationResult } from '../../src/simulator/result';
import { readTopology } from '../../src/simulator/topology';

const R1 = 'us-east-1';
const R2 = 'eu-west-1';

/**
 * The optimistic profile: no late or partial data, no pooled connection, so
 * that every minute below can be worked out by hand (profiles.test.ts tests
 * the documented profile's behaviours one by one).
 */
const OPTIMISTIC: SimulationOptions = { profile: 'optimistic' };

/** Runs a scenario against two Regions; r1 built with `options`, r2 with `other`. */
function run(options: RegionOptions, rest: Record<string, unknown>, other: RegionOptions = {}): SimulationResult {
  return simulate(readTopology([regionStack(R1, options), regionStack(R2, other)]), scenario(R1, R2, rest), OPTIMISTIC);
}

const incident = (condition: Record<string, number>, region = R1, startMinute = 10, endMinute = 30) =>
  ({ events: [{ region, startMinute, endMinute, condition }] });

/** Minutes where r1's record is healthy in DNS, as a string of 'H' and 'u'. */
function health(result: SimulationResult, from: number, to: number, index = 0): string {
  return result.timeline.slice(from, to).map(m => (m.regions[index].healthy ? 'H' : 'u')).join('');
}

describe('one alarm, one Region, known data', () => {
  // Minute 10's CPU datapoint is readable at 12 (2 minutes after the minute
  // starts); Route 53 reads it at 12 and acts at 13; users keep their answer
  // 60 s, so minute 14 is the first without users in r1: 4 minutes.
  test('a 1-period CPU alarm moves users 4 minutes after the incident starts and back 4 minutes after it ends', () => {
    const result = run({ alarm: cpuAlarm(1) }, incident({ cpuPercent: 97 }));
    expect(health(result, 11, 15)).toBe('HHuu');
    expect(result.timeline[13].regions[0].users).toBe(100);
    expect(result.timeline[14].regions[0].users).toBe(0);
    expect(result.timeline[14].regions[1].users).toBe(150);
    expect(result.summary).toMatchObject({ firstMoveMinutes: 4, allMovedMinutes: 4, recoveryMinutes: 4, flaps: 0, falseFailovers: 0 });
    // Degraded: 100 users for minutes 10 to 13, against 100 users for all 20 minutes.
    expect(result.summary.degradedUserMinutes).toBe(400);
    expect(result.summary.degradedUserMinutesWithoutFailover).toBe(2000);
  });

  test('three evaluation periods take two minutes more (the third bad minute must be read)', () => {
    const result = run({ alarm: cpuAlarm(3) }, incident({ cpuPercent: 97 }));
    expect(health(result, 14, 16)).toBe('Hu');
    expect(result.summary).toMatchObject({ allMovedMinutes: 6, recoveryMinutes: 4 });
  });

  test('a breach shorter than the evaluation periods moves nobody', () => {
    const result = run({ alarm: cpuAlarm(3) }, incident({ cpuPercent: 97 }, R1, 10, 12));
    expect(health(result, 0, 40)).toBe('H'.repeat(40));
    expect(result.summary.firstMoveMinutes).toBeUndefined();
    expect(result.summary.falseFailovers).toBe(0);
    expect(summaryText(result)).toContain(`${R1} (incident, minutes 10-12, 67% of users): users never moved; 0 unhealthy transitions.`);
  });

  test('every Region unhealthy: fail-open, everyone stays in their nearest Region', () => {
    const result = run({ alarm: cpuAlarm(1) }, incident({ cpuPercent: 97 }, '*'), { alarm: cpuAlarm(1) });
    expect(result.timeline.filter(m => m.failOpen).map(m => m.minute)).toEqual([...Array(20).keys()].map(i => 13 + i));
    expect(result.timeline.every(m => m.regions[0].users === 100 && m.regions[1].users === 50)).toBe(true);
    expect(result.summary).toMatchObject({ failOpenMinutes: 20, firstMoveMinutes: undefined, flaps: 0, falseFailovers: 0 });
  });

  test('a Region unhealthy without any degradation counts as a false failover', () => {
    const noise = { region: R1, startMinute: 10, endMinute: 11, degrades: false, condition: { cpuPercent: 97 } };
    const result = run({ alarm: cpuAlarm(1) }, { events: [noise] });
    expect(health(result, 12, 15)).toBe('Hu' + 'H');
    expect(result.summary.falseFailovers).toBe(1);
  });
});

describe('missing data when a drained Region goes silent', () => {
  // A traffic-based alarm (target 5xx count): once r1 is drained (minute 14)
  // it gets no request, so no datapoint. The last datapoint (minute 13) leaves
  // the evaluation range (4 periods) at 18: the data is insufficient.
  test('Healthy brings users back to the broken Region: it flaps', () => {
    const result = run({ alarm: target5xxAlarm(), insufficientDataHealthStatus: 'Healthy' }, incident({ http5xxPercent: 50 }));
    expect(health(result, 12, 31)).toBe('H' + 'uuuuuu' + 'HHHH' + 'uuuuuu' + 'HH');
    expect(result.timeline[20].regions[0].users).toBe(100);
    expect(result.summary.affected[0].unhealthyTransitions).toBe(2);
    expect(result.summary.flaps).toBe(1);
  });

  test('Unhealthy keeps the Region out, even after it recovered', () => {
    const result = run({ alarm: target5xxAlarm(), insufficientDataHealthStatus: 'Unhealthy' }, incident({ http5xxPercent: 50 }));
    expect(health(result, 13, 40)).toBe('u'.repeat(27));
    expect(result.summary).toMatchObject({ allMovedMinutes: 4, recoveryMinutes: undefined, flaps: 0 });
  });

  test('LastKnownStatus keeps the Region out forever without traffic', () => {
    const result = run({ alarm: target5xxAlarm(), insufficientDataHealthStatus: 'LastKnownStatus' }, incident({ http5xxPercent: 50 }));
    expect(health(result, 13, 40)).toBe('u'.repeat(27));
    expect(result.summary.recoveryMinutes).toBeUndefined();
  });

  test('LastKnownStatus with probe traffic: no flap, and the Region comes back once it is healthy', () => {
    // 8 checker locations x 2 checkers x 2 requests a minute = 32 requests,
    // half of them 5xx: 16 > 10 keeps the alarm breaching while drained.
    const result = run({ alarm: target5xxAlarm(), insufficientDataHealthStatus: 'LastKnownStatus', probe: true }, incident({ http5xxPercent: 50 }));
    expect(result.timeline[20].regions[0].probeRequests).toBe(32);
    expect(health(result, 12, 35)).toBe('H' + 'u'.repeat(20) + 'HH');
    expect(result.summary).toMatchObject({ allMovedMinutes: 4, recoveryMinutes: 4, flaps: 0 });
  });

  test('a new health check with no data at all is healthy', () => {
    const result = run({ alarm: target5xxAlarm(), insufficientDataHealthStatus: 'LastKnownStatus' }, { events: [] });
    expect(health(result, 0, 40)).toBe('H'.repeat(40));
  });
});

describe('target health and the evacuation switch', () => {
  test('every target unhealthy: EvaluateTargetHealth moves users after 3 minutes', () => {
    // The load balancer needs 2 failed checks 30 s apart (minute 10), Route 53
    // acts a minute later (12), users follow at 13.
    const result = run({ evaluateTargetHealth: true }, incident({ healthyTargetPercent: 0 }));
    expect(health(result, 11, 13)).toBe('Hu');
    expect(result.summary).toMatchObject({ allMovedMinutes: 3, recoveryMinutes: 3, flaps: 0 });
  });

  test('without EvaluateTargetHealth or a health check, nothing moves users', () => {
    const result = run({}, incident({ healthyTargetPercent: 0, http5xxPercent: 100 }));
    expect(result.summary.allMovedMinutes).toBeUndefined();
    expect(result.summary.degradedUserMinutes).toBe(2000);
  });

  const switchAlarm = {
    ...flagAlarm('ActiveActiveFailover/Evacuation', 'Evacuated', [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: R1 }]),
    TreatMissingData: 'ignore',
  };

  test('an evacuation (1 published at minute 10, 0 at 30) moves users after 3 minutes and back 3 minutes after the restore', () => {
    const result = run({ alarm: switchAlarm }, { evacuations: [{ region: '@1', startMinute: 10, endMinute: 30 }] });
    // Readable at 11, acted on at 12; no datapoint after: LastKnownStatus holds it.
    expect(health(result, 11, 34)).toBe('H' + 'u'.repeat(20) + 'HH');
    expect(result.summary.affected[0]).toMatchObject({ cause: 'evacuation', allMovedMinutes: 3, recoveryMinutes: 3, unhealthyTransitions: 1 });
    expect(result.summary.degradedUserMinutes).toBe(0);
  });

  test('evacuating a Region without a switch changes nothing, and says so', () => {
    const result = run({}, { evacuations: [{ region: R1, startMinute: 10 }] });
    expect(result.summary.affected[0].firstMoveMinutes).toBeUndefined();
    expect(result.warnings).toContain(`scenario 'test': ${R1} has no evacuation switch, so evacuating it changes nothing.`);
  });
});

describe('the templates the simulator reads', () => {
  test('follows the record name with the most Regions, or the one given', () => {
    const result = run({ alarm: cpuAlarm() }, {});
    expect(result.recordName).toBe(NAME);
    expect(result.regions).toEqual([R1, R2]);
    expect(() => simulate(readTopology([regionStack(R1)]), scenario(R1, R2, {}), { ...OPTIMISTIC, recordName: 'www.example.com' }))
      .toThrow("the assembly has no latency A record named 'www.example.com' (latency-routed names: api.example.com.).");
  });

  test('fails if the assembly has no latency record', () => {
    expect(() => simulate(readTopology([{ stackName: 'Empty', region: R1, template: { Resources: {} } }]), scenario(R1, R2, {})))
      .toThrow('the assembly has no latency-routed A record (an A record with a Region) to simulate: synthesize the app');
  });

  test('fails if a user group has no latency to a Region', () => {
    const topology = readTopology([regionStack(R1), regionStack(R2)]);
    expect(() => simulate(topology, { ...scenario(R1, R2, {}), users: [{ name: 'far', users: 1, latencyMs: { [R1]: 5 } }] }))
      .toThrow(`scenario 'test': users 'far' give no latency to ${R2} (the failover's Regions: ${R1}, ${R2}).`);
  });

  test('an alarm on a metric it does not model has no data, with a warning', () => {
    const alarm = { ...cpuAlarm(), Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage' };
    const result = run({ alarm, insufficientDataHealthStatus: 'Unhealthy' }, {});
    expect(result.warnings).toContain(`alarm alarm-${R1} (${R1}) reads AWS/SQS ApproximateAgeOfOldestMessage, which the simulator does not model: it has no data.`);
    // No data, Unhealthy: out of DNS once Route 53 acts on its first reading.
    expect(health(result, 0, 3)).toBe('Huu');
  });

  test('an alarm outside the templates is taken as healthy, with a warning', () => {
    const stack = regionStack(R1, { alarm: cpuAlarm() });
    const resources = { ...stack.template.Resources! };
    delete resources.Alarm;
    resources.Check = { ...resources.Check, Properties: { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: 'elsewhere', Region: R1 } } } };
    const topology = readTopology([{ ...stack, template: { Resources: resources } }, regionStack(R2)]);
    expect(topology.warnings).toEqual([`health check Service-${R1}/Check follows alarm elsewhere, which is not in the assembly: it is taken as always healthy.`]);
    expect(simulate(topology, scenario(R1, R2, incident({ cpuPercent: 97 })), OPTIMISTIC).summary.firstMoveMinutes).toBeUndefined();
  });

  test('an alarm on metric math is evaluated, with a warning that Route 53 refuses it', () => {
    const alarm = {
      Metrics: [
        { Id: 'e', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
        { Id: 'r', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
        { Id: 'rate', Expression: '100 * FILL(e, 0) / r', ReturnData: true },
      ],
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    };
    const result = run({ alarm, insufficientDataHealthStatus: 'LastKnownStatus', probe: true }, incident({ http5xxPercent: 8 }));
    expect(result.summary).toMatchObject({ allMovedMinutes: 4, recoveryMinutes: 4, flaps: 0 });
    expect(result.warnings).toEqual([expect.stringContaining(`follows alarm alarm-${R1}, which Route 53 refuses (AAF-ALARM-METRIC-MATH)`)]);
  });
});

describe('review cases', () => {
  /** A republisher that mirrors alarm `name` (CPU above 90 %) of its Region into a 0/1 metric Route 53 follows. */
  function mirrored(region: string, name: string): RegionOptions {
    const config: RepublisherConfig = {
      namespace: 'ActiveActiveFailover',
      windowMinutes: 16,
      signals: [],
      mirrors: [{ alarmName: name, metric: { MetricName: 'Mirror', Dimensions: [{ Name: 'Region', Value: region }] }, insufficientDataValue: 0 }],
      switches: [],
      heartbeat: { MetricName: 'RepublisherHeartbeat', Dimensions: [{ Name: 'FunctionName', Value: `republisher-${region}` }] },
    };
    return {
      alarm: flagAlarm('ActiveActiveFailover', 'Mirror', [{ Name: 'Region', Value: region }]),
      resources: {
        Source: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: name, ...cpuAlarm(1) } },
        Schedule: { Type: 'AWS::Events::Rule', Properties: { Targets: [{ Id: 'R', Input: JSON.stringify({ kind: 'tick', version: CONFIG_VERSION, config }) }] } },
      },
    };
  }

  test('mirrored alarms with the same name in two Regions are told apart; a mirror adds one minute', () => {
    // The source alarm sees minute 10 at 12 and the mirror publishes 1 at 12,
    // readable at 13; Route 53 acts at 14; users follow at 15.
    const result = run(mirrored(R1, 'api-cpu'), incident({ cpuPercent: 97 }), mirrored(R2, 'api-cpu'));
    expect(result.summary).toMatchObject({ allMovedMinutes: 5, recoveryMinutes: 5, flaps: 0, falseFailovers: 0 });
    expect(health(result, 0, 40, 1)).toBe('H'.repeat(40));
  });

  test('a mirrored composite alarm is not evaluated: a warning, and nothing published', () => {
    const options = mirrored(R1, 'api-cpu');
    const composite = { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: { AlarmName: 'api-cpu' } };
    const result = run({ ...options, resources: { ...options.resources, Source: composite } }, incident({ cpuPercent: 97 }));
    expect(result.warnings).toContain(`the republisher in ${R1} mirrors alarm api-cpu, which is not a metric alarm of the assembly in that Region `
      + '(a composite alarm, or one made outside the app): it publishes nothing for it, so the signal that follows it never changes.');
    expect(result.summary.firstMoveMinutes).toBeUndefined();
  });

  test('two incidents in one Region: each has its own move and transition, none a flap', () => {
    const result = run({ alarm: cpuAlarm(1) }, {
      events: [
        { region: R1, startMinute: 10, endMinute: 20, condition: { cpuPercent: 97 } },
        { region: R1, startMinute: 22, endMinute: 32, condition: { cpuPercent: 97 } },
      ],
    });
    // Out 14-23 (back at 24), out again from 26 (detected at 24, acted on at 25) to 35.
    const summary = result.summary.affected.map(a => [a.startMinute, a.allMovedMinutes, a.recoveryMinutes, a.unhealthyTransitions]);
    expect(summary).toEqual([[10, 4, 4, 1], [22, 4, 4, 1]]);
    expect(result.summary).toMatchObject({ flaps: 0, falseFailovers: 0, allMovedMinutes: 4, recoveryMinutes: 4 });
  });

  test('a 5-minute alarm slides by the minute: the same delay whatever minute the incident starts', () => {
    const fiveMinutes = { ...cpuAlarm(1), Period: 300 };
    const moved = (start: number) => run({ alarm: fiveMinutes }, incident({ cpuPercent: 97 }, R1, start, 35)).summary.allMovedMinutes;
    // Minutes 10 to 13 are readable at 15 and fill the 4 readable minutes of [10, 15).
    expect([moved(10), moved(11), moved(12)]).toEqual([7, 7, 7]);
  });

  test('an incident at minute 0 with Route 53 acting at once is explained by it', () => {
    const topology = readTopology([regionStack(R1, { alarm: cpuAlarm(1) }), regionStack(R2)]);
    const result = simulate(topology, scenario(R1, R2, incident({ cpuPercent: 97 }, R1, 0, 20)),
      { ...OPTIMISTIC, assumptions: { route53DelayMinutes: 0 } });
    expect(result.summary).toMatchObject({ allMovedMinutes: 3, falseFailovers: 0 });
  });

  test('a statistic the simulator does not model gives no data, with a warning, instead of failing', () => {
    const result = run({ alarm: { ...cpuAlarm(1), Statistic: undefined, ExtendedStatistic: 'tm99' }, insufficientDataHealthStatus: 'Healthy' },
      incident({ cpuPercent: 97 }));
    expect(result.warnings).toContain(`alarm alarm-${R1} (${R1}): statistic 'tm99' is not modelled (Sum, SampleCount, Minimum, Maximum, Average, pNN); it has no data.`);
    expect(result.summary.firstMoveMinutes).toBeUndefined();
  });

  test('fails if overlapping events make a condition impossible, naming the Region and the minute', () => {
    expect(() => run({}, {
      events: [{ region: R1, startMinute: 10, endMinute: 30, condition: { p99LatencyMs: 2500, maxLatencyMs: 4000 } },
        { region: '*', startMinute: 20, endMinute: 25, condition: { maxLatencyMs: 1000 } }],
    })).toThrow(`scenario 'test': the condition of ${R1} at minute 20 gives p99LatencyMs 2500 above maxLatencyMs 1000`);
  });

  test.each([
    ['events', { events: [{ region: '@1', startMinute: 1, endMinute: 5, condition: {} }, { region: '@3', startMinute: 1, endMinute: 30, condition: {} }] }, 'events[1]'],
    ['evacuations', { evacuations: [{ region: '@9', startMinute: 1, endMinute: 30 }] }, 'evacuations[0]'],
    ['lateData', { lateData: [{ region: '@3', startMinute: 1, endMinute: 30, delayMinutes: 2 }] }, 'lateData[0]'],
    ['republisherFaults', { republisherFaults: [{ region: '@3', startMinute: 1, endMinute: 30, fault: 'failing' }] }, 'republisherFaults[0]'],
  ])('fails if %s name an @n beyond the failover\'s Regions, instead of leaving the incident out', (_, rest, at) => {
    const ref = JSON.stringify(rest).match(/"(@[39])"/)![1];
    expect(() => run({}, rest)).toThrow(`[AAF-SIM-SCENARIO-REGION] scenario 'test': '${at}.region' is '${ref}', but the failover has 2 Regions `
      + `(${R1}, ${R2}): @n counts them from @1 to @2.`);
  });

  test('an @n beyond the failover\'s Regions in a built-in scenario (written for up to three) is left out, with a warning', () => {
    const builtIn = { ...scenario(R1, R2, { evacuations: [{ region: '@3', startMinute: 10 }] }), builtIn: true };
    const result = simulate(readTopology([regionStack(R1), regionStack(R2)]), builtIn, OPTIMISTIC);
    expect(result.warnings).toContain("scenario 'test': an evacuation names @3, but the failover has 2 Regions: left out.");
  });

  test('fails if users key a latency by @n or *, which is never read', () => {
    const users = [{ name: 'near', users: 10, latencyMs: { [R1]: 10, [R2]: 90, '@1': 5 } }];
    expect(() => run({}, { users })).toThrow('[AAF-SIM-USERS] scenario \'test\': \'users[0].latencyMs\' has the key \'@1\', but its keys are Region codes '
      + `(the failover's Regions: ${R1}, ${R2}), not @n or *. Fix: key each latency by the Region's code.`);
  });

  test('warns if the baseline itself is worse than healthy and the run has false failovers or fail-open minutes; the summary says so', () => {
    const result = run({ alarm: cpuAlarm(1) }, { baseline: { cpuPercent: 97 } }, { alarm: cpuAlarm(1) });
    expect(result.summary.affected).toEqual([]);
    expect(result.summary.falseFailovers).toBeGreaterThan(0);
    const warning = 'scenario \'test\': the baseline itself is worse than a healthy Region (cpuPercent 97 (healthy: 40)), in every Region for the whole '
      + `run; the ${result.summary.falseFailovers} false failover(s) and ${result.summary.failOpenMinutes} fail-open minute(s) may come from it, not from any `
      + 'incident. Fix: give the baseline a healthy condition and put the degradation in an event (degrades: true) of the Regions it hits.';
    expect(result.warnings).toContain(warning);
    const text = summaryText(result);
    expect(text).not.toContain('No Region is degraded');
    expect(text).toContain('No event degrades a Region and none is evacuated, but the baseline, every Region\'s condition all run, is worse than '
      + 'a healthy Region: cpuPercent 97 (healthy: 40).');
    expect(text).toContain(`Warning: ${warning}`);
  });

  test('warns if no target is healthy in the baseline (the load balancer fails open everywhere), not "No Region is degraded"', () => {
    const region: RegionOptions = { alarm: cpuAlarm(), evaluateTargetHealth: true };
    const result = run(region, { baseline: { healthyTargetPercent: 0 } }, region);
    expect(result.summary.failOpenMinutes).toBeGreaterThan(0);
    expect(result.warnings).toContainEqual(expect.stringContaining("scenario 'test': the baseline itself is worse than a healthy Region "
      + `(healthyTargetPercent 0 (healthy: 100)), in every Region for the whole run; the ${result.summary.falseFailovers} false failover(s) and `
      + `${result.summary.failOpenMinutes} fail-open minute(s) may come from it`));
    expect(summaryText(result)).not.toContain('No Region is degraded');
  });

  test('a baseline worse than the defaults that fires nothing gives no warning; a healthy one keeps "No Region is degraded"', () => {
    const slow = run({ alarm: cpuAlarm(1) }, { baseline: { cpuPercent: 50 } });
    expect(slow.summary).toMatchObject({ falseFailovers: 0, failOpenMinutes: 0 });
    expect(slow.warnings.filter(w => w.includes('baseline'))).toEqual([]);
    expect(summaryText(run({ alarm: cpuAlarm(1) }, {}))).toContain('No Region is degraded or evacuated: users should stay where they are.');
  });

  test.each([
    [{ awsMetricDelayMinutes: 0 }, "assumption 'awsMetricDelayMinutes' must be a whole number from 1 to 15, got: 0."],
    [{ dnsTtlMinutes: 1.5 }, "assumption 'dnsTtlMinutes' must be a whole number from 0 to 60, got: 1.5."],
    [{ healthyCheckerShare: 5 }, "assumption 'healthyCheckerShare' must be a number from 0 to less than 1, got: 5."],
    [{ requestsPerUserMinute: 0 }, "assumption 'requestsPerUserMinute' must be a number from 0.01 to 10000, got: 0."],
    [{ toString: 3 }, "unknown assumption 'toString' (known: awsMetricDelayMinutes, "],
  ])('fails if the assumptions are %j', (assumptions, message) => {
    expect(() => simulate(readTopology([regionStack(R1), regionStack(R2)]), scenario(R1, R2, {}), { assumptions: assumptions as any }))
      .toThrow(message);
  });
});
