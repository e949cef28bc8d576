import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { RepublishedSignalConfig } from '../../src/model/republisher/config';
import {
  batches, buildQueries, floorToMinute, mergeSeries, mirrorDatapoints, mirrorValue, publishWindow, signalDatapoints,
} from '../../src/model/republisher/logic';
import { metricQueries, renameIdentifiers } from '../../src/republisher/metric-queries';

const T = (hhmm: string) => Date.parse(`2026-11-24T${hhmm}Z`);
const METRIC = { MetricName: 'P99', Dimensions: [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }] };

describe('publishWindow', () => {
  test('publishes the backfill minutes that ended at least the settle delay before the current minute', () => {
    const w = publishWindow(T('10:10:30'), 120, 3);
    expect(w.start.toISOString()).toBe('2026-11-24T10:05:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-24T10:08:00.000Z');
    expect(w.minutes.map(m => new Date(m).toISOString().slice(11, 16))).toEqual(['10:05', '10:06', '10:07']);
  });

  test('depends only on the minute of the run', () => {
    expect(publishWindow(T('10:10:01'), 120, 3)).toEqual(publishWindow(T('10:10:59'), 120, 3));
    expect(publishWindow(T('10:11:00'), 120, 3).minutes[2]).toBe(T('10:08:00'));
  });

  test('a settle delay of 0 publishes the minute that just ended', () => {
    expect(publishWindow(T('10:10:30'), 0, 1).minutes).toEqual([T('10:09:00')]);
  });

  test('floorToMinute', () => {
    expect(floorToMinute(T('10:10:59.999'))).toBe(T('10:10:00'));
  });
});

const p99Signal: RepublishedSignalConfig = {
  metric: METRIC,
  valueId: 's0',
  presenceIds: ['s0'],
  queries: [{ Id: 's0', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [] }, Period: 60, Stat: 'p99' } }],
};
const rateSignal: RepublishedSignalConfig = {
  metric: { ...METRIC, MetricName: 'Rate' },
  valueId: 's1',
  presenceIds: ['s1_r', 's1_e5'],
  queries: [
    { Id: 's1_r', ReturnData: true }, { Id: 's1_e5', ReturnData: true }, { Id: 's1', Expression: '100 * FILL(s1_e5,0) / FILL(s1_r,0)', ReturnData: true },
  ],
};
const window = publishWindow(T('10:10:30'), 120, 3);
const at = (hhmm: string) => new Date(T(hhmm));

describe('signalDatapoints', () => {
  test('publishes each minute with data, at its own timestamp, at standard resolution', () => {
    const series = mergeSeries([[{ Id: 's0', Timestamps: [at('10:05'), at('10:06'), at('10:07')], Values: [0.31, 0.42, 2.5] }]]);
    expect(signalDatapoints([p99Signal], series, window)).toEqual([
      { ...METRIC, Timestamp: at('10:05'), Value: 0.31, StorageResolution: 60 },
      { ...METRIC, Timestamp: at('10:06'), Value: 0.42, StorageResolution: 60 },
      { ...METRIC, Timestamp: at('10:07'), Value: 2.5, StorageResolution: 60 },
    ]);
  });

  test('never publishes a minute without source data, even when the expression has a value (FILL)', () => {
    const series = mergeSeries([[
      { Id: 's1', Timestamps: [at('10:05'), at('10:06'), at('10:07')], Values: [0, 0, 25] },
      { Id: 's1_e5', Timestamps: [at('10:07')], Values: [5] },
      { Id: 's1_r', Timestamps: [at('10:06'), at('10:07')], Values: [100, 20] },
    ]]);
    expect(signalDatapoints([rateSignal], series, window).map(d => [d.Timestamp.toISOString().slice(11, 16), d.Value])).toEqual([
      ['10:06', 0], ['10:07', 25],
    ]);
  });

  test('skips non-finite values and minutes outside the window', () => {
    const series = mergeSeries([[{ Id: 's0', Timestamps: [at('10:04'), at('10:05'), at('10:06')], Values: [1, NaN, Infinity] }]]);
    expect(signalDatapoints([p99Signal], series, window)).toEqual([]);
  });

  test('merges pages of results by id', () => {
    const series = mergeSeries([
      [{ Id: 's0', Timestamps: [at('10:05')], Values: [1] }, { Timestamps: [at('10:05')], Values: [9] }],
      [{ Id: 's0', Timestamps: [at('10:06')], Values: [2] }, { Id: 's0', StatusCode: 'InternalError' }],
    ]);
    expect([...series.get('s0')!.entries()]).toEqual([[T('10:05'), 1], [T('10:06'), 2]]);
  });

  test('the same results always give the same datapoints (a duplicated run publishes identical values)', () => {
    const results = [[{ Id: 's0', Timestamps: [at('10:07')], Values: [0.9] }]];
    expect(signalDatapoints([p99Signal], mergeSeries(results), window)).toEqual(signalDatapoints([p99Signal], mergeSeries(results), window));
  });

  test('buildQueries joins every signal\'s queries for one call', () => {
    expect(buildQueries([p99Signal, rateSignal]).map(q => q.Id)).toEqual(['s0', 's1_r', 's1_e5', 's1']);
  });
});

describe('mirror values', () => {
  test.each<[string | undefined, number, number | undefined]>([
    ['ALARM', 0, 1], ['OK', 0, 0], ['INSUFFICIENT_DATA', 0, 0], ['INSUFFICIENT_DATA', 1, 1], [undefined, 0, undefined], ['BOGUS', 0, undefined],
  ])('state %s (insufficient data as %s) publishes %s', (state, insufficient, expected) => {
    expect(mirrorValue(state, insufficient)).toBe(expected);
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
