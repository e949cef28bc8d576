import {
  CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { AlarmStateEvent, RepublisherConfig, TickEvent } from '../../src/model/republisher/config';
import { handler } from '../../src/republisher/republisher.lambda';

const cw = mockClient(CloudWatchClient);
const T = (hhmm: string) => new Date(`2026-11-24T${hhmm}Z`);
const DIMS = [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }];

const config: RepublisherConfig = {
  namespace: 'ActiveActiveFailover',
  settleSeconds: 120,
  backfillMinutes: 3,
  signals: [{
    metric: { MetricName: 'LatencyP99', Dimensions: DIMS },
    valueId: 's0',
    presenceIds: ['s0'],
    queries: [{ Id: 's0', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [] }, Period: 60, Stat: 'p99' } }],
  }],
  mirrors: [],
};
const tick = (c: RepublisherConfig = config): TickEvent => ({ kind: 'tick', version: 1, config: c });
const mirrorConfig: RepublisherConfig = {
  ...config,
  signals: [],
  mirrors: [
    { alarmName: 'slow', metric: { MetricName: 'Slow', Dimensions: DIMS }, insufficientDataValue: 0 },
    { alarmName: 'either', metric: { MetricName: 'Either', Dimensions: DIMS }, insufficientDataValue: 1 },
  ],
};

beforeEach(() => {
  cw.reset();
  cw.on(PutMetricDataCommand).resolves({});
  jest.spyOn(Date, 'now').mockReturnValue(T('10:10:30').getTime());
});

afterEach(() => jest.restoreAllMocks());

test('asks for every signal in one call over the settled window, and publishes each minute with data', async () => {
  cw.on(GetMetricDataCommand).resolves({
    MetricDataResults: [{ Id: 's0', StatusCode: 'Complete', Timestamps: [T('10:07'), T('10:05')], Values: [2.4, 0.3] }],
  });
  await expect(handler(tick())).resolves.toEqual({ published: 2 });
  const get = cw.commandCalls(GetMetricDataCommand);
  expect(get).toHaveLength(1);
  expect(get[0].args[0].input).toMatchObject({ StartTime: T('10:05'), EndTime: T('10:08'), MetricDataQueries: config.signals[0].queries });
  const put = cw.commandCalls(PutMetricDataCommand);
  expect(put).toHaveLength(1);
  expect(put[0].args[0].input).toEqual({
    Namespace: 'ActiveActiveFailover',
    MetricData: [
      { MetricName: 'LatencyP99', Dimensions: DIMS, Timestamp: T('10:05'), Value: 0.3, StorageResolution: 60 },
      { MetricName: 'LatencyP99', Dimensions: DIMS, Timestamp: T('10:07'), Value: 2.4, StorageResolution: 60 },
    ],
  });
});

test('a duplicated run in the same minute publishes exactly the same datapoints', async () => {
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 's0', Timestamps: [T('10:06')], Values: [0.5] }] });
  await handler(tick());
  jest.spyOn(Date, 'now').mockReturnValue(T('10:10:58').getTime());
  await handler(tick());
  const [first, second] = cw.commandCalls(PutMetricDataCommand).map(c => c.args[0].input);
  expect(second).toEqual(first);
});

test('follows NextToken and merges partial results', async () => {
  cw.on(GetMetricDataCommand)
    .resolvesOnce({ MetricDataResults: [{ Id: 's0', StatusCode: 'PartialData', Timestamps: [T('10:05')], Values: [1] }], NextToken: 'page2' })
    .resolvesOnce({ MetricDataResults: [{ Id: 's0', StatusCode: 'Complete', Timestamps: [T('10:06')], Values: [2] }] });
  await expect(handler(tick())).resolves.toEqual({ published: 2 });
  const calls = cw.commandCalls(GetMetricDataCommand);
  expect(calls.map(c => c.args[0].input.NextToken)).toEqual([undefined, 'page2']);
});

