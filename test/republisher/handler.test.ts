import {
  CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, GetMetricDataCommandOutput, PutMetricDataCommand, StatusCode,
} from '@aws-sdk/client-cloudwatch';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { AlarmStateEvent, CONFIG_VERSION, RepublisherConfig, TickEvent } from '../../src/model/republisher/config';
import { handler, RunLog } from '../../src/republisher/republisher.lambda';

const cw = mockClient(CloudWatchClient);
const ssm = mockClient(SSMClient);
const T = (hhmm: string) => new Date(`2026-11-24T${hhmm}Z`);
const DIMS = [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }];
const HEARTBEAT = { MetricName: 'RepublisherHeartbeat', Dimensions: [{ Name: 'FunctionName', Value: 'fn' }] };
const NS = 'ActiveActiveFailover';
const EVACUATION_NS = 'ActiveActiveFailover/Evacuation';

const config: RepublisherConfig = {
  namespace: NS,
  windowMinutes: 5,
  signals: [{
    metric: { MetricName: 'LatencyP99', Dimensions: DIMS },
    // 2 of 3 minutes above 1 s; recovers at the first minute at or below 0.5 s.
    rule: { threshold: 1, comparison: 'GreaterThanThreshold', datapointsToAlarm: 2, evaluationPeriods: 3, recoveryThreshold: 0.5, recoveryPeriods: 1, recoverySettleMinutes: 0 },
    valueId: 's0',
    presenceIds: ['s0'],
    queries: [{ Id: 's0', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [] }, Period: 60, Stat: 'p99' } }],
  }],
  mirrors: [],
  switches: [],
  heartbeat: HEARTBEAT,
};
const tick = (c: Partial<RepublisherConfig> = {}): TickEvent => ({ kind: 'tick', version: CONFIG_VERSION, config: { ...config, ...c } });
const mirrors = [
  { alarmName: 'slow', metric: { MetricName: 'Slow', Dimensions: DIMS }, insufficientDataValue: 0 },
  { alarmName: 'either', metric: { MetricName: 'Either', Dimensions: DIMS }, insufficientDataValue: 1 },
];
const switches = ['us-east-1', 'eu-west-1'].map(region => ({
  parameterName: `/aaf/Api/${region}/evacuated`, namespace: EVACUATION_NS, metric: { MetricName: 'Evacuated', Dimensions: [{ Name: 'Region', Value: region }] },
}));
const datum = (metric: { MetricName: string; Dimensions: object[] }, hhmm: string, Value: number) =>
  ({ ...metric, Timestamp: T(hhmm), Value, StorageResolution: 60 });
const verdictAt = (hhmm: string, value: number) => datum(config.signals[0].metric, hhmm, value);
const heartbeatAt = (hhmm: string) => datum(HEARTBEAT, hhmm, 1);
/** A GetMetricData response with the p99 of the given minutes. */
const p99 = (points: Record<string, number>, extra: Partial<GetMetricDataCommandOutput> = {}, status: StatusCode = 'Complete'): GetMetricDataCommandOutput => ({
  $metadata: {},
  MetricDataResults: [{ Id: 's0', StatusCode: status, Timestamps: Object.keys(points).map(T), Values: Object.values(points) }],
  ...extra,
});
const puts = () => cw.commandCalls(PutMetricDataCommand).map(c => c.args[0].input);
const published = () => puts().flatMap(p => p.MetricData ?? []);
let logSpy: jest.SpyInstance;
const lastLog = (): RunLog => JSON.parse(logSpy.mock.calls.at(-1)[0]);
const at = (iso: string) => jest.setSystemTime(T(iso));

