import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { RepublishedSignalConfig, SwitchConfig } from '../../src/model/republisher/config';
import {
  batches, buildQueries, checkMetricDataPage, floorToMinute, heartbeatDatum, MAX_METRIC_DATA_PAGES, mergeSeries, METRIC_DATA_RETRIES,
  metricDataRetryDelayMs, minuteValues, mirrorDatapoints, mirrorDecisions, mirrorValue, readWindow, RESTORED_SWITCH_EVERY_MINUTES,
  signalVerdicts, switchDatapoints, switchDecisions, verdictReports,
} from '../../src/model/republisher/logic';
import { metricQueries, renameIdentifiers } from '../../src/republisher/metric-queries';

const T = (hhmm: string) => Date.parse(`2026-11-24T${hhmm}Z`);
const METRIC = { MetricName: 'P99', Dimensions: [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }] };
/** 2 of 3 minutes above 1 s; recovers at the first minute at or below 0.5 s. */
const RULE = {
  threshold: 1, comparison: 'GreaterThanThreshold' as const, datapointsToAlarm: 2, evaluationPeriods: 3, recoveryThreshold: 0.5, recoveryPeriods: 1, recoverySettleMinutes: 0,
};

describe('readWindow', () => {
  test('reads the windowMinutes minutes before the run\'s own minute', () => {
    const w = readWindow(T('10:10:30'), 3);
    expect(w.start.toISOString()).toBe('2026-11-24T10:07:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-24T10:10:00.000Z');
    expect(w.minutes.map(m => new Date(m).toISOString().slice(11, 16))).toEqual(['10:07', '10:08', '10:09']);
  });

  test('depends only on the minute of the run', () => {
    expect(readWindow(T('10:10:01'), 3)).toEqual(readWindow(T('10:10:59'), 3));
    expect(readWindow(T('10:11:00'), 3).minutes[2]).toBe(T('10:10:00'));
  });

  test('floorToMinute', () => {
    expect(floorToMinute(T('10:10:59.999'))).toBe(T('10:10:00'));
  });
});

const p99Signal: RepublishedSignalConfig = {
  metric: METRIC,
  rule: RULE,
  valueId: 's0',
  presenceIds: ['s0'],
  queries: [{ Id: 's0', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [] }, Period: 60, Stat: 'p99' } }],
};
const rateSignal: RepublishedSignalConfig = {
  metric: { ...METRIC, MetricName: 'Rate' },
  rule: { ...RULE, threshold: 10, recoveryThreshold: 10 },
  valueId: 's1',
  presenceIds: ['s1_r', 's1_e5'],
  queries: [
    { Id: 's1_r', ReturnData: true }, { Id: 's1_e5', ReturnData: true }, { Id: 's1', Expression: '100 * FILL(s1_e5,0) / FILL(s1_r,0)', ReturnData: true },
  ],
};
const window = readWindow(T('10:10:30'), 3);
const at = (hhmm: string) => new Date(T(hhmm));
const p99 = (values: number[], minutes = ['10:07', '10:08', '10:09']) =>
  mergeSeries([[{ Id: 's0', Timestamps: minutes.map(at), Values: values }]]);

describe('minuteValues', () => {
  test('each minute of the window, oldest first; undefined where there is no data', () => {
    expect(minuteValues(p99Signal, p99([0.31, 2.5], ['10:07', '10:09']), window)).toEqual([0.31, undefined, 2.5]);
  });

  test('no value for a minute without source data, even when the expression has one (FILL)', () => {
    const series = mergeSeries([[
      { Id: 's1', Timestamps: [at('10:07'), at('10:08'), at('10:09')], Values: [0, 0, 25] },
      { Id: 's1_e5', Timestamps: [at('10:09')], Values: [5] },
      { Id: 's1_r', Timestamps: [at('10:08'), at('10:09')], Values: [100, 20] },
    ]]);
    expect(minuteValues(rateSignal, series, window)).toEqual([undefined, 0, 25]);
  });

  test('skips non-finite values and minutes outside the window', () => {
    expect(minuteValues(p99Signal, p99([1, NaN, Infinity], ['10:06', '10:07', '10:08']), window)).toEqual([undefined, undefined, undefined]);
  });
});

