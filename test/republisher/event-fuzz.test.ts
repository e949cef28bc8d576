/**
 * Seeded fuzz of the republisher's input: valid events (and valid
 * GetMetricData responses) with fields dropped or replaced by nulls, numbers at
 * and beyond each limit, strings, arrays, huge values and prototype keys. Every
 * case must either parse and run against mocked AWS clients, or fail with an
 * error whose message starts with an `[AAF-` id: never a bare TypeError or
 * RangeError, never a hang.
 */
import {
  CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, GetMetricDataCommandOutput, PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { CONFIG_VERSION } from '../../src/model/republisher/config';
import { parseEvent } from '../../src/model/republisher/event';
import { handler, RunLog } from '../../src/republisher/republisher.lambda';
import { mulberry32 } from '../fuzz';

const SEED = 0x5eed16;
const CASES = 200;

/* eslint-enable no-bitwise */

const DIMS = [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }];
const RULE = { threshold: 1, comparison: 'GreaterThanThreshold', datapointsToAlarm: 2, evaluationPeriods: 3, recoveryThreshold: 0.5, recoveryPeriods: 1, recoverySettleMinutes: 4 };
const stat = (metricName: string) => ({ Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metricName, Dimensions: [{ Name: 'LoadBalancer', Value: 'app/lb/1' }] }, Period: 60, Stat: 'Sum' });
const config = () => ({
  namespace: 'ActiveActiveFailover',
  windowMinutes: 20,
  signals: [
    {
      metric: { MetricName: 'LatencyP99', Dimensions: DIMS },
      rule: { ...RULE, recoverySettleMinutes: 3 },
      valueId: 's0',
      presenceIds: ['s0'],
      queries: [{ Id: 's0', ReturnData: true, MetricStat: { ...stat('TargetResponseTime'), Stat: 'p99' } }],
    },
    {
      metric: { MetricName: 'ErrorRate', Dimensions: DIMS },
      rule: { ...RULE, threshold: 5, recoveryThreshold: 5 },
      valueId: 's1',
      presenceIds: ['s1_0e', 's1_1r'],
      sampleId: 's1_1r',
      queries: [
        { Id: 's1_0e', ReturnData: true, MetricStat: stat('HTTPCode_Target_5XX_Count') },
        { Id: 's1_1r', ReturnData: true, MetricStat: stat('RequestCount') },
        { Id: 's1', ReturnData: true, Expression: '100 * FILL(s1_0e, 0) / s1_1r', Period: 60 },
      ],
    },
  ],
  mirrors: [{ alarmName: 'slow', metric: { MetricName: 'Slow', Dimensions: DIMS }, insufficientDataValue: 0 }],
  switches: [{ parameterName: '/aaf/Api/us-east-1/evacuated', namespace: 'ActiveActiveFailover/Evacuation', metric: { MetricName: 'Evacuated', Dimensions: DIMS } }],
  heartbeat: { MetricName: 'RepublisherHeartbeat', Dimensions: [{ Name: 'FunctionName', Value: 'fn' }] },
});
/** A fresh copy of a valid event: mutations change it in place, and must not leak into the next case. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const tick = () => copy({ kind: 'tick', version: CONFIG_VERSION, config: config() });
const alarmState = () => copy({ kind: 'alarmState', version: CONFIG_VERSION, time: '2026-11-24T10:03:17Z', alarmName: 'slow', state: 'ALARM', config: config() });
const NOW = new Date('2026-11-24T10:10:30Z');
const minute = (m: number) => new Date(Date.UTC(2026, 10, 24, 10, m));
const response = (): GetMetricDataCommandOutput => ({
  $metadata: {},
  MetricDataResults: ['s0', 's1_0e', 's1_1r', 's1'].map(Id => ({ Id, StatusCode: 'Complete', Timestamps: [minute(7), minute(8), minute(9)], Values: [2, 0.1, 3] })),
});

/** Values that break types and limits: at and beyond each bound, wrong types, huge, prototype names. */
function garbage(random: () => number): unknown {
  const choices: (() => unknown)[] = [
    () => null, () => undefined, () => 0, () => -1, () => 1, () => 0.5, () => -0, () => 1440, () => 1441, () => 2 ** 31, () => 1e300,
    () => NaN, () => Infinity, () => -Infinity, () => '', () => 'x', () => '1', () => 'x'.repeat(10_000), () => '__proto__',
    () => 'constructor', () => 'Forbidden', () => 'InternalError', () => 'PartialData', () => true, () => [], () => [null], () => ({}), () => ({ kind: 'tick' }), () => new Array(70_000).fill(0),
    () => { let deep: unknown = 1; for (let i = 0; i < 5_000; i++) deep = [deep]; return deep; },
  ];
  return choices[Math.floor(random() * choices.length)]();
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** Every [container, key] of `root`'s tree (objects and arrays), the root itself left out. */
function slots(root: unknown): [Record<string, unknown>, string][] {
  const found: [Record<string, unknown>, string][] = [];
  const walk = (node: unknown, depth: number) => {
    // Huge values are leaves: mutating inside them tests nothing new and walking them is slow.
    if (typeof node !== 'object' || node === null || depth > 8 || Object.keys(node).length > 100) {
      return;
    }
    for (const key of Object.keys(node)) {
      found.push([node as Record<string, unknown>, key]);
      walk((node as Record<string, unknown>)[key], depth + 1);
    }
  };
  walk(root, 0);
  return found;
}

/**
 * Changes `root` in place, once: drops a field, replaces it with garbage, or
 * adds a prototype key to an object (as JSON.parse would: an own property).
 */
function mutate(root: Record<string, unknown>, random: () => number): void {
  const all = slots(root);
  const [container, key] = all[Math.floor(random() * all.length)] ?? [root, 'kind'];
  const op = random();
  if (op < 0.2) {
    if (Array.isArray(container)) {
      container.splice(Number(key), 1);
    } else {
      delete container[key];
    }
  } else if (op < 0.85) {
    container[key] = garbage(random);
  } else {
    // Only objects get them: JSON.parse (the Lambda runtime's, the SDK's) never puts named keys on an array.
    const value = container[key];
    const plain = typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
    const target = plain ? value : root;
    const name = PROTOTYPE_KEYS[Math.floor(random() * PROTOTYPE_KEYS.length)];
    Object.defineProperty(target, name, { value: garbage(random), enumerable: true, writable: true, configurable: true });
  }
}

const cw = mockClient(CloudWatchClient);
const ssm = mockClient(SSMClient);

beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

/** The case, short enough to read in a failure (a deeply nested value cannot be shown). */
function describe(event: unknown): string {
  try {
    return String(JSON.stringify(event, (_k, v) => (typeof v === 'string' && v.length > 50 ? `${v.slice(0, 50)}...` : v))).slice(0, 300);
  } catch {
    return `${Object.keys(event as object).join(', ')} (deeply nested)`;
  }
}

/** Fails the test unless `error` is an Error whose message starts with an AAF id. */
function expectIdentified(error: unknown, what: string): void {
  const message = error instanceof Error ? error.message : String(error);
  expect({ what, name: (error as Error)?.name, message: message.slice(0, 300) })
    .toEqual({ what, name: 'Error', message: expect.stringMatching(/^\[AAF-[A-Z0-9-]+\] /) });
}

test(`${CASES} mutated events (seed ${SEED}): each parses and runs, or fails with an [AAF-] id`, async () => {
  const random = mulberry32(SEED);
  const outcomes = { rejected: 0, ran: 0, runFailed: 0 };
  for (let i = 0; i < CASES; i++) {
    const event: Record<string, unknown> = random() < 0.75 ? tick() : alarmState();
    // No mutation at all in about one case in five: the valid event then meets a mutated GetMetricData response.
    const mutations = Math.floor(random() * 3.75);
    for (let m = 0; m < mutations; m++) {
      mutate(event, random);
    }
    // Most of the events that parse also meet a GetMetricData response with one or two mutations.
    const answer: Record<string, unknown> = response() as unknown as Record<string, unknown>;
    const answerMutations = Math.floor(random() * 3);
    for (let m = 0; m < answerMutations; m++) {
      mutate(answer, random);
    }
    const what = `case ${i}: ${describe(event)}`;
    try {
      parseEvent(event);
    } catch (error) {
      expectIdentified(error, what);
      outcomes.rejected++;
      continue;
    }
    cw.reset();
    ssm.reset();
    cw.on(GetMetricDataCommand).resolves(answer as unknown as GetMetricDataCommandOutput);
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'slow', StateValue: 'ALARM' }] });
    cw.on(PutMetricDataCommand).resolves({});
    ssm.on(GetParametersCommand).resolves({ Parameters: [{ Name: '/aaf/Api/us-east-1/evacuated', Value: '1' }] });
    const run = handler(event).then(() => undefined, (error: unknown) => error);
    await jest.advanceTimersByTimeAsync(1_000);
    const error = await run;
    if (error === undefined) {
      outcomes.ran++;
    } else {
      expectIdentified(error, `${what} (run)`);
      outcomes.runFailed++;
    }
    const log: RunLog = JSON.parse((console.log as jest.Mock).mock.calls.at(-1)[0]);
    expect(log.errors.filter(e => !e.id)).toEqual([]);
  }
  // The fuzz reaches both sides: events rejected, events that run, and runs failed by a malformed response.
  expect(outcomes.rejected).toBeGreaterThan(CASES / 4);
  expect(outcomes.ran).toBeGreaterThan(10);
  expect(outcomes.runFailed).toBeGreaterThan(3);
});