beforeEach(() => {
  cw.reset();
  ssm.reset();
  cw.on(PutMetricDataCommand).resolves({});
  jest.useFakeTimers({ now: T('10:10:30'), doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('verdicts', () => {
  test('one GetMetricData call over the window; each verdict at the run\'s minute, with the heartbeat in the same call', async () => {
    cw.on(GetMetricDataCommand).resolves(p99({ '10:07': 2.4, '10:08': 0.8, '10:09': 1.5 }));
    await expect(handler(tick())).resolves.toEqual({ published: 1 });
    const get = cw.commandCalls(GetMetricDataCommand);
    expect(get).toHaveLength(1);
    expect(get[0].args[0].input).toEqual({
      StartTime: T('10:05'), EndTime: T('10:10'), MetricDataQueries: config.signals[0].queries, ScanBy: 'TimestampAscending', NextToken: undefined,
    });
    expect(puts()).toEqual([{ Namespace: NS, MetricData: [verdictAt('10:10', 1), heartbeatAt('10:10')] }]);
  });

  test.each<[string, Record<string, number>, number]>([
    ['2 of the last 3 minutes breach (M of N)', { '10:06': 0.2, '10:07': 2.4, '10:09': 1.5 }, 1],
    ['1 of the last 3 minutes breaches', { '10:07': 0.2, '10:08': 0.3, '10:09': 1.5 }, 0],
    ['in the hysteresis band after an incident', { '10:06': 2, '10:07': 2, '10:08': 0.8, '10:09': 0.7 }, 1],
    ['no data in the window', {}, 0],
  ])('%s: verdict %s', async (_name, points, expected) => {
    cw.on(GetMetricDataCommand).resolves(p99(points));
    await handler(tick());
    expect(published()[0]).toEqual(verdictAt('10:10', expected));
    expect(lastLog().verdicts).toEqual([
      { signal: 'LatencyP99', dimensions: 'Failover=Api,Region=us-east-1', verdict: expected, minutesWithData: Object.keys(points).length },
    ]);
  });

  test('a late minute counts as soon as it arrives: the next run reads the window again', async () => {
    cw.on(GetMetricDataCommand).resolvesOnce(p99({ '10:08': 2.4 })).resolvesOnce(p99({ '10:08': 2.4, '10:09': 1.5 }));
    await handler(tick());
    at('10:11:20');
    await handler(tick());
    expect(published().filter(d => d.MetricName === 'LatencyP99')).toEqual([verdictAt('10:10', 0), verdictAt('10:11', 1)]);
  });

  test('an early overstatement is corrected by the next run, which reads the minute again, complete', async () => {
    cw.on(GetMetricDataCommand).resolvesOnce(p99({ '10:08': 1.2, '10:09': 4 })).resolvesOnce(p99({ '10:08': 1.2, '10:09': 0.4 }));
    await handler(tick());
    at('10:11:05');
    await handler(tick());
    expect(published().filter(d => d.MetricName === 'LatencyP99')).toEqual([verdictAt('10:10', 1), verdictAt('10:11', 0)]);
  });

  test('a duplicated run in the same minute publishes exactly the same datapoints', async () => {
    cw.on(GetMetricDataCommand).resolves(p99({ '10:08': 2, '10:09': 3 }));
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'slow', StateValue: 'ALARM' }] });
    await handler(tick({ mirrors }));
    at('10:10:58');
    await handler(tick({ mirrors }));
    const [first, second] = puts();
    expect(first.MetricData).toHaveLength(3);
    expect(second).toEqual(first);
  });
});