describe('signal verdicts', () => {
  test('one datapoint per signal, at the run\'s minute, at standard resolution: 1 when M of N minutes breach', () => {
    expect(signalVerdicts([p99Signal], p99([2.4, 0.8, 1.5]), window, T('10:10'))).toEqual([
      { ...METRIC, Timestamp: at('10:10'), Value: 1, StorageResolution: 60 },
    ]);
  });

  test('0 when fewer than M of the last N minutes breach, and with no data at all', () => {
    expect(signalVerdicts([p99Signal], p99([2.4, 0.8, 0.3]), window, T('10:10'))[0].Value).toBe(0);
    expect(signalVerdicts([p99Signal], new Map(), window, T('10:10'))[0].Value).toBe(0);
  });

  test('verdictReports: the verdict, and how many minutes had data', () => {
    const reports = verdictReports([p99Signal, rateSignal], p99([2.4, 1.5], ['10:08', '10:09']), window, T('10:10'));
    expect(reports.map(r => [r.datum.MetricName, r.verdict, r.minutesWithData])).toEqual([['P99', 1, 2], ['Rate', 0, 0]]);
    expect(reports[0].signal).toBe(p99Signal);
  });

  test('merges pages of results by id', () => {
    const series = mergeSeries([
      [{ Id: 's0', Timestamps: [at('10:05')], Values: [1] }, { Timestamps: [at('10:05')], Values: [9] }],
      [{ Id: 's0', Timestamps: [at('10:06')], Values: [2] }, { Id: 's0', StatusCode: 'InternalError' }],
    ]);
    expect([...series.get('s0')!.entries()]).toEqual([[T('10:05'), 1], [T('10:06'), 2]]);
  });

  test('the same results always give the same datapoints (a duplicated run publishes identical values)', () => {
    const results = [[{ Id: 's0', Timestamps: [at('10:09')], Values: [0.9] }]];
    expect(signalVerdicts([p99Signal], mergeSeries(results), window, T('10:10')))
      .toEqual(signalVerdicts([p99Signal], mergeSeries(results), window, T('10:10')));
  });

  test('buildQueries joins every signal\'s queries for one call', () => {
    expect(buildQueries([p99Signal, rateSignal]).map(q => q.Id)).toEqual(['s0', 's1_r', 's1_e5', 's1']);
  });
});

describe('GetMetricData pages', () => {
  const complete = { Id: 's0', StatusCode: 'Complete', Timestamps: [], Values: [] };

  test('Complete (or no StatusCode) and no NextToken: done', () => {
    expect(checkMetricDataPage([complete, { Id: 's1' }], undefined, 1)).toEqual({ action: 'done', statuses: {}, messages: [], warnings: [] });
  });

  test('PartialData with a NextToken: read the next page', () => {
    expect(checkMetricDataPage([{ ...complete, StatusCode: 'PartialData' }], 'next', 1))
      .toMatchObject({ action: 'nextPage', statuses: { PartialData: ['s0'] }, warnings: [] });
  });

  test('PartialData without a NextToken: done, with a warning', () => {
    expect(checkMetricDataPage([{ ...complete, StatusCode: 'PartialData' }], undefined, 1).warnings)
      .toEqual(['StatusCode PartialData for s0 without a NextToken: the verdicts are decided from the data returned']);
  });

  test('InternalError: call again; Forbidden: fail (before anything else)', () => {
    const internal = { ...complete, Id: 's1', StatusCode: 'InternalError' };
    expect(checkMetricDataPage([complete, internal], 'next', 1).action).toBe('retry');
    expect(checkMetricDataPage([internal, { ...complete, StatusCode: 'Forbidden' }], 'next', 1))
      .toMatchObject({ action: 'forbidden', statuses: { Forbidden: ['s0'], InternalError: ['s1'] } });
  });

  test(`at most ${MAX_METRIC_DATA_PAGES} pages`, () => {
    expect(checkMetricDataPage([complete], 'next', MAX_METRIC_DATA_PAGES - 1).action).toBe('nextPage');
    expect(checkMetricDataPage([complete], 'next', MAX_METRIC_DATA_PAGES).action).toBe('tooManyPages');
    expect(checkMetricDataPage([complete], undefined, MAX_METRIC_DATA_PAGES).action).toBe('done');
  });

  test('an unknown StatusCode: its data is used, with a warning', () => {
    expect(checkMetricDataPage([{ ...complete, StatusCode: 'Bogus' }], undefined, 1)).toMatchObject({
      action: 'done', warnings: ['unknown StatusCode "Bogus" for s0: its data is used as returned'],
    });
  });

  test('collects the call\'s messages and each result\'s', () => {
    const check = checkMetricDataPage([{ ...complete, Messages: [{ Code: 'ArithmeticError', Value: 'division by 0' }] }], undefined, 1,
      [{ Code: 'MaxQueryTimeRangeExceed', Value: 'too long' }]);
    expect(check.messages).toEqual([
      { code: 'MaxQueryTimeRangeExceed', value: 'too long' }, { query: 's0', code: 'ArithmeticError', value: 'division by 0' },
    ]);
  });

  test('retries: 2, after 250 ms then 500 ms', () => {
    expect(METRIC_DATA_RETRIES).toBe(2);
    expect([0, 1].map(metricDataRetryDelayMs)).toEqual([250, 500]);
  });
});

