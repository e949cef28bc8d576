import { checkScenario, HEALTHY_CONDITION, parseScenario, resolveRegions, ScenarioError } from '../../src/simulator/scenario';

const check = (raw: unknown) => () => checkScenario(raw, 'my.json');

/** Invalid scenarios and the exact message of each. */
const INVALID_SCENARIOS: [string, unknown, string][] = [
  ['the scenario is not an object', [], 'my.json: the scenario must be an object, got: [].'],
  ['a property is unknown', { name: 'x', duration: 3 },
    "my.json: the scenario has unknown property 'duration' (allowed: name, description, durationMinutes, baseline, events, evacuations, restores, lateData, "
    + 'republisherFaults, users).'],
  ['the name is missing', {}, "my.json: 'name' must be 1 to 64 letters, digits, '.', '_' or '-', got: undefined."],
  ['the name has a space', { name: 'a b' }, "my.json: 'name' must be 1 to 64 letters, digits, '.', '_' or '-', got: \"a b\"."],
  ['the description is not a string', { name: 'x', description: 3 }, "my.json: 'description' must be a string, got: 3."],
  ['the duration is too long', { name: 'x', durationMinutes: 2000 }, "my.json: 'durationMinutes' must be a whole number from 1 to 1440, got: 2000."],
  ['a percent is above 100', { name: 'x', baseline: { http5xxPercent: 120 } }, "my.json: 'baseline.http5xxPercent' must be a number from 0 to 100, got: 120."],
  ['a condition property is unknown', { name: 'x', baseline: { cpu: 1 } }, "my.json: 'baseline' has unknown property 'cpu' (allowed: "],
  ['percentiles do not grow', { name: 'x', events: [{ region: '*', startMinute: 0, endMinute: 1, condition: { p99LatencyMs: 150 } }] },
    "my.json: 'events[0].condition' gives p90LatencyMs 200 above p99LatencyMs 150 (after merging with the baseline and any overlapping event); "
    + 'percentiles must grow: p50LatencyMs <= p90LatencyMs <= p99LatencyMs <= maxLatencyMs.'],
  ['two evacuations of one Region overlap', { name: 'x', evacuations: [{ region: '@1', startMinute: 1 }, { region: '@1', startMinute: 5, endMinute: 9 }] },
    "my.json: 'evacuations[1]' overlaps evacuations[0] of the same Region @1; one switch cannot be evacuated twice: restore it first."],
  ['two user groups have one name', { name: 'x', users: [{ name: 'g', users: 1, latencyMs: {} }, { name: 'g', users: 2, latencyMs: {} }] },
    "my.json: 'users' must have unique names, got 'g' twice."],
  ['the average is above the maximum', { name: 'x', baseline: { averageLatencyMs: 900 } },
    "my.json: 'baseline' gives averageLatencyMs 900 above maxLatencyMs 800."],
  ['events is not a list', { name: 'x', events: {} }, "my.json: 'events' must be a list, got: {}."],
  ['an event ends before it starts', { name: 'x', events: [{ region: '@1', startMinute: 5, endMinute: 5, condition: {} }] },
    "my.json: 'events[0].endMinute' must be a whole number from 6 to 70, got: 5."],
  ['an event starts after the end', { name: 'x', events: [{ region: '@1', startMinute: 70, endMinute: 71, condition: {} }] },
    "my.json: 'events[0].startMinute' must be a whole number from 0 to 69, got: 70."],
  ['an event has no condition', { name: 'x', events: [{ region: '@1', startMinute: 1, endMinute: 2 }] },
    "my.json: 'events[0].condition' must be an object, got: undefined."],
  ['degrades is not a boolean', { name: 'x', events: [{ region: '@1', startMinute: 1, endMinute: 2, degrades: 'no', condition: {} }] },
    "my.json: 'events[0].degrades' must be true or false, got: \"no\"."],
  ['a label is not a string', { name: 'x', events: [{ region: '@1', startMinute: 1, endMinute: 2, label: 1, condition: {} }] },
    "my.json: 'events[0].label' must be a string, got: 1."],
  ['a Region is not a Region', { name: 'x', events: [{ region: 'Virginia', startMinute: 1, endMinute: 2, condition: {} }] },
    "my.json: 'events[0].region' must be a Region code (eu-central-1), @n (the n-th Region) or *, got: \"Virginia\"."],
  ['an evacuation names every Region', { name: 'x', evacuations: [{ region: '*', startMinute: 1 }] },
    "my.json: 'evacuations[0].region' must be a Region code (eu-central-1), @n (the n-th Region), got: \"*\"."],
  ['an event on one node changes the CPU', { name: 'x', events: [{ region: '@1', startMinute: 1, endMinute: 2, oneNode: true, condition: { cpuPercent: 95 } }] },
    "my.json: 'events[0].oneNode' is true, but the event changes 'cpuPercent'; an event on one node may change only averageLatencyMs, p50LatencyMs, "
    + 'p90LatencyMs, p99LatencyMs, maxLatencyMs, http5xxPercent, elb5xxPercent, targetConnectionErrorPercent.'],
  ['probeSeesFault is not a boolean', { name: 'x', events: [{ region: '@1', startMinute: 1, endMinute: 2, probeSeesFault: 1, condition: {} }] },
    "my.json: 'events[0].probeSeesFault' must be true or false, got: 1."],
  ['late data has no delay', { name: 'x', lateData: [{ region: '@1', startMinute: 1, endMinute: 2 }] },
    "my.json: 'lateData[0].delayMinutes' must be a whole number from 1 to 60, got: undefined."],
  ['late data names another namespace', { name: 'x', lateData: [{ region: '@1', startMinute: 1, endMinute: 2, namespace: 'AWS/SQS', delayMinutes: 1 }] },
    "my.json: 'lateData[0].namespace' must be AWS/ApplicationELB, AWS/ECS, AWS/EC2, got: \"AWS/SQS\"."],
  ['a republisher fault is unknown', { name: 'x', republisherFaults: [{ region: '*', startMinute: 1, endMinute: 2, fault: 'slow' }] },
    "my.json: 'republisherFaults[0].fault' must be failing, notInvoked, getMetricDataError, late, got: \"slow\"."],
  ['a republisher runs a minute late', { name: 'x', republisherFaults: [{ region: '*', startMinute: 1, endMinute: 2, fault: 'late', lateSeconds: 60 }] },
    "my.json: 'republisherFaults[0].lateSeconds' must be a whole number from 0 to 59, got: 60."],
  ['users is empty', { name: 'x', users: [] }, "my.json: 'users' must list at least one group (or be left out for the default world), got: []."],
  ['a user group has no name', { name: 'x', users: [{ name: '', users: 1, latencyMs: {} }] }, "my.json: 'users[0].name' must be a non-empty string, got: \"\"."],
  ['a latency is negative', { name: 'x', users: [{ name: 'g', users: 1, latencyMs: { 'eu-west-1': -1 } }] },
    "my.json: 'users[0].latencyMs.eu-west-1' must be a number from 0 to 10000, got: -1."],
];