describe('GetMetricData status codes and pages', () => {
  test('PartialData with a NextToken: reads the next page and merges the results', async () => {
    cw.on(GetMetricDataCommand)
      .resolvesOnce(p99({ '10:07': 2 }, { NextToken: 'page2' }, 'PartialData'))
      .resolvesOnce(p99({ '10:08': 3 }));
    await expect(handler(tick())).resolves.toEqual({ published: 1 });
    expect(cw.commandCalls(GetMetricDataCommand).map(c => c.args[0].input.NextToken)).toEqual([undefined, 'page2']);
    expect(published()).toEqual([verdictAt('10:10', 1), heartbeatAt('10:10')]);
    expect(lastLog()).toMatchObject({ metricDataPages: 2, retries: 0, warnings: [] });
  });

  test('InternalError, then Complete: the call is made again from its first page, within the run', async () => {
    cw.on(GetMetricDataCommand)
      .resolvesOnce(p99({ '10:07': 2 }, { NextToken: 'page2' }))
      .resolvesOnce(p99({}, {}, 'InternalError'))
      .resolves(p99({ '10:07': 2, '10:08': 2 }));
    const run = handler(tick());
    await jest.advanceTimersByTimeAsync(250);
    await expect(run).resolves.toEqual({ published: 1 });
    expect(cw.commandCalls(GetMetricDataCommand).map(c => c.args[0].input.NextToken)).toEqual([undefined, 'page2', undefined]);
    expect(published()).toEqual([verdictAt('10:10', 1), heartbeatAt('10:10')]);
    expect(lastLog()).toMatchObject({ outcome: 'ok', retries: 1, metricDataPages: 3, heartbeat: true, durationMs: 250 });
  });

  test('InternalError that persists: 2 retries, then the run fails loudly, without verdicts or heartbeat', async () => {
    cw.on(GetMetricDataCommand).resolves(p99({}, { Messages: [{ Code: 'InternalError', Value: 'try again' }] }, 'InternalError'));
    const run = expect(handler(tick())).rejects.toThrow(
      '[AAF-REPUBLISHER-METRIC-DATA-INTERNAL] GetMetricData returned StatusCode InternalError for queries s0 in 3 attempts, expected Complete. '
      + 'Messages: [{"code":"InternalError","value":"try again"}]. No verdict is published this run: the signals\' health checks keep their last '
      + 'status until a run succeeds. The next run tries again.');
    await jest.advanceTimersByTimeAsync(750);
    await run;
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(3);
    expect(cw.commandCalls(PutMetricDataCommand)).toHaveLength(0);
    expect(lastLog()).toMatchObject({ outcome: 'failed', retries: 2, heartbeat: false, errors: [{ step: 'GetMetricData', id: 'AAF-REPUBLISHER-METRIC-DATA-INTERNAL' }] });
  });

  test('Forbidden: fails at once, with the messages', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: 's0', StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'cross-account' }] }],
    });
    await expect(handler(tick())).rejects.toThrow('[AAF-REPUBLISHER-METRIC-DATA-FORBIDDEN] GetMetricData returned StatusCode Forbidden '
      + 'for queries s0, expected Complete: the function may not read these metrics. Messages: [{"query":"s0","code":"Forbidden","value":"cross-account"}].');
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(1);
    expect(lastLog()).toMatchObject({ retries: 0, messages: [{ query: 's0', code: 'Forbidden', value: 'cross-account' }] });
  });

  test('a NextToken that never ends: at most 20 pages, then the run fails', async () => {
    cw.on(GetMetricDataCommand).resolves(p99({ '10:07': 2 }, { NextToken: 'again' }, 'PartialData'));
    await expect(handler(tick())).rejects.toThrow('[AAF-REPUBLISHER-METRIC-DATA-PAGES] GetMetricData still returned a NextToken after 20 pages, '
      + 'expected the 5 minutes of 1 queries in far fewer');
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(20);
    expect(cw.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });

  test('CloudWatch throttles: the run fails, publishing nothing (the next run reads the window again)', async () => {
    cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(handler(tick())).rejects.toThrow('Rate exceeded');
    expect(cw.commandCalls(PutMetricDataCommand)).toHaveLength(0);
    expect(lastLog().errors).toEqual([{ step: 'GetMetricData', name: 'ThrottlingException', message: 'Rate exceeded' }]);
  });
});