test('publishes nothing, and makes nothing up, when the metric has no data', async () => {
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 's0', StatusCode: 'Complete', Timestamps: [], Values: [] }] });
  await expect(handler(tick())).resolves.toEqual({ published: 0 });
  expect(cw.commandCalls(PutMetricDataCommand)).toHaveLength(0);
});

test('fails when CloudWatch throttles, publishing nothing (the next run repairs the minutes)', async () => {
  cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
  await expect(handler(tick())).rejects.toThrow('Rate exceeded');
  expect(cw.commandCalls(PutMetricDataCommand)).toHaveLength(0);
});

test('fails when PutMetricData fails', async () => {
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 's0', Timestamps: [T('10:06')], Values: [2] }] });
  cw.on(PutMetricDataCommand).rejects(new Error('AccessDenied'));
  await expect(handler(tick())).rejects.toThrow('AccessDenied');
});

test('splits more than 500 datapoints into several PutMetricData calls', async () => {
  const many: RepublisherConfig = {
    ...config,
    backfillMinutes: 60,
    signals: Array.from({ length: 10 }, (_, i) => ({ ...config.signals[0], valueId: `s${i}`, presenceIds: [`s${i}`], queries: [{ ...config.signals[0].queries[0], Id: `s${i}` }] })),
  };
  const minutes = Array.from({ length: 60 }, (_, i) => new Date(T('09:08').getTime() + i * 60_000));
  cw.on(GetMetricDataCommand).resolves({
    MetricDataResults: many.signals.map(s => ({ Id: s.valueId, Timestamps: minutes, Values: minutes.map(() => 1) })),
  });
  await expect(handler(tick(many))).resolves.toEqual({ published: 600 });
  expect(cw.commandCalls(PutMetricDataCommand).map(c => c.args[0].input.MetricData!.length)).toEqual([500, 100]);
});

test('mirrors every alarm\'s state at the current minute: ALARM 1, OK 0, INSUFFICIENT_DATA as configured', async () => {
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [{ AlarmName: 'slow', StateValue: 'ALARM' }],
    CompositeAlarms: [{ AlarmName: 'either', StateValue: 'INSUFFICIENT_DATA' }],
  });
  await expect(handler(tick(mirrorConfig))).resolves.toEqual({ published: 2 });
  expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  expect(cw.commandCalls(DescribeAlarmsCommand)[0].args[0].input).toEqual({
    AlarmNames: ['slow', 'either'], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100,
  });
  expect(cw.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData).toEqual([
    { MetricName: 'Slow', Dimensions: DIMS, Timestamp: T('10:10'), Value: 1, StorageResolution: 60 },
    { MetricName: 'Either', Dimensions: DIMS, Timestamp: T('10:10'), Value: 1, StorageResolution: 60 },
  ]);
});

test('a deleted mirrored alarm publishes nothing for it', async () => {
  cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'slow', StateValue: 'OK' }] });
  await expect(handler(tick(mirrorConfig))).resolves.toEqual({ published: 1 });
});

test('an alarm state change publishes that alarm\'s value at once, at the event\'s minute', async () => {
  const event: AlarmStateEvent = { kind: 'alarmState', version: 1, time: '2026-11-24T10:03:17Z', alarmName: 'slow', state: 'ALARM', config: mirrorConfig };
  await expect(handler(event)).resolves.toEqual({ published: 1 });
  expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
  expect(cw.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData).toEqual([
    { MetricName: 'Slow', Dimensions: DIMS, Timestamp: T('10:03'), Value: 1, StorageResolution: 60 },
  ]);
});

test('an alarm state change with a bad time fails', async () => {
  const event: AlarmStateEvent = { kind: 'alarmState', version: 1, time: 'soon', alarmName: 'slow', state: 'ALARM', config: mirrorConfig };
  await expect(handler(event)).rejects.toThrow('event time must be an ISO 8601 timestamp, got: "soon"');
});