/**
 * CloudWatch's limits, fuzzed at and beyond each bound: dimensions per metric,
 * dimension name and value lengths, periods, statistics, the published
 * namespace and the queries of one GetMetricData call. An oracle says whether
 * each case keeps every limit: such a case must parse, any other must fail
 * with [AAF-REPUBLISHER-EVENT] naming the first field past its limit.
 */
test('100 configurations at and beyond CloudWatch\'s limits (seed 0x11175): accepted exactly when every limit holds', () => {
  const random = mulberry32(0x11175);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const PERIODS = [1, 2, 5, 10, 20, 30, 45, 59, 60, 61, 90, 120, 300, 3600, 86_400];
  const STATS: [string, boolean][] = [['Average', true], ['avg', true], ['p99', true], ['p99.99', true], ['p100', true], ['p101', false],
    ['tm90', true], ['TM(10%:90%)', true], ['TM(90%:10%)', false], ['IQM', true], ['Median', false], ['p', false], ['PR(:500)', true]];
  const outcomes = { accepted: 0, rejected: 0 };
  for (let i = 0; i < 100; i++) {
    const dimensions = pick([0, 1, 29, 30, 31, 40]);
    const nameLength = pick([1, 254, 255, 256]);
    const valueLength = pick([1, 1023, 1024, 1025]);
    const period = pick(PERIODS);
    const [statistic, statOk] = pick(STATS);
    const namespace = pick(['ActiveActiveFailover', 'AWS/Custom', 'aws/lower', 'MyAWS/x', 'AWS', 'AWS/']);
    const queries = pick([1, 2, 499, 500, 501]);
    const event = tick();
    const c = event.config as any;
    c.namespace = namespace;
    c.signals = [c.signals[0]];
    c.signals[0].metric.Dimensions = Array.from({ length: dimensions }, (_, d) => ({ Name: `${d}`.padEnd(nameLength, 'n'), Value: 'v'.repeat(valueLength) }));
    c.signals[0].queries = Array.from({ length: queries }, (_, q) => ({
      Id: `s${q}`, ReturnData: true, MetricStat: { ...stat('TargetResponseTime'), Period: period, Stat: statistic },
    }));
    c.signals[0].valueId = 's0';
    c.signals[0].presenceIds = ['s0'];
    // In the order parseEvent checks: the namespace, the published metric, each query (period, statistic), then the count.
    const dims = dimensions > 0;
    const problems = [
      namespace.startsWith('AWS/') && 'config.namespace',
      dims && nameLength > 255 && 'config.signals[0].metric.Dimensions[0].Name',
      dims && valueLength > 1024 && 'config.signals[0].metric.Dimensions[0].Value',
      dimensions > 30 && 'config.signals[0].metric.Dimensions',
      !(period % 60 === 0 || [1, 5, 10, 30].includes(period)) && 'config.signals[0].queries[0].MetricStat.Period',
      !statOk && 'config.signals[0].queries[0].MetricStat.Stat',
      queries > 500 && 'config.signals',
    ].filter((p): p is string => typeof p === 'string');
    const what = `case ${i}: ${JSON.stringify({ dimensions, nameLength, valueLength, period, statistic, namespace, queries })}`;
    let message: string | undefined;
    try {
      parseEvent(event);
    } catch (error) {
      expectIdentified(error, what);
      message = (error as Error).message;
    }
    if (problems.length === 0) {
      expect({ what, message }).toEqual({ what, message: undefined });
      outcomes.accepted++;
    } else {
      expect({ what, message }).toEqual({ what, message: expect.stringContaining(`[AAF-REPUBLISHER-EVENT] '${problems[0]}' must `) });
      outcomes.rejected++;
    }
  }
  expect(outcomes.accepted).toBeGreaterThan(3);
  expect(outcomes.rejected).toBeGreaterThan(30);
});