describe('malformed GetMetricData responses', () => {
  const MALFORMED = '[AAF-REPUBLISHER-METRIC-DATA-MALFORMED] GetMetricData\'s page 1 cannot be read: ';
  test.each<[string, unknown, string]>([
    ['the response is missing', undefined, 'the response must be an object, got: nothing (the field is missing)'],
    ['MetricDataResults is missing', { $metadata: {} }, '\'MetricDataResults\' must be a list, got: nothing (the field is missing)'],
    ['MetricDataResults is not a list', { MetricDataResults: { Id: 's0' } }, '\'MetricDataResults\' must be a list, got: {"Id":"s0"}'],
    ['a result is null', { MetricDataResults: [null] }, '\'MetricDataResults[0]\' must be an object, got: null'],
    ['a result has no Id', { MetricDataResults: [{ Timestamps: [], Values: [] }] }, '\'MetricDataResults[0].Id\' must be a query id, got: nothing'],
    ['Timestamps and Values differ in length', { MetricDataResults: [{ Id: 's0', Timestamps: [T('10:07'), T('10:08')], Values: [2] }] },
      '\'MetricDataResults[0]\' must have as many Timestamps as Values, got: 2 Timestamps and 1 Values'],
    ['Values is not a list', { MetricDataResults: [{ Id: 's0', Timestamps: [T('10:07')], Values: 2 }] },
      '\'MetricDataResults[0].Timestamps\' and \'MetricDataResults[0].Values\' must be lists, got: ["2026-11-24T10:07:00.000Z"] and 2'],
    ['a value is a string', { MetricDataResults: [{ Id: 's0', Timestamps: [T('10:07')], Values: ['2'] }] }, '\'MetricDataResults[0].Values[0]\' must be a number, got: "2"'],
    ['a timestamp is not a time', { MetricDataResults: [{ Id: 's0', Timestamps: [new Date('soon')], Values: [2] }] },
      '\'MetricDataResults[0].Timestamps[0]\' must be a time, got: null'],
    ['a NextToken is not a string', { ...p99({ '10:07': 2 }), NextToken: 7 }, '\'NextToken\' must be a string, got: 7'],
    ['the call\'s messages are not a list', { ...p99({ '10:07': 2 }), Messages: 'oops' }, '\'Messages\' must be a list of messages'],
  ])('fails if %s: no verdict, no heartbeat, the run fails with the id', async (_name, response, problem) => {
    cw.on(GetMetricDataCommand).resolves(response as GetMetricDataCommandOutput);
    await expect(handler(tick())).rejects.toThrow(`${MALFORMED}${problem}`);
    await expect(handler(tick())).rejects.toThrow(/Fix: check what answers the function's CloudWatch calls/);
    expect(cw.commandCalls(PutMetricDataCommand)).toHaveLength(0);
    expect(lastLog()).toMatchObject({ outcome: 'failed', heartbeat: false, errors: [{ step: 'GetMetricData', id: 'AAF-REPUBLISHER-METRIC-DATA-MALFORMED', name: 'Error' }] });
  });

  test('values that are not finite are left out, with a warning; the others decide the verdict', async () => {
    cw.on(GetMetricDataCommand).resolves(p99({ '10:07': 2, '10:08': NaN, '10:09': 2 }));
    await expect(handler(tick())).resolves.toEqual({ published: 1 });
    expect(published()).toEqual([verdictAt('10:10', 1), heartbeatAt('10:10')]);
    expect(lastLog().warnings).toEqual(['s0: 1 value(s) not finite (NaN or Infinity), left out']);
  });

  test('timestamps outside the window (or off the minute) are left out, with a warning', async () => {
    // Only 10:07 breaches inside the window (1 of 3 minutes): counting 10:07:30 or 10:10 would make it unhealthy.
    cw.on(GetMetricDataCommand).resolves(p99({ '10:07': 2, '10:07:30': 2, '10:10': 2, '10:08': 0.2 }));
    await expect(handler(tick())).resolves.toEqual({ published: 1 });
    expect(published()).toEqual([verdictAt('10:10', 0), heartbeatAt('10:10')]);
    expect(lastLog().warnings).toEqual(['s0: 2 timestamp(s) not the start of a minute of the window, left out']);
  });

  test.each(['Throttled', '__proto__', 'constructor'])('an unknown StatusCode (%s): its data is used, with a warning', async (status) => {
    cw.on(GetMetricDataCommand).resolves(p99({ '10:07': 2, '10:08': 2 }, {}, status as StatusCode));
    await expect(handler(tick())).resolves.toEqual({ published: 1 });
    expect(published()).toEqual([verdictAt('10:10', 1), heartbeatAt('10:10')]);
    expect(lastLog().warnings).toEqual([`unknown StatusCode ${JSON.stringify(status)} for s0: its data is used as returned`]);
  });
});

describe('mirrors', () => {
  test('every alarm\'s state at the run\'s minute: ALARM 1, OK 0, INSUFFICIENT_DATA as configured', async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: 'slow', StateValue: 'ALARM' }],
      CompositeAlarms: [{ AlarmName: 'either', StateValue: 'INSUFFICIENT_DATA' }],
    });
    await expect(handler(tick({ signals: [], mirrors }))).resolves.toEqual({ published: 2 });
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
    expect(cw.commandCalls(DescribeAlarmsCommand)[0].args[0].input).toEqual({
      AlarmNames: ['slow', 'either'], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100,
    });
    expect(published()).toEqual([datum(mirrors[0].metric, '10:10', 1), datum(mirrors[1].metric, '10:10', 1), heartbeatAt('10:10')]);
  });

  test('a deleted mirrored alarm publishes nothing for it, and the log says so', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'slow', StateValue: 'OK' }] });
    await expect(handler(tick({ signals: [], mirrors }))).resolves.toEqual({ published: 1 });
    expect(lastLog()).toMatchObject({
      outcome: 'ok',
      heartbeat: true,
      mirrors: [{ alarmName: 'slow', state: 'OK', value: 0 }],
      skipped: [{ item: 'alarm either', reason: 'alarm not found (deleted, renamed, or not readable by the function)' }],
    });
  });

  test('DescribeAlarms fails: the verdicts are still published, without the heartbeat, and the run fails', async () => {
    cw.on(GetMetricDataCommand).resolves(p99({ '10:08': 2, '10:09': 3 }));
    cw.on(DescribeAlarmsCommand).rejects(new Error('AccessDenied'));
    await expect(handler(tick({ mirrors }))).rejects.toThrow('AccessDenied');
    expect(published()).toEqual([verdictAt('10:10', 1)]);
    expect(lastLog()).toMatchObject({ outcome: 'failed', heartbeat: false, published: 1, errors: [{ step: 'DescribeAlarms', message: 'AccessDenied' }] });
  });

  test('600 alarms: DescribeAlarms by 100, PutMetricData by 500 (the heartbeat in the last call)', async () => {
    const many = Array.from({ length: 600 }, (_, i) => ({ ...mirrors[0], alarmName: `a${i}` }));
    cw.on(DescribeAlarmsCommand).callsFake(input => ({ MetricAlarms: input.AlarmNames.map((AlarmName: string) => ({ AlarmName, StateValue: 'OK' })) }));
    await expect(handler(tick({ signals: [], mirrors: many }))).resolves.toEqual({ published: 600 });
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(6);
    expect(puts().map(p => p.MetricData!.length)).toEqual([500, 101]);
    expect(puts()[1].MetricData!.at(-1)).toEqual(heartbeatAt('10:10'));
  });

  test('an alarm state change publishes that alarm\'s value at once, at the event\'s minute', async () => {
    const event: AlarmStateEvent = { kind: 'alarmState', version: CONFIG_VERSION, time: '2026-11-24T10:03:17Z', alarmName: 'slow', state: 'ALARM', config: { ...config, mirrors } };
    await expect(handler(event)).resolves.toEqual({ published: 1 });
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
    expect(puts()).toEqual([{ Namespace: NS, MetricData: [datum(mirrors[0].metric, '10:03', 1)] }]);
    expect(lastLog()).toMatchObject({ kind: 'alarmState', runMinute: '2026-11-24T10:03:00.000Z', mirrors: [{ alarmName: 'slow', state: 'ALARM', value: 1 }] });
  });

  test('a state change of an alarm this republisher does not mirror publishes nothing, and says why', async () => {
    const event: AlarmStateEvent = { kind: 'alarmState', version: CONFIG_VERSION, time: '2026-11-24T10:03:17Z', alarmName: 'other', state: 'ALARM', config: { ...config, mirrors } };
    await expect(handler(event)).resolves.toEqual({ published: 0 });
    expect(cw.commandCalls(PutMetricDataCommand)).toHaveLength(0);
    expect(lastLog().skipped).toEqual([{ item: 'alarm other', reason: 'not mirrored by this republisher' }]);
  });
});