describe('switches and heartbeat', () => {
  const switches: SwitchConfig[] = ['a', 'b', 'c', 'd'].map(r => ({
    parameterName: `/aaf/Api/${r}/evacuated`, namespace: 'ActiveActiveFailover/Evacuation', metric: { ...METRIC, MetricName: `Evacuated${r}` },
  }));
  const parameters = new Map([['/aaf/Api/a/evacuated', '1'], ['/aaf/Api/b/evacuated', '0'], ['/aaf/Api/c/evacuated', 'yes']]);

  test('1 every minute; 0 every RESTORED_SWITCH_EVERY_MINUTES minutes; nothing for an absent or unknown value (and why)', () => {
    expect(RESTORED_SWITCH_EVERY_MINUTES).toBe(15);
    expect(switchDecisions(switches, parameters, T('10:14')).map(d => [d.datum?.Value, d.skipped])).toEqual([
      [1, undefined],
      [undefined, 'restored (\'0\'): published every 15 minutes, not this minute'],
      [undefined, 'parameter holds "yes", expected \'1\' (evacuated), \'0\' (restored), \'latched\' or \'latched until <ISO 8601 instant>\''],
      [undefined, 'parameter absent (the switch was never set): its health check keeps its last status'],
    ]);
    expect(switchDatapoints(switches, parameters, T('10:15'))).toEqual([
      { namespace: 'ActiveActiveFailover/Evacuation', datum: { ...switches[0].metric, Timestamp: at('10:15'), Value: 1, StorageResolution: 60 } },
      { namespace: 'ActiveActiveFailover/Evacuation', datum: { ...switches[1].metric, Timestamp: at('10:15'), Value: 0, StorageResolution: 60 } },
    ]);
  });

  test('the failback latch: 1 while latched or held; once a hold-down ends, 0 every minute for 15 minutes, then every 15 minutes', () => {
    const latched = new Map([
      ['/aaf/Api/a/evacuated', 'latched'],
      ['/aaf/Api/b/evacuated', 'latched until 2026-11-24T10:20:00.000Z'],
      ['/aaf/Api/c/evacuated', 'latched until 2026-11-24T10:00:00.000Z'],
      ['/aaf/Api/d/evacuated', 'latched until 10:20'],
    ]);
    const values = (hhmm: string) => switchDecisions(switches, latched, T(hhmm)).map(d => d.datum?.Value ?? d.skipped);
    expect(values('10:14')).toEqual([1, 1, 0, expect.stringMatching(/^parameter holds "latched until 10:20", expected/)]);
    expect(values('10:19')).toEqual([1, 1, 'released ("latched until 2026-11-24T10:00:00.000Z"): published every 15 minutes, not this minute',
      expect.any(String)]);
    expect(values('10:20').slice(0, 3)).toEqual([1, 0, expect.stringMatching(/^released/)]);
    expect(values('10:34').slice(0, 3)).toEqual([1, 0, 'released ("latched until 2026-11-24T10:00:00.000Z"): published every 15 minutes, not this minute']);
    expect(values('10:35').slice(0, 3)).toEqual([1, expect.stringMatching(/^released/), expect.stringMatching(/^released/)]);
    expect(values('10:45').slice(0, 3)).toEqual([1, 0, 0]);
  });

  test('the heartbeat is 1 at the run\'s minute', () => {
    expect(heartbeatDatum(METRIC, T('10:10'))).toEqual({ ...METRIC, Timestamp: at('10:10'), Value: 1, StorageResolution: 60 });
  });
});