describe('scenario files', () => {
  test('a minimal scenario gets the defaults', () => {
    const s = parseScenario('{"name": "quiet"}', 'quiet.json');
    expect(s).toEqual({
      name: 'quiet',
      description: '',
      durationMinutes: 70,
      baseline: HEALTHY_CONDITION,
      events: [],
      evacuations: [],
      lateData: [],
      republisherFaults: [],
      restores: [],
      users: undefined,
    });
  });

  test('reads an operator\'s restore command', () => {
    expect(parseScenario('{"name": "r", "restores": [{"region": "@1", "minute": 50}]}', 'r.json').restores).toEqual([{ region: '@1', minute: 50 }]);
  });

  test('fails if a restore\'s minute is not within the scenario', () => {
    expect(() => parseScenario('{"name": "r", "durationMinutes": 40, "restores": [{"region": "@1", "minute": 40}]}', 'r.json'))
      .toThrow('r.json: \'restores[0].minute\' must be a whole number from 0 to 39, got: 40.');
  });

  test('a "$schema" for editors is accepted and not read', () => {
    const s = parseScenario('{"$schema": "./node_modules/cdk-active-active-failover/scenarios/scenario.schema.json", "name": "quiet"}', 'quiet.json');
    expect(s.name).toBe('quiet');
    expect(s.events).toEqual([]);
  });

  test('events merge their condition over the baseline and degrade by default', () => {
    const s = checkScenario({
      name: 's',
      baseline: { cpuPercent: 50 },
      events: [{ region: '@2', startMinute: 1, endMinute: 5, condition: { p99LatencyMs: 700 } }],
      evacuations: [{ region: 'eu-west-1', startMinute: 3 }],
      users: [{ name: 'g', users: 10, latencyMs: { 'eu-west-1': 12 } }],
    }, 's.json');
    expect(s.baseline.cpuPercent).toBe(50);
    expect(s.events[0]).toMatchObject({ region: '@2', degrades: true, condition: { p99LatencyMs: 700 } });
    expect(s.evacuations[0]).toEqual({ region: 'eu-west-1', startMinute: 3, endMinute: undefined });
    expect(s.events[0]).toMatchObject({ probeSeesFault: true, oneNode: false });
  });

  test('late data, republisher faults and events the probe does not see or on one node get their defaults', () => {
    const s = checkScenario({
      name: 's',
      events: [{ region: '@1', startMinute: 1, endMinute: 5, probeSeesFault: false, oneNode: true, condition: { http5xxPercent: 12 } }],
      lateData: [{ region: '*', startMinute: 2, endMinute: 4, delayMinutes: 3 }],
      republisherFaults: [{ region: '@2', startMinute: 3, endMinute: 6, fault: 'late' }],
    }, 's.json');
    expect(s.events[0]).toMatchObject({ probeSeesFault: false, oneNode: true });
    expect(s.lateData).toEqual([{ region: '*', startMinute: 2, endMinute: 4, namespace: 'AWS/ApplicationELB', delayMinutes: 3 }]);
    expect(s.republisherFaults).toEqual([{ region: '@2', startMinute: 3, endMinute: 6, fault: 'late', lateSeconds: 30 }]);
  });

  test.each([
    ['the file is not JSON', '{name:', /^\[AAF-SIM-SCENARIO\] my.json: not valid JSON \(.*\)\. Scenarios are JSON files; see cdk-active-active-failover\/scenarios\/scenario.schema.json\.$/],
  ])('fails if %s', (_what, text, message) => {
    expect(() => parseScenario(text, 'my.json')).toThrow(message);
  });

  test.each(INVALID_SCENARIOS)('fails if %s', (_what, raw, message) => {
    expect(check(raw)).toThrow(ScenarioError);
    expect(check(raw)).toThrow(message);
  });

  test('every latency Region code is accepted, including the European Sovereign Cloud', () => {
    expect(checkScenario({ name: 'x', evacuations: [{ region: 'eusc-de-east-1', startMinute: 1 }] }, 's').evacuations[0].region).toBe('eusc-de-east-1');
  });

  test('Region references resolve against the failover\'s Regions', () => {
    const regions = ['us-east-1', 'eu-west-1'];
    expect(resolveRegions('*', regions, 's')).toEqual(regions);
    expect(resolveRegions('@2', regions, 's')).toEqual(['eu-west-1']);
    expect(resolveRegions('@3', regions, 's', 'events[0].region', true)).toBeUndefined();
    expect(() => resolveRegions('ap-south-1', regions, 's', 'events[2].region')).toThrow(
      "s: 'events[2].region' is 'ap-south-1', not one of the failover's 2 Regions (us-east-1, eu-west-1).");
  });

  test('fails if an @n names a Region beyond the failover\'s, naming the field, the value and how many Regions there are', () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-south-1'];
    expect(() => resolveRegions('@4', regions, 's', 'lateData[1].region')).toThrow(new ScenarioError('AAF-SIM-SCENARIO-REGION',
      "s: 'lateData[1].region' is '@4', but the failover has 3 Regions (us-east-1, eu-west-1, ap-south-1): @n counts them from @1 to @3. "
      + 'Fix: name one of them (by code or @1 to @3), or simulate an app with more Regions.'));
    expect(resolveRegions('@3', regions, 's', 'lateData[1].region')).toEqual(['ap-south-1']);
  });
});