describe('switches', () => {
  const parameters = (values: Record<string, string>) => ssm.on(GetParametersCommand).resolves({
    Parameters: Object.entries(values).map(([region, Value]) => ({ Name: `/aaf/Api/${region}/evacuated`, Value })),
    InvalidParameters: switches.map(s => s.parameterName).filter(name => !Object.keys(values).some(r => name.includes(r))),
  });

  test('an evacuated switch (\'1\') is published every minute, to its namespace; an absent parameter is skipped', async () => {
    parameters({ 'us-east-1': '1' });
    await expect(handler(tick({ signals: [], switches }))).resolves.toEqual({ published: 1 });
    expect(ssm.commandCalls(GetParametersCommand)[0].args[0].input).toEqual({ Names: switches.map(s => s.parameterName) });
    expect(puts()).toEqual([
      { Namespace: EVACUATION_NS, MetricData: [datum(switches[0].metric, '10:10', 1)] },
      { Namespace: NS, MetricData: [heartbeatAt('10:10')] },
    ]);
    expect(lastLog()).toMatchObject({
      switches: [{ parameterName: '/aaf/Api/us-east-1/evacuated', value: 1 }],
      skipped: [{ item: 'switch /aaf/Api/eu-west-1/evacuated', reason: 'parameter absent (the switch was never set): its health check keeps its last status' }],
    });
  });

  test('a restored switch (\'0\') is published every 15 minutes', async () => {
    parameters({ 'us-east-1': '0', 'eu-west-1': '0' });
    await handler(tick({ signals: [], switches }));
    expect(puts()).toEqual([{ Namespace: NS, MetricData: [heartbeatAt('10:10')] }]);
    at('10:15:02');
    await handler(tick({ signals: [], switches }));
    expect(puts()[1]).toEqual({ Namespace: EVACUATION_NS, MetricData: [datum(switches[0].metric, '10:15', 0), datum(switches[1].metric, '10:15', 0)] });
  });

  test('GetParameters takes 10 names a call', async () => {
    const twelve = Array.from({ length: 12 }, (_, i) => ({ ...switches[0], parameterName: `/aaf/p${i}` }));
    ssm.on(GetParametersCommand).resolves({});
    await handler(tick({ signals: [], switches: twelve }));
    expect(ssm.commandCalls(GetParametersCommand).map(c => c.args[0].input.Names!.length)).toEqual([10, 2]);
  });

  test('GetParameters fails: no heartbeat, and the run fails', async () => {
    ssm.on(GetParametersCommand).rejects(new Error('ParameterStore down'));
    await expect(handler(tick({ signals: [], switches }))).rejects.toThrow('ParameterStore down');
    expect(puts()).toEqual([]);
  });
});