describe('mirror values', () => {
  test.each<[string | undefined, number, number | undefined]>([
    ['ALARM', 0, 1], ['OK', 0, 0], ['INSUFFICIENT_DATA', 0, 0], ['INSUFFICIENT_DATA', 1, 1], [undefined, 0, undefined], ['BOGUS', 0, undefined],
  ])('state %s (insufficient data as %s) publishes %s', (state, insufficient, expected) => {
    expect(mirrorValue(state, insufficient)).toBe(expected);
  });

  test('mirrorDecisions says why an alarm is skipped', () => {
    const mirrors = ['a', 'b', 'c'].map(alarmName => ({ alarmName, metric: METRIC, insufficientDataValue: 0 }));
    expect(mirrorDecisions(mirrors, new Map([['a', 'OK'], ['b', 'BOGUS']]), T('10:10')).map(d => [d.alarmName, d.state, d.datum?.Value, d.skipped]))
      .toEqual([
        ['a', 'OK', 0, undefined],
        ['b', 'BOGUS', undefined, 'unknown alarm state "BOGUS"'],
        ['c', undefined, undefined, 'alarm not found (deleted, renamed, or not readable by the function)'],
      ]);
  });

  test('mirrorDatapoints skips alarms whose state is unknown', () => {
    const mirrors = [
      { alarmName: 'a', metric: METRIC, insufficientDataValue: 0 },
      { alarmName: 'b', metric: { ...METRIC, MetricName: 'B' }, insufficientDataValue: 0 },
    ];
    expect(mirrorDatapoints(mirrors, new Map([['a', 'ALARM']]), T('10:10'))).toEqual([
      { ...METRIC, Timestamp: at('10:10'), Value: 1, StorageResolution: 60 },
    ]);
  });
});

test('batches', () => {
  expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  expect(batches([], 2)).toEqual([]);
});