describe('heartbeat and log line', () => {
  test('one JSON line per run, with everything it did', async () => {
    cw.on(GetMetricDataCommand).resolves(p99({ '10:08': 2, '10:09': 3 }, { Messages: [{ Code: 'Info', Value: 'note' }] }));
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'slow', StateValue: 'OK' }] });
    ssm.on(GetParametersCommand).resolves({ Parameters: [{ Name: switches[1].parameterName, Value: '1' }] });
    await handler(tick({ mirrors, switches }));
    expect(logSpy).toHaveBeenCalledTimes(1);
    expect(lastLog()).toEqual({
      logType: 'republisherRun',
      kind: 'tick',
      runMinute: '2026-11-24T10:10:00.000Z',
      outcome: 'ok',
      published: 3,
      heartbeat: true,
      verdicts: [{ signal: 'LatencyP99', dimensions: 'Failover=Api,Region=us-east-1', verdict: 1, minutesWithData: 2 }],
      mirrors: [{ alarmName: 'slow', state: 'OK', value: 0 }],
      switches: [{ parameterName: '/aaf/Api/eu-west-1/evacuated', value: 1 }],
      skipped: [
        { item: 'alarm either', reason: 'alarm not found (deleted, renamed, or not readable by the function)' },
        { item: 'switch /aaf/Api/us-east-1/evacuated', reason: 'parameter absent (the switch was never set): its health check keeps its last status' },
      ],
      metricDataPages: 1,
      retries: 0,
      messages: [{ code: 'Info', value: 'note' }],
      warnings: [],
      errors: [],
      durationMs: 0,
    });
  });

  test('PutMetricData fails: the run fails and logs that no heartbeat went out', async () => {
    cw.on(GetMetricDataCommand).resolves(p99({ '10:09': 2 }));
    cw.on(PutMetricDataCommand).rejects(new Error('AccessDenied'));
    await expect(handler(tick())).rejects.toThrow('AccessDenied');
    expect(lastLog()).toMatchObject({ outcome: 'failed', heartbeat: false, published: 0, errors: [{ step: 'PutMetricData', name: 'Error', message: 'AccessDenied' }] });
  });

  test('a switch\'s PutMetricData fails: the verdicts still go out, without the heartbeat', async () => {
    cw.on(GetMetricDataCommand).resolves(p99({ '10:09': 2 }));
    cw.on(PutMetricDataCommand, { Namespace: EVACUATION_NS }).rejects(new Error('Throttled'));
    ssm.on(GetParametersCommand).resolves({ Parameters: [{ Name: switches[0].parameterName, Value: '1' }] });
    await expect(handler(tick({ switches }))).rejects.toThrow('Throttled');
    expect(puts().at(-1)).toEqual({ Namespace: NS, MetricData: [verdictAt('10:10', 0)] });
  });
});