describe('metricQueries', () => {
  test('a percentile of one metric is one query, its own presence', () => {
    const metric = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency', dimensionsMap: { Service: 'checkout' }, statistic: 'p99.9', period: Duration.minutes(1) });
    expect(metricQueries(metric, 's3')).toEqual({
      queries: [{ Id: 's3', ReturnData: true, MetricStat: { Metric: { Namespace: 'Shop', MetricName: 'Latency', Dimensions: [{ Name: 'Service', Value: 'checkout' }] }, Period: 60, Stat: 'p99.9' } }],
      valueId: 's3',
      presenceIds: ['s3'],
      leafIds: {},
    });
  });

  test('metric math: leaves and nested expressions get prefixed ids; the expression is rewritten', () => {
    const m = (name: string) => new cloudwatch.Metric({ namespace: 'Shop', metricName: name, statistic: 'avg', period: Duration.minutes(1) });
    const inner = new cloudwatch.MathExpression({ expression: 'a + b', usingMetrics: { a: m('A'), b: m('B') }, period: Duration.minutes(1) });
    const outer = new cloudwatch.MathExpression({ expression: 'IF(inner > 0, 100 * c / inner, 0)', usingMetrics: { inner, c: m('C') }, period: Duration.minutes(1) });
    const q = metricQueries(outer, 's0');
    expect(q.queries.map(x => [x.Id, x.Expression ?? x.MetricStat!.Metric.MetricName, x.ReturnData])).toEqual([
      ['s0_0inner_0a', 'A', true], ['s0_0inner_1b', 'B', true], ['s0_0inner', 's0_0inner_0a + s0_0inner_1b', false],
      ['s0_1c', 'C', true], ['s0', 'IF(s0_0inner > 0, 100 * s0_1c / s0_0inner, 0)', true],
    ]);
    expect(q.queries[0].MetricStat!.Stat).toBe('Average');
    expect(q.presenceIds).toEqual(['s0_0inner_0a', 's0_0inner_1b', 's0_1c']);
  });

  test('ids stay unique whatever the keys (a nested "b" under "a" and a sibling "a_b")', () => {
    const m = (name: string) => new cloudwatch.Metric({ namespace: 'Shop', metricName: name, period: Duration.minutes(1) });
    const a = new cloudwatch.MathExpression({ expression: 'b * 2', usingMetrics: { b: m('B') }, period: Duration.minutes(1) });
    const ids = metricQueries(new cloudwatch.MathExpression({ expression: 'a + a_b', usingMetrics: { a, a_b: m('AB') }, period: Duration.minutes(1) }), 's0')
      .queries.map(q => q.Id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('dimension values may be tokens', () => {
    const stack = new Stack(undefined, 'S', { env: { region: 'us-east-1' } });
    const metric = new cloudwatch.Metric({ namespace: 'AWS/SQS', metricName: 'Age', dimensionsMap: { QueueName: stack.stackName }, statistic: 'p90' });
    expect(stack.resolve(metricQueries(metric, 's0').queries[0].MetricStat!.Metric.Dimensions)).toEqual([{ Name: 'QueueName', Value: 'S' }]);
  });

  test('renameIdentifiers leaves functions, numbers and quoted strings alone', () => {
    expect(renameIdentifiers("SEARCH('{AWS/EC2} m1', 'Average', 60) + FILL(m1, 0) * 2 + m10", { m1: 'x_m1' }))
      .toBe("SEARCH('{AWS/EC2} m1', 'Average', 60) + FILL(x_m1, 0) * 2 + m10");
  });
});

describe('minuteValues: a rate without its sample count', () => {
  const sixMinutes = readWindow(Date.parse('2026-11-24T10:10:30Z'), 6);
  const stamp = (hhmm: string) => new Date(Date.parse(`2026-11-24T${hhmm}Z`));
  const rate: RepublishedSignalConfig = {
    metric: { MetricName: 'Rate', Dimensions: [] },
    rule: { threshold: 5, comparison: 'GreaterThanThreshold', datapointsToAlarm: 3, evaluationPeriods: 3, recoveryThreshold: 5, recoveryPeriods: 1, recoverySettleMinutes: 4 },
    queries: [{ Id: 'r', ReturnData: true }, { Id: 'e', ReturnData: true }, { Id: 'v', Expression: 'x', ReturnData: true }],
    valueId: 'v',
    presenceIds: ['r', 'e'],
    sampleId: 'r',
  };

  test('counts a minute without RequestCount only once it has settled (4 minutes old): the count may just be late', () => {
    // Minutes 10:04 .. 10:09; 10:05 (5 minutes old) and 10:08 (2 minutes old) have errors but no RequestCount.
    const series = mergeSeries([[
      { Id: 'e', Timestamps: [stamp('10:05'), stamp('10:08')], Values: [12, 12] },
      { Id: 'r', Timestamps: [stamp('10:04'), stamp('10:06'), stamp('10:07')], Values: [100, 100, 100] },
      { Id: 'v', Timestamps: [stamp('10:04'), stamp('10:05'), stamp('10:06'), stamp('10:07'), stamp('10:08')], Values: [1, 60, 2, 3, 60] },
    ]]);
    expect(minuteValues(rate, series, sixMinutes)).toEqual([1, 60, 2, 3, undefined, undefined]);
  });

  test('without a sampleId every minute with data counts at once', () => {
    const series = mergeSeries([[
      { Id: 'e', Timestamps: [stamp('10:08')], Values: [12] },
      { Id: 'v', Timestamps: [stamp('10:08')], Values: [60] },
    ]]);
    const { sampleId: _none, ...withoutSample } = rate;
    expect(minuteValues(withoutSample, series, sixMinutes)[4]).toBe(60);
  });
});