describe('malformed events', () => {
  test.each<[string, unknown, string]>([
    ['{}', {}, '\'kind\' must be "tick" or "alarmState", got: nothing'],
    ['a raw Scheduled Event', { 'detail-type': 'Scheduled Event', 'source': 'aws.events', 'detail': {} }, 'got a raw EventBridge event (detail-type "Scheduled Event"'],
    ['an unknown kind', { ...tick(), kind: 'tock' }, '\'kind\' must be "tick" or "alarmState", got: "tock"'],
    ['a version 1 tick', { ...tick(), version: 1 }, `'version' must be ${CONFIG_VERSION} (the configuration format this function reads), got: 1`],
    ['a config without its heartbeat', { ...tick(), config: { ...config, heartbeat: undefined } }, '\'config.heartbeat\' must be a metric'],
    ['an alarm state change without mirrors', { kind: 'alarmState', version: CONFIG_VERSION, time: '2026-11-24T10:03:17Z', alarmName: 'slow', state: 'OK', config },
      '\'config.mirrors\' must be at least one mirrored alarm'],
    ['an alarm state change with a bad time', { kind: 'alarmState', version: CONFIG_VERSION, time: 'soon', alarmName: 'slow', state: 'OK', config: { ...config, mirrors } },
      '\'time\' must be an ISO 8601 timestamp (the state change\'s time), got: "soon".'],
  ])('%s: fails with [AAF-REPUBLISHER-EVENT] before any call, and logs it', async (_name, event, message) => {
    await expect(handler(event)).rejects.toThrow(`[AAF-REPUBLISHER-EVENT] ${message}`);
    expect(cw.calls()).toHaveLength(0);
    expect(ssm.calls()).toHaveLength(0);
    expect(lastLog()).toMatchObject({ kind: 'invalid', outcome: 'failed', heartbeat: false, errors: [{ step: 'event', id: 'AAF-REPUBLISHER-EVENT', name: 'Error' }] });
  });
});
